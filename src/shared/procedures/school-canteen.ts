import { defineProcedure } from './definition.ts';

/** The family quotient (CAF) and the household come from a data connector: told once, never typed. */
export const schoolCanteen = defineProcedure({
  id: 'school-canteen',
  service: 'education',
  answerWithinDays: 10,
  terms: ['family_quotient'],
  steps: [
    {
      id: 'child',
      questions: [
        { id: 'child_given_name', type: 'text' },
        { id: 'child_family_name', type: 'text', prefill: { source: 'identity', claim: 'family_name' } },
        { id: 'child_birthdate', type: 'date' },
      ],
    },
    {
      id: 'school',
      questions: [
        { id: 'school', type: 'single_choice', options: ['jules_ferry', 'louise_michel', 'jean_jaures'] },
        { id: 'days', type: 'multiple_choice', options: ['monday', 'tuesday', 'thursday', 'friday'] },
      ],
    },
    {
      id: 'health',
      questions: [
        { id: 'allergies', type: 'yes_no' },
        { id: 'allergy_details', type: 'long_text', when: { question: 'allergies', equals: 'yes' } },
      ],
    },
    {
      id: 'household',
      questions: [
        {
          id: 'family_quotient',
          type: 'number',
          min: 0,
          max: 10000,
          prefill: { source: 'connector', dataset: 'family_quotient', field: 'quotient' },
          terms: ['family_quotient'],
        },
        {
          id: 'household_size',
          type: 'number',
          min: 1,
          max: 20,
          prefill: { source: 'connector', dataset: 'tax_household', field: 'persons' },
          terms: ['household'],
        },
      ],
    },
    {
      id: 'contact',
      questions: [
        {
          id: 'home_address',
          type: 'address',
          prefill: {
            source: 'earlier_dossier',
            from: [
              { procedure: 'school-canteen', question: 'home_address' },
              { procedure: 'resident-parking-permit', question: 'address' },
              { procedure: 'civil-status-certificate', question: 'postal_address' },
            ],
          },
        },
        { id: 'phone', type: 'phone', autocomplete: 'tel', prefill: { source: 'identity', claim: 'phone_number' } },
        { id: 'email', type: 'email', autocomplete: 'email', optional: true, prefill: { source: 'identity', claim: 'email' } },
      ],
    },
  ],
});
