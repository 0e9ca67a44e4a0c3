import { describe, expect, it } from 'vitest';
import { communeName, countryName } from './place-names.ts';

describe('place names from INSEE codes', () => {
  it('names communes from the maintained dataset, including overseas and merged ones', async () => {
    expect(await communeName('75056')).toBe('Paris');
    expect(await communeName('59350')).toBe('Lille');
    expect(await communeName('97411')).toBe('Saint-Denis');
    expect(await communeName('87085')).toBe('Limoges');
    expect(await communeName('00000')).toBeUndefined();
  });

  it('names countries in the page language', () => {
    expect(countryName('99341', 'fr')).toBe('Sénégal');
    expect(countryName('99341', 'en')).toBe('Senegal');
    expect(countryName('99341', 'de')).toBe('Senegal');
    expect(countryName('99341', 'ar')).toBe('السنغال');
    expect(countryName('99100', 'es')).toBe('Francia');
    expect(countryName('99350', 'fr')).toBe('Maroc');
    expect(countryName('99999', 'fr')).toBeUndefined();
  });
});
