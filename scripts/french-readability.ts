/**
 * How hard a French text is to read: words per sentence and the Kandel–Moles score (1958), the
 * French adaptation of Flesch's reading ease: 207 − 1.015 × words/sentence − 73.6 × syllables/word.
 * About 90–100 reads like a children's book, 60–70 like a newspaper, under 30 like a contract.
 * Used by `scripts/readability.ts` on the strings of `locales/`.
 */

const vowels = 'aeiouyàâäéèêëîïôöûùüÿœæ';
const vowelGroup = new RegExp(`[${vowels}]+`, 'g');

/**
 * Syllables of one French word as it is spoken (not as in verse): each group of vowels is one
 * ("oi", "eau", "ou"…), except that "é" before another vowel starts a new one ("réunion", "créer");
 * the "u" of "qu" is silent ("question"); a final "e" or "es" after a consonant is silent
 * ("demande" is two, "pages" one). A number counts one syllable per digit, as "2026" is four
 * spoken words. Every word is at least one syllable.
 */
export function frenchSyllables(word: string): number {
  const digits = word.replace(/\D/g, '');
  if (digits.length > 0 && !/\p{L}/u.test(word)) return digits.length;
  const text = word
    .toLowerCase()
    // "l'", "d'", "qu'", "jusqu'": the elided word is said with the next one.
    .replace(/^(?:[a-z]|qu|jusqu|lorsqu|puisqu)['’]/, '')
    .replace(/qu(?=[aeiouyàâéèêîô])/g, 'q')
    .replace(/gu(?=[eéèêiy])/g, 'g')
    // A hiatus after "é" ("réunion", "créa"), but "ée" ("journée") stays one sound.
    .replace(/é(?=[aiouyàâèêîô]|e(?!s?$))/g, 'é-');
  const parts = text.split(/[-\s]+/).filter((part) => part.length > 0);
  let count = 0;
  for (const part of parts) {
    let silent = part;
    const groups = part.match(vowelGroup)?.length ?? 0;
    if (groups > 1 && /[^aeiouyàâäéèêëîïôöûùüÿ]es?$/.test(part)) silent = part.replace(/es?$/, '');
    count += silent.match(vowelGroup)?.length ?? 0;
  }
  return Math.max(1, count);
}

/** The words of a text: runs of letters (with inner apostrophes and hyphens) or of digits. */
export function frenchWords(text: string): string[] {
  return text.match(/[\p{L}\d]+(?:['’-][\p{L}\d]+)*/gu) ?? [];
}

/**
 * The sentences of a string as a reader meets them: ended by ". ! ? …" or a line break. A label
 * with no full stop ("Envoyer la demande") is a sentence of its own. Interpolations (`{{name}}`,
 * `$t(…)`) are left out: what they hold is not the string's wording.
 */
export function frenchSentences(text: string): string[][] {
  const plain = text.replace(/\$t\([^)]*\)/g, ' ').replace(/\{\{[^}]*\}\}/g, ' ');
  return plain
    .split(/[.!?…]+(?=\s|$|["»)])|\n+/)
    .map((sentence) => frenchWords(sentence))
    .filter((words) => words.length > 0);
}

export interface Readability {
  sentences: number;
  words: number;
  syllables: number;
  wordsPerSentence: number;
  syllablesPerWord: number;
  /** Kandel–Moles: higher is easier. */
  score: number;
}

/** Measures a set of strings as one text (a namespace as a reader meets it). */
export function measure(texts: Iterable<string>): Readability {
  let sentences = 0;
  let words = 0;
  let syllables = 0;
  for (const text of texts) {
    for (const sentence of frenchSentences(text)) {
      sentences += 1;
      words += sentence.length;
      syllables += sentence.reduce((sum, word) => sum + frenchSyllables(word), 0);
    }
  }
  const wordsPerSentence = sentences === 0 ? 0 : words / sentences;
  const syllablesPerWord = words === 0 ? 0 : syllables / words;
  return {
    sentences,
    words,
    syllables,
    wordsPerSentence,
    syllablesPerWord,
    score: 207 - 1.015 * wordsPerSentence - 73.6 * syllablesPerWord,
  };
}

/** The number of words of a string, interpolations left out (to compare an easy string with its standard one). */
export function wordCount(text: string): number {
  return frenchSentences(text).reduce((sum, sentence) => sum + sentence.length, 0);
}
