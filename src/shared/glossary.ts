/**
 * Administrative words a citizen may not know, each explained in plain language next to where it
 * is used (`locales/<lang>/glossary.json`: the word as the administration writes it, then what it means).
 */
export const glossaryTerms = [
  'civil_status',
  'family_quotient',
  'tax_household',
  'household',
  'proof_of_address',
  'full_copy',
  'vehicle_registration',
] as const;
export type GlossaryTerm = (typeof glossaryTerms)[number];

export const glossaryNamespace = 'glossary';
