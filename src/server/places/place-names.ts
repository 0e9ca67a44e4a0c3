import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { franceCountryCode } from '../../shared/account.ts';
import inseeCountries from './insee-countries.json' with { type: 'json' };

/**
 * Places as people read them, from the codes the identity federation gives (FranceConnect's
 * `birthplace` and `birthcountry` are INSEE codes: "75056", "99341"). Server only: the commune list
 * is megabytes, so pages and pre-fills carry names, never the dataset.
 *
 * Communes: `@etalab/decoupage-administratif`, Etalab's maintained extract of INSEE's official
 * geographic code (current communes, and the delegated and associated ones that a merger kept, so
 * an old birthplace still has its name). Communes have one name in every language.
 *
 * Countries: INSEE's country list (COG 2025, `insee-countries.json`: INSEE code → ISO 3166 alpha-2
 * and French name, refreshed from INSEE's yearly "pays" file), named in the page's language by
 * `Intl.DisplayNames`; the INSEE name is kept for the few territories without an ISO code.
 */

let communes: Promise<Map<string, string>> | undefined;

interface CommuneRecord {
  code: string;
  nom: string;
  type: string;
}

async function loadCommunes(): Promise<Map<string, string>> {
  const file = createRequire(import.meta.url).resolve('@etalab/decoupage-administratif/data/communes.json');
  const records = JSON.parse(await readFile(file, 'utf8')) as CommuneRecord[];
  const names = new Map<string, string>();
  // A merged commune's delegated commune may share its code: the current commune's name wins.
  for (const record of records) {
    if (!names.has(record.code) || record.type === 'commune-actuelle') names.set(record.code, record.nom);
  }
  return names;
}

/** "75056" → "Paris"; undefined for a code the list does not hold. Loaded once, on first use. */
export async function communeName(code: string): Promise<string | undefined> {
  communes ??= loadCommunes().catch((error: unknown) => {
    communes = undefined;
    throw error;
  });
  return (await communes).get(code);
}

const countries: Record<string, string[] | undefined> = inseeCountries;

/** "99341" → "Sénégal" on a French page, "السنغال" on an Arabic one; undefined for an unknown code. */
export function countryName(inseeCode: string, language: string): string | undefined {
  const country = countries[inseeCode];
  if (!country) return undefined;
  const [iso = '', frenchName = inseeCode] = country;
  if (!iso) return frenchName;
  try {
    return new Intl.DisplayNames([language], { type: 'region', fallback: 'none' }).of(iso) ?? frenchName;
  } catch {
    return frenchName;
  }
}

export function isBornInFrance(birthcountry: string): boolean {
  return birthcountry === franceCountryCode;
}
