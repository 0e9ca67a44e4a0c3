/**
 * The service a Guichet instance runs for: how to reach a human. Shown in the help bar on every
 * page, so it lives here as data and not in a database round trip.
 */
export const service = {
  phone: '+33555000000',
  openingHours: [
    { days: 'monday_friday', opens: '08:30', closes: '17:30' },
    { days: 'saturday', opens: '09:00', closes: '12:00' },
  ],
} as const;

export type OpeningHours = (typeof service.openingHours)[number];
