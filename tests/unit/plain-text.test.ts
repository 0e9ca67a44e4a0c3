import { describe, expect, it } from 'vitest';
import { hasForbiddenCharacter } from '../../src/shared/validation.ts';

describe('free text', () => {
  it('refuses control characters and lone surrogates, keeps every real character', () => {
    for (const text of ['a\u0000b', '\u001b[31m', 'del\u007f', 'half \ud800', 'low \udc00 first', 'end\ud83d']) {
      expect(hasForbiddenCharacter(text, 'multi'), JSON.stringify(text)).toBe(true);
    }
    for (const text of ['Zoé Łukasz', 'مرحبا', '👋🏽 ok', 'l’école', '']) expect(hasForbiddenCharacter(text, 'single'), text).toBe(false);
  });

  it('allows tab and line breaks only in multi-line text', () => {
    expect(hasForbiddenCharacter('one\r\n\ttwo', 'multi')).toBe(false);
    expect(hasForbiddenCharacter('one\ntwo', 'single')).toBe(true);
    expect(hasForbiddenCharacter('one\ttwo', 'single')).toBe(true);
  });
});
