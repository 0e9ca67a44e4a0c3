/**
 * French phone numbers as citizens type them: "06 12 34 56 78", "06.12.34.56.78", "+33 6 12…",
 * "0033 6 12…", overseas "0262 …" / "+262 …". Stored and sent to SMS gateways in E.164.
 */
const separators = /[\s.\-()]/g;

/**
 * Overseas departments dial like mainland France at home ("0692 12 34 56") but have their own
 * country codes abroad, so an SMS to "+33 692…" would never arrive. Keyed by national prefix.
 */
const overseasCountryCodes: Record<string, string> = {
  '0262': '262', // Réunion
  '0692': '262',
  '0693': '262',
  '0269': '262', // Mayotte
  '0639': '262',
  '0590': '590', // Guadeloupe, Saint-Martin, Saint-Barthélemy
  '0690': '590',
  '0691': '590',
  '0594': '594', // Guyane
  '0694': '594',
  '0596': '596', // Martinique
  '0696': '596',
  '0697': '596',
};

export function normalisePhone(input: string): string | undefined {
  // "+33 (0)6 12 34 56 78": the trunk zero people keep in brackets after the country code.
  const compact = input.replace(/^\s*(\+|00)\s*33\s*\(0\)/, '+33').replace(separators, '');
  let international: string;
  if (/^0[1-9]\d{8}$/.test(compact)) international = `+33${compact.slice(1)}`;
  else if (/^00\d{8,15}$/.test(compact)) international = `+${compact.slice(2)}`;
  else if (/^\+\d{8,15}$/.test(compact)) international = compact;
  else return undefined;
  if (!international.startsWith('+33')) return international;
  if (!/^\+33[1-9]\d{8}$/.test(international)) return undefined;
  const overseas = overseasCountryCodes[`0${international.slice(3, 6)}`];
  return overseas ? `+${overseas}${international.slice(3)}` : international;
}

/** "+33612345678" → "06 12 34 56 78", "+262692123456" → "06 92 12 34 56"; other countries keep E.164. */
export function formatPhone(e164: string): string {
  const [, countryCode, subscriber = ''] = /^\+(262|590|594|596)(\d{9})$/.exec(e164) ?? [];
  if (countryCode && overseasCountryCodes[`0${subscriber.slice(0, 3)}`] === countryCode) return groupInPairs(`0${subscriber}`);
  if (/^\+33\d{9}$/.test(e164)) return groupInPairs(`0${e164.slice(3)}`);
  return e164;
}

function groupInPairs(digits: string): string {
  return digits.replace(/(\d{2})(?=\d)/g, '$1 ');
}
