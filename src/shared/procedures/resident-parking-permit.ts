import { defineProcedure } from './definition.ts';

/** Address and proof of address are reused from earlier dossiers: "tell us once". */
export const residentParkingPermit = defineProcedure({
  id: 'resident-parking-permit',
  service: 'mobility',
  answerWithinDays: 15,
  terms: ['proof_of_address'],
  steps: [
    {
      id: 'address',
      questions: [
        {
          id: 'address',
          type: 'address',
          prefill: {
            source: 'earlier_dossier',
            from: [
              { procedure: 'resident-parking-permit', question: 'address' },
              { procedure: 'school-canteen', question: 'home_address' },
              { procedure: 'civil-status-certificate', question: 'postal_address' },
            ],
          },
        },
        { id: 'resident_since', type: 'date', precision: 'month' },
      ],
    },
    {
      id: 'proof',
      questions: [
        {
          id: 'proof_of_address',
          type: 'document',
          accepts: ['proof_of_address'],
          prefill: { source: 'earlier_dossier', from: [{ procedure: 'resident-parking-permit', question: 'proof_of_address' }] },
          terms: ['proof_of_address'],
        },
      ],
    },
    {
      id: 'vehicle',
      questions: [
        { id: 'registration', type: 'text', pattern: '^[A-Z]{2}-?\\d{3}-?[A-Z]{2}$', terms: ['vehicle_registration'] },
        { id: 'ownership', type: 'single_choice', options: ['owner', 'lease', 'company'] },
        { id: 'electric', type: 'yes_no' },
      ],
    },
    {
      id: 'contact',
      questions: [
        { id: 'phone', type: 'phone', autocomplete: 'tel', prefill: { source: 'identity', claim: 'phone_number' } },
        // Optional: an SMS reaches the citizen; an e-mail is only another way, for those who have one.
        { id: 'email', type: 'email', autocomplete: 'email', optional: true, prefill: { source: 'identity', claim: 'email' } },
      ],
    },
  ],
});
