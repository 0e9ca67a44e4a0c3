import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { frenchSentences, measure, wordCount, type Readability } from './french-readability.ts';

/**
 * `npm run readability`: how easy the French a citizen reads is, in standard and easy-to-read
 * mode (FALC, `locales/fr-easy`), namespace by namespace, printed as a table. It exits non-zero
 * when an easy string has more words than its standard one or a sentence over `longestSentence`
 * words (one idea a sentence), or when a namespace read in easy
 * mode (its easy strings over the standard ones it does not rewrite, as a reader meets it) is
 * over the limits below. The limits come from measurement (see `locales/fr-easy/README.md`): raise the
 * bar when the texts allow it, never lower it to let a long string in.
 */
export const limits = { wordsPerSentence: 6, score: 72, longestSentence: 15 };

/** The agent workspace's and the development tools' strings: staff read them, not citizens. */
export const staffNamespaces: ReadonlySet<string> = new Set([
  'agent',
  'callback-queue',
  'case-handling',
  'citizens',
  'counter',
  'dev-idp',
  'dev-inbox',
]);

type Strings = { [key: string]: string | Strings };

const localesDir = path.resolve(import.meta.dirname, '../locales');

function readStrings(folder: string, namespace: string): Map<string, string> {
  let tree: Strings;
  try {
    tree = JSON.parse(readFileSync(path.join(localesDir, folder, `${namespace}.json`), 'utf8')) as Strings;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  const leaves = new Map<string, string>();
  const visit = (prefix: string, node: Strings) => {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'string') leaves.set(`${prefix}${key}`, value);
      else visit(`${prefix}${key}.`, value);
    }
  };
  visit('', tree);
  return leaves;
}

export interface NamespaceReadability {
  namespace: string;
  strings: number;
  rewritten: number;
  standard: Readability;
  easy: Readability;
  /** Easy strings with more words than their standard one. */
  longer: { key: string; standard: number; easy: number }[];
  /** The longest sentence of the easy strings, in words. */
  longest: { key: string; words: number };
}

/** Every citizen namespace of French, measured in both modes. */
export function citizenReadability(): NamespaceReadability[] {
  const namespaces = readdirSync(path.join(localesDir, 'fr'))
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.replace(/\.json$/, ''))
    .filter((namespace) => !staffNamespaces.has(namespace))
    .sort();
  return namespaces.map((namespace) => {
    const standard = readStrings('fr', namespace);
    const easy = readStrings('fr-easy', namespace);
    const read = new Map([...standard, ...easy]);
    const longer = [...easy]
      .map(([key, text]) => ({ key, standard: wordCount(standard.get(key) ?? ''), easy: wordCount(text) }))
      .filter((counts) => counts.easy > counts.standard);
    const longest = [...easy]
      .map(([key, text]) => ({ key, words: Math.max(0, ...frenchSentences(text).map((sentence) => sentence.length)) }))
      .reduce((most, item) => (item.words > most.words ? item : most), { key: '', words: 0 });
    return {
      namespace,
      strings: standard.size,
      rewritten: [...easy.keys()].filter((key) => standard.has(key)).length,
      standard: measure(standard.values()),
      easy: measure(read.values()),
      longer,
      longest,
    };
  });
}

/** What breaks the limits, one line each; empty when all is well. */
export function readabilityFailures(results: readonly NamespaceReadability[]): string[] {
  return results.flatMap(({ namespace, easy, longer, longest }) => [
    ...longer.map((item) => `fr-easy/${namespace}.json ${item.key}: ${item.easy} words, its standard text has ${item.standard}`),
    ...(longest.words > limits.longestSentence
      ? [`fr-easy/${namespace}.json ${longest.key}: a sentence of ${longest.words} words > ${limits.longestSentence}`]
      : []),
    ...(easy.wordsPerSentence > limits.wordsPerSentence
      ? [`${namespace} in easy mode: ${easy.wordsPerSentence.toFixed(1)} words a sentence > ${limits.wordsPerSentence}`]
      : []),
    ...(easy.score < limits.score ? [`${namespace} in easy mode: Kandel–Moles ${easy.score.toFixed(0)} < ${limits.score}`] : []),
  ]);
}

function table(results: readonly NamespaceReadability[]): string {
  const all = {
    namespace: 'all',
    strings: results.reduce((sum, result) => sum + result.strings, 0),
    rewritten: results.reduce((sum, result) => sum + result.rewritten, 0),
  };
  const rows = [
    ['namespace', 'easy strings', 'words/sentence', '', 'Kandel–Moles', '', 'longest easy'],
    ['', '', 'standard', 'easy', 'standard', 'easy', 'sentence'],
    ...results.map((result) => [
      result.namespace,
      `${result.rewritten}/${result.strings}`,
      result.standard.wordsPerSentence.toFixed(1),
      result.easy.wordsPerSentence.toFixed(1),
      result.standard.score.toFixed(0),
      result.easy.score.toFixed(0),
      String(result.longest.words),
    ]),
    [all.namespace, `${all.rewritten}/${all.strings}`, '', '', '', '', ''],
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  '),
    )
    .join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = citizenReadability();
  console.log(table(results));
  console.log(
    `\nLimits in easy mode: at most ${limits.wordsPerSentence} words a sentence on average and ${limits.longestSentence} in any easy sentence, a Kandel–Moles score of at least ${limits.score}; no easy string longer than its standard one.`,
  );
  const failures = readabilityFailures(results);
  if (failures.length > 0) {
    console.error(`\n${failures.length} readability failure(s):\n${failures.join('\n')}`);
    process.exitCode = 1;
  }
}
