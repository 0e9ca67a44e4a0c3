// No validation library here: the public survey page draws its question from this module alone
// (the answer's schema, in `satisfaction-survey-answer.ts`, is for the server).

/** Where the citizen met the service: a call back or a counter visit. */
export const surveyChannels = ['phone', 'counter'] as const;
export type SurveyChannel = (typeof surveyChannels)[number];

/** The one question's answers, worst to best. */
export const surveyRatings = ['1', '2', '3', '4', '5'] as const;

/** The survey page's state: which channel it asks about, or why it cannot be answered. */
export type SurveyView = { state: 'open'; channel: SurveyChannel } | { state: 'answered' } | { state: 'thanks' };

/** One line of the admin page: a service on a channel. */
export interface SatisfactionResult {
  service: string;
  channel: SurveyChannel;
  invited: number;
  answered: number;
  /** Mean rating out of 5, one decimal; null before any answer. */
  average: number | null;
  /** How many answered 1, 2, 3, 4 and 5. */
  counts: [number, number, number, number, number];
}
