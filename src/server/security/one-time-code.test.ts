import { describe, expect, it } from 'vitest';
import { hashCode, isAllowedDestination, newCode, sameHash } from './one-time-code.ts';

const france = { allowedCountries: ['+33', '+262', '+508', '+590', '+594', '+596', '+681', '+687', '+689'] };

describe('one-time codes', () => {
  it('are six digits, leading zeros kept, and not one value over and over', () => {
    const codes = Array.from({ length: 2000 }, () => newCode());
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    expect(new Set(codes).size).toBeGreaterThan(1990);
    // Every first digit turns up, 0 included: the code is not a number printed without padding.
    expect(new Set(codes.map((code) => code[0])).size).toBe(10);
  });

  it('hash with a salt: the same code under two rows never hashes the same, and never shows in the hash', () => {
    expect(hashCode('row-1', '123456')).toBe(hashCode('row-1', '123456'));
    expect(hashCode('row-1', '123456')).not.toBe(hashCode('row-2', '123456'));
    expect(hashCode('row-1', '123456')).not.toContain('123456');
  });

  it('compare hashes in constant time, and say no to a hash of another length instead of throwing', () => {
    const stored = hashCode('row-1', '123456');
    expect(sameHash(stored, hashCode('row-1', '123456'))).toBe(true);
    expect(sameHash(stored, hashCode('row-1', '123457'))).toBe(false);
    expect(sameHash(stored, stored.slice(1))).toBe(false);
    expect(sameHash(stored, '')).toBe(false);
  });
});

describe('SMS destinations', () => {
  it('take France and its overseas numbers, and nothing else', () => {
    for (const phone of ['+33612345678', '+262692123456', '+590690123456', '+594694123456', '+596696123456', '+687751234', '+689871234']) {
      expect(isAllowedDestination(france, phone), phone).toBe(true);
    }
    // Premium and foreign ranges SMS pumping goes for; +269 is the Comoros (Mayotte dials +262).
    for (const phone of ['+88213212345', '+4915112345678', '+2693212345', '+37125123456']) {
      expect(isAllowedDestination(france, phone), phone).toBe(false);
    }
    expect(isAllowedDestination({ allowedCountries: ['+32'] }, '+33612345678')).toBe(false);
  });
});
