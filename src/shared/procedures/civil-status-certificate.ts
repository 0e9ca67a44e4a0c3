import { defineProcedure } from './definition.ts';

/** A birth certificate extract: almost everything comes from sign-in, and identity is frozen. */
export const civilStatusCertificate = defineProcedure({
  id: 'civil-status-certificate',
  service: 'civil_status',
  answerWithinDays: 5,
  terms: ['civil_status', 'full_copy'],
  steps: [
    {
      id: 'identity',
      questions: [
        { id: 'given_name', type: 'text', autocomplete: 'given-name', prefill: { source: 'identity', claim: 'given_name', frozen: true } },
        {
          id: 'family_name',
          type: 'text',
          autocomplete: 'family-name',
          prefill: { source: 'identity', claim: 'family_name', frozen: true },
        },
        {
          id: 'birthdate',
          type: 'date',
          precision: 'year',
          autocomplete: 'bday',
          prefill: { source: 'identity', claim: 'birthdate', frozen: true },
        },
        // Born abroad: the country and the city as the citizen writes them, never a French commune to invent.
        { id: 'born_abroad', type: 'yes_no', prefill: { source: 'identity', claim: 'birthcountry', frozen: true } },
        {
          id: 'birthplace',
          type: 'text',
          when: { question: 'born_abroad', equals: 'no' },
          prefill: { source: 'identity', claim: 'birthplace', frozen: true },
        },
        {
          id: 'birth_country',
          type: 'text',
          autocomplete: 'country-name',
          when: { question: 'born_abroad', equals: 'yes' },
          prefill: { source: 'identity', claim: 'birthcountry', frozen: true },
        },
        { id: 'birth_city', type: 'text', when: { question: 'born_abroad', equals: 'yes' } },
      ],
    },
    {
      id: 'certificate',
      questions: [
        { id: 'kind', type: 'single_choice', options: ['with_parents', 'without_parents', 'full_copy'], terms: ['full_copy'] },
        { id: 'copies', type: 'number', min: 1, max: 5 },
      ],
    },
    {
      id: 'delivery',
      questions: [
        { id: 'delivery', type: 'single_choice', options: ['post', 'email'] },
        {
          id: 'email',
          type: 'email',
          autocomplete: 'email',
          when: { question: 'delivery', equals: 'email' },
          prefill: { source: 'identity', claim: 'email' },
        },
        {
          id: 'postal_address',
          type: 'address',
          when: { question: 'delivery', equals: 'post' },
          prefill: {
            source: 'earlier_dossier',
            from: [
              { procedure: 'civil-status-certificate', question: 'postal_address' },
              { procedure: 'school-canteen', question: 'home_address' },
              { procedure: 'resident-parking-permit', question: 'address' },
            ],
          },
        },
      ],
    },
    {
      id: 'contact',
      questions: [
        { id: 'phone', type: 'phone', autocomplete: 'tel', prefill: { source: 'identity', claim: 'phone_number' } },
        { id: 'reason', type: 'long_text', optional: true },
      ],
    },
  ],
});
