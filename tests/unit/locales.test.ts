import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { callbackTopics, callbackWindows } from '../../src/shared/callback-request.ts';
import { defaultLanguage, languages, type Language } from '../../src/shared/languages.ts';
import { service } from '../../src/shared/service.ts';

const root = path.resolve(import.meta.dirname, '../..');
const localesDir = path.join(root, 'locales');

type Strings = { [key: string]: string | Strings };

function readNamespaces(language: string): Record<string, Strings> {
  const folder = path.join(localesDir, language);
  return Object.fromEntries(
    readdirSync(folder)
      .filter((file) => file.endsWith('.json'))
      .map((file) => [file.replace(/\.json$/, ''), JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as Strings]),
  );
}

/** "ns:a.b" → its string, for every leaf of every namespace of a language. */
function flatten(namespaces: Record<string, Strings>): Map<string, string> {
  const leaves = new Map<string, string>();
  const visit = (prefix: string, node: Strings) => {
    for (const [key, value] of Object.entries(node)) {
      const name = prefix.endsWith(':') ? `${prefix}${key}` : `${prefix}.${key}`;
      if (typeof value === 'string') leaves.set(name, value);
      else visit(name, value);
    }
  };
  for (const [namespace, strings] of Object.entries(namespaces)) visit(`${namespace}:`, strings);
  return leaves;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((match) => match[1]).sort();

/** i18next's plural keys: `key_one`, `key_other`, and in Arabic also `_zero`, `_two`, `_few`, `_many`. */
const pluralKey = /^(.+)_(zero|one|two|few|many|other)$/;

/** The plural forms a count from 0 to 1,000 takes in a language: each needs its own string. */
function pluralForms(language: string): string[] {
  const rules = new Intl.PluralRules(language);
  return [...new Set(Array.from({ length: 1001 }, (_, count) => rules.select(count)))];
}

const reference = flatten(readNamespaces(defaultLanguage));
const variants = readdirSync(localesDir)
  .filter((folder) => !(languages as readonly string[]).includes(folder))
  .map((folder) => ({ folder, language: folder.split('-')[0] as Language }));
const others = languages.filter((language) => language !== defaultLanguage);
/** The keys French says in plural forms, without their suffix ("case-handling:list.caption"). */
const pluralGroups = new Set([...reference.keys()].flatMap((key) => pluralKey.exec(key)?.[1] ?? []));
const pluralGroupOf = (key: string) => {
  const group = pluralKey.exec(key)?.[1];
  return group !== undefined && pluralGroups.has(group) ? group : undefined;
};

describe('locales', () => {
  it('has a folder for every language, and variants only of those languages', () => {
    const folders = readdirSync(localesDir);
    expect(folders).toEqual(expect.arrayContaining([...languages]));
    expect(variants.map(({ language }) => language).filter((language) => !languages.includes(language))).toEqual([]);
  });

  it('French, the reference, has strings', () => {
    expect(reference.size).toBeGreaterThan(50);
  });

  describe.each(others)('%s against French', (language) => {
    const strings = flatten(readNamespaces(language));

    it('has the same namespaces', () => {
      expect(Object.keys(readNamespaces(language)).sort()).toEqual(Object.keys(readNamespaces(defaultLanguage)).sort());
    });

    it('misses no key, and has every plural form of the language where French has plurals', () => {
      const expected = [
        ...[...reference.keys()].filter((key) => pluralGroupOf(key) === undefined),
        ...[...pluralGroups].flatMap((group) => pluralForms(language).map((form) => `${group}_${form}`)),
      ];
      expect(expected.filter((key) => !strings.has(key))).toEqual([]);
    });

    it('has no key French lacks, except plural forms of its own', () => {
      const forms = new Intl.PluralRules(language).resolvedOptions().pluralCategories as readonly string[];
      const allowed = (key: string) =>
        reference.has(key) || (pluralGroupOf(key) !== undefined && forms.includes(pluralKey.exec(key)?.[2] ?? ''));
      expect([...strings.keys()].filter((key) => !allowed(key))).toEqual([]);
    });

    it('uses the same {{placeholders}} in each string (a plural form may say its count in words)', () => {
      const differing = [...strings].filter(([key, translated]) => {
        const group = pluralGroupOf(key);
        const french = reference.get(key) ?? (group === undefined ? undefined : reference.get(`${group}_other`));
        if (french === undefined) return false;
        const expected = placeholders(french).filter((name) => group === undefined || name !== 'count');
        const given = placeholders(translated).filter((name) => group === undefined || name !== 'count');
        return given.join() !== expected.join();
      });
      expect(differing.map(([key]) => key)).toEqual([]);
    });
  });

  it.each([...languages, ...variants.map(({ folder }) => folder)])('%s has no empty string', (folder) => {
    const empty = [...flatten(readNamespaces(folder))].filter(([, text]) => text.trim() === '').map(([key]) => key);
    expect(empty).toEqual([]);
  });

  // A variant (easy-read "fr-easy") rewrites some strings of its language and falls back for the rest.
  describe.each(variants)('$folder against $language', ({ folder, language }) => {
    const base = flatten(readNamespaces(language));
    const strings = flatten(readNamespaces(folder));

    it('only rewrites keys its language has', () => {
      expect([...strings.keys()].filter((key) => !base.has(key))).toEqual([]);
    });

    it('keeps the same {{placeholders}}', () => {
      const differing = [...strings].filter(([key, text]) => placeholders(text).join() !== placeholders(base.get(key) ?? '').join());
      expect(differing.map(([key]) => key)).toEqual([]);
    });
  });
});

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

const sources = [...sourceFiles(path.join(root, 'src/app')), ...sourceFiles(path.join(root, 'src/shared'))].map((file) => ({
  file: path.relative(root, file),
  text: readFileSync(file, 'utf8'),
}));

/** A key written out in full: t('ns:key'), or a schema's message 'ns:errors.key'. */
const literalKey = /(?<![\w$])t\(\s*['"]([a-z_]+:[\w.]+)['"]|['"]([a-z_]+:(?:[\w]+\.)*errors\.[\w]+)['"]/g;
/** A key built at run time, t(`ns:topic.options.${topic}`): its fixed part must be a group of strings. */
const templateKey = /(?<![\w$])t\(\s*`([a-z_]+:[\w.]*?)\.?\$\{/g;

describe('keys used in the code', () => {
  const used = sources.flatMap(({ file, text }) =>
    [...text.matchAll(literalKey)].map((match) => ({ file, key: match[1] ?? match[2] ?? '' })),
  );

  it('finds the keys (the scanner works)', () => {
    expect(used.map(({ key }) => key)).toEqual(expect.arrayContaining(['common:skip_to_content', 'callback:errors.phone_required']));
  });

  it('exist in French (a key given a count exists in its plural forms, key_one and key_other)', () => {
    const exists = (key: string) => reference.has(key) || (reference.has(`${key}_one`) && reference.has(`${key}_other`));
    expect(used.filter(({ key }) => !exists(key)).map(({ file, key }) => `${file}: ${key}`)).toEqual([]);
  });

  it('built at run time have their group in French', () => {
    const groups = sources.flatMap(({ file, text }) => [...text.matchAll(templateKey)].map((match) => ({ file, prefix: match[1] ?? '' })));
    expect(groups.length).toBeGreaterThan(0);
    const missing = groups.filter(({ prefix }) => {
      const start = prefix.endsWith(':') ? prefix : `${prefix}.`;
      return ![...reference.keys()].some((key) => key.startsWith(start));
    });
    expect(missing.map(({ file, prefix }) => `${file}: ${prefix}`)).toEqual([]);
  });

  it('name every option of the shared lists', () => {
    const keys = [
      ...callbackTopics.map((topic) => `callback:topic.options.${topic}`),
      ...callbackWindows.map((window) => `callback:window.options.${window}`),
      ...service.openingHours.map((hours) => `common:help.hours.${hours.days}`),
    ];
    expect(keys.filter((key) => !reference.has(key))).toEqual([]);
  });
});
