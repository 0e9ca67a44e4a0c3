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
  /** Where the working day splits into the morning and afternoon call-back windows. */
  middayBreak: '12:00',
  /** What the phone agents can be asked about; "other" takes the citizen's own words. */
  callbackTopics: ['civil_status', 'school', 'parking', 'benefits', 'documents', 'other'],
  /** The languages the phone agents can call in, each named in itself (never translated). */
  callLanguages: { fr: 'Français', en: 'English', es: 'Español', ar: 'العربية' },
} as const;

export type OpeningHours = (typeof service.openingHours)[number];
