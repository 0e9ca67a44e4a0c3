/** A complete, valid set of answers to the school-canteen procedure, as the browser posts them: for tests and benchmarks. */
export const canteenAnswers = {
  child_given_name: 'Lou',
  child_family_name: 'Dupont',
  'child_birthdate.day': '3',
  'child_birthdate.month': '9',
  'child_birthdate.year': '2018',
  school: 'louise_michel',
  days: 'monday,thursday',
  allergies: 'no',
  family_quotient: '742',
  household_size: '4',
  'home_address.line1': '12 rue des Lilas',
  'home_address.postcode': '87000',
  'home_address.city': 'Limoges',
  phone: '06 12 34 56 78',
};
