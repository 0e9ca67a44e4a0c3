/**
 * "GU-2026-4817305926": the year, nine random digits and a check digit. Random, so a reference
 * tells nothing of how many dossiers came before and another cannot be guessed from it; digits,
 * the easiest characters to read out on the phone in any language. References made before
 * (`GU-2026-000123`) keep their shape and stay valid. Its own module so a form that only checks a
 * reference (call me back) loads no procedure catalogue.
 */
export const dossierReferencePattern = /^GU-\d{4}-\d{6,}$/;

/** Damm's quasigroup of order 10: every single wrong digit and every swap of two neighbours changes the result. */
const damm = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

/** The check digit to append to `digits`; digits followed by theirs give 0 ("valid"). */
export function dammCheckDigit(digits: string): number {
  let interim = 0;
  for (const digit of digits) interim = damm[interim]?.[Number(digit)] ?? Number.NaN;
  return interim;
}

/** Whether a reference of the random kind was read out right (its last digit checks the others). */
export function hasValidCheckDigit(reference: string): boolean {
  const digits = /^GU-\d{4}-(\d{10})$/.exec(reference)?.[1];
  return digits !== undefined && dammCheckDigit(digits) === 0;
}
