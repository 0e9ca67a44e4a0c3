import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { staffNamespaces } from '../../scripts/readability.ts';

/**
 * Easy-to-read French (`locales/fr-easy`) only holds the strings it rewrites, over the standard
 * French of `locales/fr`. When a standard key is renamed or loses a placeholder, the easy string
 * would silently stop showing, or show "{{name}}": these checks catch it.
 */
const localesDir = path.resolve(import.meta.dirname, '../../locales');

type Strings = { [key: string]: string | Strings };

const namespacesOf = (folder: string) =>
  readdirSync(path.join(localesDir, folder))
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.replace(/\.json$/, ''))
    .sort();

const read = (folder: string, namespace: string) =>
  JSON.parse(readFileSync(path.join(localesDir, folder, `${namespace}.json`), 'utf8')) as Strings;

/** "ns:a.b" → the string or, for a group, the marker "{group}", so a string never stands where a group is. */
function leaves(folder: string): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (prefix: string, node: Strings) => {
    for (const [key, value] of Object.entries(node)) {
      const name = `${prefix}${key}`;
      if (typeof value === 'string') found.set(name, value);
      else {
        found.set(name, '{group}');
        visit(`${name}.`, value);
      }
    }
  };
  for (const namespace of namespacesOf(folder)) visit(`${namespace}:`, read(folder, namespace));
  return found;
}

/** `{{name}}`, `{{date, day}}`: each interpolation as written, formats included. */
const interpolations = (text: string) =>
  [...text.matchAll(/\{\{\s*([^}]+?)\s*\}\}/g)].map((match) => match[1]?.replace(/\s+/g, ' ')).sort();

/** `$t(ns:key)` references; a part built from a parameter (`{{status}}`) stands for a whole group. */
const references = (text: string) => [...text.matchAll(/\$t\(([\w-]+:[\w.{}-]+)\)/g)].map((match) => match[1] ?? '');

const standard = leaves('fr');
const easy = leaves('fr-easy');
const easyStrings = [...easy].filter(([, text]) => text !== '{group}');

describe('easy-to-read French', () => {
  it('covers every citizen namespace, and no staff one', () => {
    const citizen = namespacesOf('fr').filter((namespace) => !staffNamespaces.has(namespace));
    expect(namespacesOf('fr-easy')).toEqual(citizen);
  });

  it('rewrites only keys that still exist in standard French, with the same nesting', () => {
    const orphans = [...easy].filter(([key, text]) => !standard.has(key) || (text === '{group}') !== (standard.get(key) === '{group}'));
    expect(orphans.map(([key]) => key)).toEqual([]);
  });

  it('keeps every interpolation of the standard string, formats included', () => {
    const differing = easyStrings.filter(([key, text]) => interpolations(text).join() !== interpolations(standard.get(key) ?? '').join());
    expect(differing.map(([key]) => key)).toEqual([]);
  });

  it('rewrites all the plural forms of a string, or none', () => {
    const plural = /^(.+)_(zero|one|two|few|many|other)$/;
    const partial = easyStrings.flatMap(([key]) => {
      const base = plural.exec(key)?.[1];
      if (!base) return [];
      return [...standard.keys()].filter((other) => plural.exec(other)?.[1] === base && !easy.has(other));
    });
    expect(partial).toEqual([]);
  });

  it('refers only to strings that exist ($t(…) nesting)', () => {
    const all = new Map([...standard, ...easy]);
    const broken = easyStrings.flatMap(([key, text]) =>
      references(text)
        .filter((reference) => {
          if (!reference.includes('{{')) return !all.has(reference) || all.get(reference) === '{group}';
          const group = reference.slice(0, reference.indexOf('{{')).replace(/\.$/, '');
          return all.get(group) !== '{group}';
        })
        .map((reference) => `${key} → ${reference}`),
    );
    expect(broken).toEqual([]);
  });

  // "Obligatoire si vous avez choisi « Autre question »" read in easy mode, where the option was renamed.
  it('quotes no string by its standard words where easy mode renamed it (nest it with $t instead)', () => {
    const read = new Map([...standard, ...easy]);
    const stale = [...read].flatMap(([key, text]) => {
      const namespace = key.slice(0, key.indexOf(':') + 1);
      return [...text.matchAll(/«\s*([^»]+?)\s*»/g)].flatMap(([, quoted]) =>
        [...standard]
          .filter(([other, words]) => other.startsWith(namespace) && words === quoted && read.get(other) !== quoted)
          .map(([other]) => `${key} quotes "${quoted}", read as "${read.get(other)}" (${other})`),
      );
    });
    expect(stale).toEqual([]);
  });

  it('spells out abbreviations', () => {
    const abbreviated = easyStrings.filter(([, text]) =>
      /(?<![\p{L}\d])(?:RDV|n°|min|max|svp|etc|tél|ex)(?![\p{L}\d])/iu.test(text.replace(/\{\{[^}]*\}\}/g, '')),
    );
    expect(abbreviated.map(([key]) => key)).toEqual([]);
  });
});
