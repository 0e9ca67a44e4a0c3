/** A complete, valid set of the answers a citizen gives to the civil-status certificate (the rest comes from sign-in): for tests. */
export const certificateAnswers = {
  kind: 'full_copy',
  copies: '1',
  delivery: 'email',
  email: 'marie.dupont@example.fr',
  phone: '06 12 34 56 78',
};
