import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { callbackTopics, callbackWindows } from '../../src/shared/callback-request.ts';
import { glossaryTerms } from '../../src/shared/glossary.ts';
import { defaultLanguage, languages, textDirection, type Language } from '../../src/shared/languages.ts';
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

/** i18next's plural suffixes: `key_one`, `key_other`… one per CLDR category of the language. */
const pluralSuffix = /^(.+)_(zero|one|two|few|many|other)$/;

/**
 * The plural categories a count shown to a citizen (0 to 1,000) can fall in: all of Arabic's six,
 * but not French's or Spanish's `many`, which only a count of a million or more reaches.
 */
function neededPluralCategories(language: string): Set<string> {
  const rules = new Intl.PluralRules(language);
  return new Set(Array.from({ length: 1001 }, (_, count) => rules.select(count)));
}

function allowedPluralCategories(language: string): Set<string> {
  return new Set(new Intl.PluralRules(language).resolvedOptions().pluralCategories);
}

/** A language's keys with every plural group written as "base_#", so two languages compare key for key. */
function pluralGroups(keys: Iterable<string>): { plain: Set<string>; plurals: Map<string, Set<string>> } {
  const plain = new Set<string>();
  const plurals = new Map<string, Set<string>>();
  for (const key of keys) {
    const match = pluralSuffix.exec(key);
    if (!match) plain.add(key);
    else plurals.set(match[1] ?? '', (plurals.get(match[1] ?? '') ?? new Set()).add(match[2] ?? ''));
  }
  return { plain, plurals };
}

/** What is wrong with a language's keys against French's: missing and extra keys, plural forms included. */
function compareKeys(language: string, referenceKeys: Iterable<string>, keys: Iterable<string>) {
  const expected = pluralGroups(referenceKeys);
  const actual = pluralGroups(keys);
  const needed = neededPluralCategories(language);
  const allowed = allowedPluralCategories(language);
  const missing = [...expected.plain].filter((key) => !actual.plain.has(key));
  const extra = [...actual.plain].filter((key) => !expected.plain.has(key));
  for (const [base, forms] of expected.plurals) {
    const present = actual.plurals.get(base) ?? new Set<string>();
    missing.push(...[...needed].filter((category) => !present.has(category)).map((category) => `${base}_${category}`));
    extra.push(...[...present].filter((category) => !allowed.has(category)).map((category) => `${base}_${category}`));
    if (forms.size === 0) missing.push(base);
  }
  for (const [base, forms] of actual.plurals) {
    if (!expected.plurals.has(base)) extra.push(...[...forms].map((category) => `${base}_${category}`));
  }
  return { missing, extra };
}

/** Same string as French, and rightly so: names, and words these languages share with French. */
const sameAsFrench: Record<string, readonly string[]> = {
  // Every language: the service's name, and a title whose only words are placeholders and it.
  '*': [
    'common:service_name',
    'common:document_title',
    'dossiers:actor.system',
    'dev-inbox:encoding.ucs2',
    'citizens:message_channels.sms',
  ],
  // "Dossier" is a Dutch and English word too.
  nl: [
    'case-handling:list.caption_one',
    'case-handling:list.caption_other',
    'case-handling:case.title',
    'dossiers:list.reference',
    'callback-queue:call.dossier',
    'notifications:document_kind.other',
  ],
  de: ['visit:appointment.where'],
  // "en 1950": the same preposition in Spanish.
  es: ['account:identity.born_in_year', 'survey:results.channel'],
  en: [
    'account:identity.france',
    'agent:service',
    'case-handling:list.caption_one',
    'case-handling:list.caption_other',
    'case-handling:case.title',
    'dossiers:action.message',
    'citizens:sources.message',
    'visit:duration',
    'callback-queue:queue.action',
    'callback-queue:outcome.note',
    'survey:results.service',
    'procedures:school-canteen.steps.health',
    'documents:document.kind',
    'notifications:document_kind.other',
    'citizens:sources.document',
  ],
};

/** Left in French by mistake: a string with words that other languages translate, not in the allow-list. */
function untranslated(language: string, reference: Map<string, string>, strings: Map<string, string>): string[] {
  const allowed = new Set([...(sameAsFrench['*'] ?? []), ...(sameAsFrench[language] ?? [])]);
  return [...strings]
    .filter(([key, text]) => {
      const words = text.replace(/\{\{[^}]*\}\}/g, '');
      return reference.get(key) === text && /\p{L}{2,}/u.test(words) && !allowed.has(key);
    })
    .map(([key]) => key);
}

const reference = flatten(readNamespaces(defaultLanguage));
const variants = readdirSync(localesDir)
  .filter((folder) => !(languages as readonly string[]).includes(folder))
  .map((folder) => ({ folder, language: folder.split('-')[0] as Language }));
const others = languages.filter((language) => language !== defaultLanguage);

describe('the locale checks themselves', () => {
  it('ask Arabic for its six plural forms and French for two', () => {
    const french = ['a:n_one', 'a:n_other'];
    expect(compareKeys('ar', french, ['a:n_one', 'a:n_other']).missing.sort()).toEqual(['a:n_few', 'a:n_many', 'a:n_two', 'a:n_zero']);
    expect(compareKeys('fr', french, french)).toEqual({ missing: [], extra: [] });
    expect(compareKeys('en', french, ['a:n_one', 'a:n_other', 'a:n_few', 'a:m'])).toEqual({ missing: [], extra: ['a:m', 'a:n_few'] });
    expect(compareKeys('de', french, ['a:n_other']).missing).toEqual(['a:n_one']);
  });

  it('find a string left in French, but not a name in the allow-list or a string of placeholders', () => {
    const french = new Map([
      ['common:service_name', 'Guichet'],
      ['a:b', 'Envoyer'],
      ['a:c', '{{count}} / {{total}}'],
    ]);
    expect(untranslated('nl', french, new Map(french))).toEqual(['a:b']);
    expect(untranslated('nl', french, new Map([...french, ['a:b', 'Verzenden']]))).toEqual([]);
  });
});

describe('locales', () => {
  it('has a folder for every language, and variants only of those languages', () => {
    const folders = readdirSync(localesDir);
    expect(folders).toEqual(expect.arrayContaining([...languages]));
    expect(variants.map(({ language }) => language).filter((language) => !languages.includes(language))).toEqual([]);
  });

  it('French, the reference, has strings', () => {
    expect(reference.size).toBeGreaterThan(50);
  });

  it('French gives every plural at least its one and other forms', () => {
    const { plurals } = pluralGroups(reference.keys());
    expect(plurals.size).toBeGreaterThan(0);
    expect([...plurals].filter(([, forms]) => !forms.has('one') || !forms.has('other')).map(([base]) => base)).toEqual([]);
  });

  describe.each(others)('%s against French', (language) => {
    const strings = flatten(readNamespaces(language));
    const { missing, extra } = compareKeys(language, reference.keys(), strings.keys());

    it('has the same namespaces', () => {
      expect(Object.keys(readNamespaces(language)).sort()).toEqual(Object.keys(readNamespaces(defaultLanguage)).sort());
    });

    it('misses no key (plural forms by its own rules)', () => {
      expect(missing).toEqual([]);
    });

    it('has no key French lacks, nor a plural form its language does not use', () => {
      expect(extra).toEqual([]);
    });

    it('leaves no string in French', () => {
      expect(untranslated(language, reference, strings)).toEqual([]);
    });

    it('uses the same {{placeholders}} in each string', () => {
      const differing = [...strings].filter(([key, translated]) => {
        const plural = pluralSuffix.exec(key);
        const french = reference.get(key) ?? (plural ? reference.get(`${plural[1]}_other`) : undefined);
        if (french === undefined) return false;
        // A plural form may say its number in words ("one request", Arabic's dual): {{count}} is optional there.
        const names = (text: string) => placeholders(text).filter((name) => !plural || name !== 'count');
        return names(translated).join() !== names(french).join();
      });
      expect(differing.map(([key]) => key)).toEqual([]);
    });
  });

  // In a right-to-left paragraph, "06 12 34 56 78" would show as "78 56 34 12 06" and "08:30–17:30"
  // as "17:30–08:30": such runs are wrapped in a left-to-right isolate (U+2066 … U+2069).
  it.each(languages.filter((language) => textDirection(language) === 'rtl'))(
    '%s keeps phone numbers and time ranges left to right',
    (language) => {
      const leftToRightRun = /\d\d(?: \d\d){4}|\{\{opens\}\}\s*[–-]\s*\{\{closes\}\}/g;
      const unisolated = [...flatten(readNamespaces(language))].filter(([, text]) =>
        [...text.matchAll(leftToRightRun)].some((match) => {
          const start = match.index;
          return text[start - 1] !== '\u2066' || text[start + match[0].length] !== '\u2069';
        }),
      );
      expect(unisolated.map(([key]) => key)).toEqual([]);
    },
  );

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
      ...glossaryTerms.flatMap((term) => [`glossary:terms.${term}.term`, `glossary:terms.${term}.definition`]),
    ];
    expect(keys.filter((key) => !reference.has(key))).toEqual([]);
  });
});
