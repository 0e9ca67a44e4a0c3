import * as v from 'valibot';
import type { CounterAgendaView } from './counter-agenda.ts';
import { dayPattern, type IsoWeekday } from './paris-time.ts';
import { normalisePhone } from './phone.ts';
import { frenchPostcode, optionalText } from './validation.ts';

/** The services a citizen can book a counter visit for; their names live in `locales/<lang>/visit.json`. */
export const visitServiceIds = ['id_card', 'passport', 'civil_status', 'benefits'] as const;
export type VisitServiceId = (typeof visitServiceIds)[number];

export { isoWeekdays, type IsoWeekday } from './paris-time.ts';

/** Opening hours per ISO weekday ("1" is Monday), each day a list of "HH:MM" periods. */
export type WeeklyOpeningHours = Partial<Record<IsoWeekday, { opens: string; closes: string }[]>>;

export const appointmentStatuses = ['booked', 'seen', 'no_show', 'cancelled_by_citizen', 'cancelled_by_service'] as const;
export type AppointmentStatus = (typeof appointmentStatuses)[number];

const slug = v.pipe(v.string(), v.regex(/^[a-z0-9_-]{1,40}$/));
// Kept to the valibot functions other browser pages use: they share one valibot chunk.
const optionalSlug = v.optional(v.pipe(v.string(), v.regex(/^([a-z0-9_-]{1,40})?$/)));

/** The choices made so far, carried in the query string of every step (GET, works without JavaScript). */
export const visitStepQuerySchema = v.object({
  service: optionalSlug,
  location: optionalSlug,
  day: v.optional(v.pipe(v.string(), v.regex(new RegExp(`^(${dayPattern.source.slice(1, -1)})?$`)))),
  postcode: v.optional(v.string()),
  start: v.optional(v.string()),
});

export type VisitStepQuery = v.InferOutput<typeof visitStepQuerySchema>;

export const postcodeSchema = frenchPostcode('visit:errors.postcode_invalid');

/** An instant as the server writes it (`Date.toISOString()`). */
const instant = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'visit:errors.slot_required'));

/** The last step: who is coming. The slot travels with it in hidden fields. */
export const visitDetailsSchema = v.object({
  service: v.pipe(v.optional(v.string(), ''), slug),
  location: v.pipe(v.optional(v.string(), ''), slug),
  start: v.pipe(v.optional(v.string(), ''), instant),
  phone: v.pipe(
    v.optional(v.string(), ''),
    v.trim(),
    v.nonEmpty('visit:errors.phone_required'),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const phone = normalisePhone(dataset.value);
      if (phone === undefined) {
        addIssue({ message: 'visit:errors.phone_invalid' });
        return NEVER;
      }
      return phone;
    }),
  ),
  name: v.pipe(optionalText(100, 'visit:errors.name_too_long'), v.string('visit:errors.name_required')),
});
export type VisitDetails = v.InferOutput<typeof visitDetailsSchema>;

export const verificationCodeSchema = v.object({
  code: v.pipe(
    v.optional(v.string(), ''),
    v.transform((code) => code.replace(/\s/g, '')),
    v.nonEmpty('visit:errors.code_required'),
    v.regex(/^\d{6}$/, 'visit:errors.code_invalid'),
  ),
});

/** Cancelling is a second, explicit post: the confirmation page's button sends `confirm=yes`. */
export const visitCancelSchema = v.object({
  confirm: v.pipe(v.optional(v.string(), ''), v.picklist(['yes'], 'visit:errors.confirm_required')),
});

/** Unguessable identifiers handed out in links (verification pages, the manage link of a booking). */
export const visitTokenPattern = /^[A-Za-z0-9_-]{32,64}$/;

export interface VisitServiceView {
  id: string;
  slotMinutes: number;
}

export interface VisitLocationView {
  id: string;
  name: string;
  street: string;
  postcode: string;
  city: string;
  wheelchairAccess: boolean;
  hearingLoop: boolean;
  languages: string[];
  openingHours: WeeklyOpeningHours;
  directionsUrl: string;
  /** Set when the citizen gave a postcode. */
  distanceKm?: number;
}

export interface VisitDayView {
  day: string;
  freeSlots: number;
}

export interface VisitTimeView {
  startsAt: string;
  time: string;
}

/** What each booking step shows: the server renders it, the app fetches it when it moves between steps. */
export interface VisitStepData {
  step: 'service' | 'location' | 'day' | 'time' | 'details';
  services: VisitServiceView[];
  service?: VisitServiceView;
  locations: VisitLocationView[];
  location?: VisitLocationView;
  postcode?: string;
  postcodeError?: string;
  days: VisitDayView[];
  day?: string;
  times: VisitTimeView[];
  /** `changeable`: whether, once booked, it could still be cancelled or moved online (`changeUntilHours`). */
  slot?: { startsAt: string; day: string; time: string; changeable: boolean };
  /** How many hours before a visit changes online stop (VISIT_CHANGE_UNTIL_HOURS). */
  changeUntilHours: number;
  /** The time in the link was taken (or never existed) meanwhile: the citizen picks another. */
  slotGone?: boolean;
  /** A signed-in citizen's verified number: booking with it needs no SMS code. */
  verifiedPhone?: string;
}

/** A booking as its manage link shows it: nothing more personal than the name given. */
export interface AppointmentView {
  reference: string;
  status: AppointmentStatus;
  service: VisitServiceView;
  location: VisitLocationView;
  startsAt: string;
  day: string;
  time: string;
  name: string;
  /** Whether the citizen can still cancel or move it (up to a few hours before). */
  changeable: boolean;
  /** How many hours before the visit changes online stop. */
  changeUntilHours: number;
  /** The last moment (Paris wall clock) it can be cancelled or moved online. */
  changeUntil: { day: string; time: string };
  /** The citizen moved it: the visit they have now (after every later move), with its own link. */
  movedTo?: { manageToken: string; day: string; time: string; locationName: string };
}

/** One of a signed-in citizen's visits, as their list shows it, with the link to manage it. */
export interface MyVisitView {
  reference: string;
  status: AppointmentStatus;
  serviceId: string;
  locationName: string;
  day: string;
  time: string;
  manageToken: string;
}

/** The answer to the details step: a code to type, or (signed in, verified phone) the booking at once. */
export type VisitVerificationCreated = { verification: string; booked?: undefined } | { booked: VisitBooked; verification?: undefined };

export interface VisitBooked {
  reference: string;
  manageToken: string;
}

/** The code page's summary of the slot being confirmed. */
export interface VerificationSummary {
  serviceId: string;
  locationName: string;
  day: string;
  time: string;
  /** False once used, expired or out of attempts: the citizen starts again. */
  usable: boolean;
}

export interface VisitPageState {
  /** The counter agents' page: today's agenda of their location. */
  agenda?: CounterAgendaView;
  /** A one-off confirmation for the agenda page (an i18n key), after a form post. */
  agendaNotice?: string;
  step?: VisitStepData;
  verification?: VerificationSummary;
  appointment?: AppointmentView;
}
