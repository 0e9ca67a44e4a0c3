/**
 * French phone numbers as citizens type them: "06 12 34 56 78", "06.12.34.56.78", "+33 6 12…",
 * "0033 6 12…", overseas "0262 …" / "+262 …". Stored and sent to SMS gateways in E.164.
 */
const separators = /[\s.\-()]/g;

export function normalisePhone(input: string): string | undefined {
  const compact = input.replace(separators, '');
  let international: string;
  if (/^0[1-9]\d{8}$/.test(compact)) international = `+33${compact.slice(1)}`;
  else if (/^00\d{8,15}$/.test(compact)) international = `+${compact.slice(2)}`;
  else if (/^\+\d{8,15}$/.test(compact)) international = compact;
  else return undefined;
  if (international.startsWith('+33') && !/^\+33[1-9]\d{8}$/.test(international)) return undefined;
  return international;
}

/** "+33612345678" → "06 12 34 56 78"; other countries keep their E.164 form. */
export function formatPhone(e164: string): string {
  if (/^\+33\d{9}$/.test(e164)) {
    return `0${e164.slice(3)}`.replace(/(\d{2})(?=\d)/g, '$1 ');
  }
  return e164;
}
