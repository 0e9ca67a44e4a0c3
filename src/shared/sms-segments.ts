/**
 * How many SMS a text costs, the way networks count it (3GPP TS 23.038 / 23.040). Shared so the
 * server refuses a message that is too long and the browser can show the count as agents type.
 */

/** GSM 03.38 default alphabet: one septet each. */
const gsmBasic = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);

/** The extension table: an escape septet plus the character, so each counts double. */
const gsmExtension = new Set('^{}\\[~]|€\f');

export type SmsEncoding = 'gsm7' | 'ucs2';

export interface SmsSegments {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) the text takes. */
  units: number;
  segments: number;
  /** Units a segment holds for this text: 160/70 when it fits in one, 153/67 once concatenated. */
  perSegment: number;
  /** Units left in the last segment before another one starts. */
  remaining: number;
}

/** The most segments Guichet sends in one message: beyond that, phones reassemble badly and cost soars. */
export const maxSmsSegments = 6;

const capacity = {
  gsm7: { single: 160, concatenated: 153 },
  ucs2: { single: 70, concatenated: 67 },
} as const;

export function isGsm7(text: string): boolean {
  for (const character of text) {
    if (!gsmBasic.has(character) && !gsmExtension.has(character)) return false;
  }
  return true;
}

/** The cost of each character: septets in GSM-7, UTF-16 code units in UCS-2 (2 for an emoji). */
function characterUnits(text: string, encoding: SmsEncoding): number[] {
  return Array.from(text, (character) => (encoding === 'gsm7' ? (gsmExtension.has(character) ? 2 : 1) : character.length));
}

/**
 * Counts segments as a phone splits them: an escape sequence or a surrogate pair is never cut in
 * two, so a segment may end one unit short of its capacity.
 */
export function countSmsSegments(text: string): SmsSegments {
  const encoding: SmsEncoding = isGsm7(text) ? 'gsm7' : 'ucs2';
  const costs = characterUnits(text, encoding);
  const units = costs.reduce((sum, cost) => sum + cost, 0);
  const { single, concatenated } = capacity[encoding];
  if (units <= single) {
    return { encoding, units, segments: 1, perSegment: single, remaining: single - units };
  }
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > concatenated) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return { encoding, units, segments, perSegment: concatenated, remaining: concatenated - used };
}

/** Typographic signs with a plain GSM-7 look-alike that keeps the meaning. */
const punctuation: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u00AB': '"',
  '\u00BB': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2011': '-',
  '\u2026': '...',
  '\u00A0': ' ',
  '\u202F': ' ',
  '\u2009': ' ',
  '\u0153': 'oe',
  '\u0152': 'OE',
};

/**
 * Folds accents and typographic punctuation to plain GSM-7 ("être" → "etre", "’" → "'"), keeping
 * the accented letters GSM-7 already has (é, è, à, ù…). Returns `undefined` when the text would
 * still need UCS-2 (an emoji, Arabic): folding it would then lose meaning for nothing.
 */
export function foldToGsm7(text: string): string | undefined {
  let folded = '';
  for (const character of text) {
    if (gsmBasic.has(character) || gsmExtension.has(character)) {
      folded += character;
      continue;
    }
    const replacement = punctuation[character] ?? character.normalize('NFD').replace(/\p{Mn}+/gu, '');
    if (!isGsm7(replacement)) return undefined;
    folded += replacement;
  }
  return folded;
}

/**
 * The text to send: folded when asked and when folding makes the message GSM-7 without making
 * it longer; as written otherwise.
 */
export function prepareSmsText(text: string, options: { foldAccents: boolean }): { text: string; segments: SmsSegments } {
  const original = countSmsSegments(text);
  if (!options.foldAccents || original.encoding === 'gsm7') return { text, segments: original };
  const folded = foldToGsm7(text);
  if (folded === undefined) return { text, segments: original };
  const foldedSegments = countSmsSegments(folded);
  return foldedSegments.segments <= original.segments ? { text: folded, segments: foldedSegments } : { text, segments: original };
}
