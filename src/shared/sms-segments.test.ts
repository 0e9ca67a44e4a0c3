import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countSmsSegments, foldToGsm7, isGsm7, maxSmsSegments, prepareSmsText } from './sms-segments.ts';

describe('SMS segment counting', () => {
  it.each([
    ['an empty text', '', 'gsm7', 0, 1],
    ['160 plain characters: one segment', 'a'.repeat(160), 'gsm7', 160, 1],
    ['161 plain characters: two segments of 153', 'a'.repeat(161), 'gsm7', 161, 2],
    ['306 plain characters: still two', 'a'.repeat(306), 'gsm7', 306, 2],
    ['307 plain characters: three', 'a'.repeat(307), 'gsm7', 307, 3],
    ['80 euro signs: each is an escape plus a septet', '€'.repeat(80), 'gsm7', 160, 1],
    ['81 euro signs: over 160 septets', '€'.repeat(81), 'gsm7', 162, 2],
    ['70 UCS-2 characters: one segment', 'ê'.repeat(70), 'ucs2', 70, 1],
    ['71 UCS-2 characters: two segments of 67', 'ê'.repeat(71), 'ucs2', 71, 2],
    ['an emoji takes two UTF-16 units', '👍', 'ucs2', 2, 1],
  ])('%s', (_name, text, encoding, units, segments) => {
    expect(countSmsSegments(text)).toMatchObject({ encoding, units, segments });
  });

  it('counts every extension character double: ^ { } \\ [ ~ ] | €', () => {
    for (const character of '^{}\\[~]|€') {
      expect(countSmsSegments(character)).toMatchObject({ encoding: 'gsm7', units: 2 });
    }
  });

  it('never cuts an escape sequence across two segments', () => {
    // 152 plain septets then "€": 154 septets, the escape pair cannot start at 153 of the first part.
    const text = `${'a'.repeat(152)}€${'a'.repeat(10)}`;
    expect(countSmsSegments(text)).toMatchObject({ units: 164, segments: 2, remaining: 153 - 12 });
    const tight = `${'a'.repeat(152)}€${'a'.repeat(152)}`;
    expect(countSmsSegments(tight)).toMatchObject({ units: 306, segments: 3 });
  });

  it('never cuts an emoji across two segments', () => {
    const text = `${'ê'.repeat(66)}👍${'ê'.repeat(10)}`;
    expect(countSmsSegments(text)).toMatchObject({ encoding: 'ucs2', units: 78, segments: 2 });
    expect(countSmsSegments(`${'ê'.repeat(66)}👍${'ê'.repeat(66)}`).segments).toBe(3);
  });

  describe('real messages', () => {
    it('French with the accents GSM-7 has (é è à ù) stays GSM-7', () => {
      const text = 'Guichet : votre code est 481516. Il expire dans 15 minutes. Ne le donnez à personne, y compris à un agent.';
      expect(countSmsSegments(text)).toMatchObject({ encoding: 'gsm7', segments: 1 });
    });

    it('French with ê, ç or a typographic apostrophe needs UCS-2, and folding brings it back to one GSM-7 segment', () => {
      const text =
        'Votre rendez-vous est confirmé. N’oubliez pas votre pièce d’identité ; le guichet ferme à 17 h, merci de votre compréhension et à bientôt, vous êtes attendu.';
      const raw = countSmsSegments(text);
      expect(raw).toMatchObject({ encoding: 'ucs2', segments: 3 });
      const prepared = prepareSmsText(text, { foldAccents: true });
      expect(prepared.text).toBe(
        "Votre rendez-vous est confirmé. N'oubliez pas votre pièce d'identité ; le guichet ferme à 17 h, merci de votre compréhension et à bientot, vous etes attendu.",
      );
      expect(prepared.segments).toMatchObject({ encoding: 'gsm7', segments: 1 });
      expect(prepareSmsText(text, { foldAccents: false }).text).toBe(text);
    });

    it('folds œ, « », the narrow no-break space and the ellipsis', () => {
      expect(foldToGsm7('Cœur « ouvert »\u202F: à bientôt…')).toBe('Coeur " ouvert " : à bientot...');
    });

    it('English is plain GSM-7', () => {
      expect(countSmsSegments('Guichet: your code is 481516. It expires in 15 minutes.')).toMatchObject({ encoding: 'gsm7', segments: 1 });
    });

    it('an emoji keeps the message in UCS-2: folding gives up rather than lose it', () => {
      const text = 'Votre dossier est accepté 🎉';
      expect(foldToGsm7(text)).toBeUndefined();
      expect(prepareSmsText(text, { foldAccents: true })).toMatchObject({ text, segments: { encoding: 'ucs2', units: 28 } });
    });

    it('Arabic is UCS-2 and is never folded', () => {
      const text = 'غيشيه: رمزك هو 481516. تنتهي صلاحيته بعد 15 دقيقة.';
      expect(countSmsSegments(text)).toMatchObject({ encoding: 'ucs2', units: text.length, segments: 1 });
      expect(prepareSmsText(text, { foldAccents: true }).text).toBe(text);
    });

    it(`refuses nothing itself, but reports how far a long text goes past ${maxSmsSegments} segments`, () => {
      expect(countSmsSegments('a'.repeat(153 * 6)).segments).toBe(6);
      expect(countSmsSegments('a'.repeat(153 * 6 + 1)).segments).toBe(7);
      expect(countSmsSegments('ê'.repeat(67 * 6 + 1)).segments).toBe(7);
    });
  });

  describe('properties', () => {
    const gsmCharacters = fc.constantFrom(...'@£$¥èéùìòÇØøÅåΔ_ΦΓ ABCxyz0123456789.,;:!?\'"-+%&()^{}\\[~]|€');
    const anyText = fc.string({ unit: 'grapheme', maxLength: 1200 });

    it('a segment count lies between units / capacity and units / (capacity - 1)', () => {
      fc.assert(
        fc.property(anyText, (text) => {
          const { units, segments, encoding } = countSmsSegments(text);
          const [single, concatenated] = encoding === 'gsm7' ? [160, 153] : [70, 67];
          if (units <= single) return segments === 1;
          return segments >= Math.ceil(units / concatenated) && segments <= Math.ceil(units / (concatenated - 1));
        }),
      );
    });

    it('GSM-7 texts count one septet per character, two for the extension ones', () => {
      fc.assert(
        fc.property(fc.array(gsmCharacters, { maxLength: 800 }), (characters) => {
          const text = characters.join('');
          const extension = characters.filter((character) => '^{}\\[~]|€'.includes(character)).length;
          const counted = countSmsSegments(text);
          return counted.encoding === 'gsm7' && counted.units === characters.length + extension;
        }),
      );
    });

    it('folding yields GSM-7 or nothing, never lengthens a message, and leaves GSM-7 texts as they are', () => {
      fc.assert(
        fc.property(anyText, (text) => {
          const folded = foldToGsm7(text);
          if (folded !== undefined && !isGsm7(folded)) return false;
          if (isGsm7(text) && folded !== text) return false;
          const prepared = prepareSmsText(text, { foldAccents: true });
          return prepared.segments.segments <= countSmsSegments(text).segments;
        }),
      );
    });
  });
});
