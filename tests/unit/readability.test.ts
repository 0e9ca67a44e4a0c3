import { describe, expect, it } from 'vitest';
import { frenchSentences, frenchSyllables, frenchWords, measure, wordCount } from '../../scripts/french-readability.ts';
import { citizenReadability, limits, readabilityFailures, staffNamespaces, type NamespaceReadability } from '../../scripts/readability.ts';

describe('the French syllable counter', () => {
  it.each([
    ['vous', 1],
    ['bonjour', 2],
    ['demande', 2],
    ['pages', 1],
    ['guichet', 2],
    ['question', 2],
    ['que', 1],
    ['journée', 2],
    ['année', 2],
    ['réunion', 3],
    ['créer', 2],
    ['information', 4],
    ['accessibilité', 6],
    ['téléphone', 3],
    ['rendez-vous', 3],
    ["l'après-midi", 4],
    ['aujourd’hui', 3],
    ['oiseau', 2],
    ['2026', 4],
    ['Guichet', 2],
  ])('%s has %i syllable(s)', (word, syllables) => {
    expect(frenchSyllables(word)).toBe(syllables);
  });
});

describe('sentences and words', () => {
  it('cuts at full stops, question marks and line breaks, and leaves interpolations out', () => {
    expect(frenchSentences('Bonjour,\n\nVotre code est {{code}}. Il expire ? $t(notifications:x.{{y}}) Oui')).toEqual([
      ['Bonjour'],
      ['Votre', 'code', 'est'],
      ['Il', 'expire'],
      ['Oui'],
    ]);
  });

  it('keeps elisions and hyphenated words whole, and counts numbers as words', () => {
    expect(frenchWords('L’agent vient l’après-midi, à 14 h.')).toEqual(['L’agent', 'vient', 'l’après-midi', 'à', '14', 'h']);
    expect(wordCount('Écrivez 10 chiffres, comme 06 12 34 56 78')).toBe(9);
  });

  it('scores a plain sentence higher than a complicated one (Kandel–Moles)', () => {
    const plain = measure(['Un agent vous appelle. Il répond à vos questions.']);
    const complicated = measure(['Conformément à la réglementation, la déclaration d’accessibilité précise les dérogations applicables.']);
    expect(plain.wordsPerSentence).toBe(4.5);
    expect(plain.score).toBeGreaterThan(80);
    expect(complicated.score).toBeLessThan(30);
    expect(plain.score).toBe(207 - 1.015 * plain.wordsPerSentence - 73.6 * plain.syllablesPerWord);
  });
});

describe('the readability check', () => {
  const sample = (
    easy: Partial<NamespaceReadability['easy']>,
    longer: NamespaceReadability['longer'] = [],
    longest = { key: 'lead', words: 5 },
  ): NamespaceReadability => {
    const standard = measure(['Un texte.']);
    return { namespace: 'sample', strings: 1, rewritten: 1, standard, easy: { ...standard, ...easy }, longer, longest };
  };

  it('fails on an easy string longer than its standard one, and on a namespace over the limits', () => {
    expect(readabilityFailures([sample({ wordsPerSentence: 4, score: 90 })])).toEqual([]);
    expect(readabilityFailures([sample({ wordsPerSentence: 4, score: 90 }, [{ key: 'title', standard: 2, easy: 3 }])])).toEqual([
      'fr-easy/sample.json title: 3 words, its standard text has 2',
    ]);
    expect(
      readabilityFailures([sample({ wordsPerSentence: 4, score: 90 }, [], { key: 'lead', words: limits.longestSentence + 1 })]),
    ).toEqual([`fr-easy/sample.json lead: a sentence of ${limits.longestSentence + 1} words > ${limits.longestSentence}`]);
    expect(readabilityFailures([sample({ wordsPerSentence: limits.wordsPerSentence + 1, score: limits.score - 1 })])).toHaveLength(2);
  });

  it('measures every citizen namespace and none of the staff’s', () => {
    const namespaces = citizenReadability().map((result) => result.namespace);
    expect(namespaces).toEqual(expect.arrayContaining(['common', 'procedures', 'notifications', 'accessibility', 'errors']));
    expect(namespaces.filter((namespace) => staffNamespaces.has(namespace))).toEqual([]);
  });
});
