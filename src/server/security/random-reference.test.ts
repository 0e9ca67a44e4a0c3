import { describe, expect, it } from 'vitest';
import { callbackReferencePattern } from '../../shared/callback-request.ts';
import { dammCheckDigit, dossierReferencePattern, hasValidCheckDigit } from '../../shared/dossier-reference.ts';
import { newDossierReference, newQuotedReference } from './random-reference.ts';

describe('references citizens quote', () => {
  it('makes dossier references of the known shape, random, with a check digit', () => {
    const made = Array.from({ length: 2000 }, () => newDossierReference(new Date('2026-12-03T10:00:00Z')));
    for (const reference of made) {
      expect(reference).toMatch(dossierReferencePattern);
      expect(reference).toMatch(/^GU-2026-\d{10}$/);
      expect(hasValidCheckDigit(reference)).toBe(true);
    }
    expect(new Set(made).size).toBe(made.length);
    // Not counted: two references in a row are far apart, in no order.
    const numbers = made.map((reference) => Number(reference.slice(8, 17)));
    const steps = numbers.slice(1).map((value, index) => Math.abs(value - (numbers[index] ?? 0)));
    expect(steps.filter((step) => step < 1000).length).toBeLessThan(10);
    expect(new Set(made.map((reference) => reference[8])).size).toBe(10);
  });

  it('catches one wrong digit and two swapped neighbours read out on the phone', () => {
    const reference = newDossierReference(new Date());
    const digits = reference.slice(8);
    for (let index = 0; index < digits.length; index += 1) {
      for (let digit = 0; digit < 10; digit += 1) {
        if (String(digit) === digits[index]) continue;
        const wrong = `${digits.slice(0, index)}${digit}${digits.slice(index + 1)}`;
        expect(hasValidCheckDigit(`GU-2026-${wrong}`), wrong).toBe(false);
      }
      const swapped = `${digits.slice(0, index)}${digits[index + 1] ?? ''}${digits[index] ?? ''}${digits.slice(index + 2)}`;
      if (index < digits.length - 1 && digits[index] !== digits[index + 1]) expect(hasValidCheckDigit(`GU-2026-${swapped}`)).toBe(false);
    }
    expect(dammCheckDigit('572')).toBe(4);
  });

  it('makes call-back and visit references of their known shapes, random', () => {
    const callbacks = Array.from({ length: 2000 }, () => newQuotedReference('RAP'));
    for (const reference of callbacks) expect(reference).toMatch(callbackReferencePattern);
    expect(new Set(callbacks).size).toBe(callbacks.length);
    expect(newQuotedReference('RDV')).toMatch(/^RDV-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });
});
