import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { newQuotedReference } from '../security/random-reference.ts';
import type { SignedLinks } from '../security/signed-token.ts';
import type { Language } from '../../shared/languages.ts';
import { oneTimeCodeMessage, type OneTimeCodeError } from '../../shared/one-time-code.ts';
import { addDays, parisDayOf, parisInstant, parisWallClock } from '../../shared/paris-time.ts';
import {
  postcodeSchema,
  type AppointmentView,
  type MyVisitView,
  type VisitBooked,
  type VisitDetails,
  type VisitLocationView,
  type VisitStepData,
  type VisitStepQuery,
  type VerificationSummary,
  type VisitVerificationCreated,
} from '../../shared/visit.ts';
import { validate } from '../../shared/validation.ts';
import type { Db } from '../db/database.ts';
import { HttpError } from '../http/http-error.ts';
import { checkCode, issueCode, pendingCode, smsRefusal, type SmsPolicy } from '../security/one-time-code.ts';
import { distanceKm, type PostcodeGeocoder } from './postcode-geocoder.ts';
import { generateSlots, holdCells, type GeneratedDay } from './slot-generation.ts';
import type { VisitNotifier } from './visit-notifier.ts';
import { isVerifiedPhoneOf, latestVerifiedPhone } from '../account/person.repository.ts';
import * as repository from './visit.repository.ts';
import type { AppointmentRow, VisitLocationRow } from './visit.table.ts';

export interface VisitRules {
  /** How many days ahead a citizen can book. */
  bookingDays: number;
  /** The citizen can cancel or move a visit up to this many hours before it. */
  changeUntilHours: number;
  /** The reminder SMS goes this many hours before the visit. */
  reminderHours: number;
  /** No slot is offered that starts sooner than this. */
  minimumNoticeMinutes: number;
}

export interface VisitContext {
  db: Db;
  notifier: VisitNotifier;
  geocoder: PostcodeGeocoder;
  rules: VisitRules;
  publicUrl: URL;
  /** Signs the survey's link sent after a visit; the manage links are derived from its secret, so a reminder can carry the same link again. */
  links: SignedLinks;
  /** Which numbers may get an SMS, and how many, on a visitor's request. */
  sms: SmsPolicy;
  clock: () => Date;
}

/** Who asks, for the SMS limits: the visitor's address. */
export interface Requester {
  address: string;
  personId?: string | null | undefined;
}

/** An SMS refused by the policy: the route shows it on the phone field (typed answers kept). */
export class SmsRefused extends HttpError {
  constructor(readonly reason: Extract<OneTimeCodeError, 'phone_country_not_allowed' | 'code_throttled'>) {
    super(reason);
  }

  get field(): string {
    return oneTimeCodeMessage(this.reason);
  }
}

/** Counts an SMS a visitor's request sends against the policy, or refuses it. */
async function allowSms(context: VisitContext, db: Db, phone: string, requester: Requester): Promise<void> {
  const refused = await smsRefusal(db, context.sms, { phone, address: requester.address, now: context.clock() });
  if (refused) throw new SmsRefused(refused);
}

/** What the current booking step shows, from the choices in the query string. */
export async function loadBookingStep(context: VisitContext, query: VisitStepQuery, personId?: string | null): Promise<VisitStepData> {
  const { db } = context;
  const services = (await repository.listServices(db)).map((row) => ({ id: row.id, slotMinutes: row.slot_minutes }));
  const data: VisitStepData = {
    step: 'service',
    services,
    locations: [],
    days: [],
    times: [],
    changeUntilHours: context.rules.changeUntilHours,
  };
  const service = services.find((candidate) => candidate.id === query.service);
  if (!service) return data;
  data.service = service;
  data.step = 'location';

  const rows = await repository.listLocationsOffering(db, service.id);
  let locations = rows.map((row) => locationView(row));
  const postcode = query.postcode?.trim();
  if (postcode) {
    data.postcode = postcode;
    const checked = validate(postcodeSchema, postcode);
    const here = checked.ok ? await context.geocoder.locate(checked.value) : undefined;
    if (!checked.ok) data.postcodeError = 'visit:errors.postcode_invalid';
    else if (!here) data.postcodeError = 'visit:errors.postcode_unknown';
    else {
      locations = rows
        .map((row) => locationView(row, Math.round(distanceKm(here, row) * 10) / 10))
        .sort((a, b) => (a.distanceKm ?? 0) - (b.distanceKm ?? 0));
    }
  }
  data.locations = locations;
  const location = locations.find((candidate) => candidate.id === query.location);
  if (!location) return data;
  data.location = location;
  data.step = 'day';

  const days = await availableDays(context, location.id, service.slotMinutes, parisDayOf(context.clock()), context.rules.bookingDays);
  data.days = days.filter((day) => day.open).map((day) => ({ day: day.day, freeSlots: day.slots.length }));
  const day = days.find((candidate) => candidate.day === query.day && candidate.open);
  if (!day) return data;
  data.day = day.day;
  data.step = 'time';
  data.times = day.slots.map((slot) => ({ startsAt: slot.startsAt.toISOString(), time: slot.time }));
  const slot = day.slots.find((candidate) => candidate.startsAt.toISOString() === query.start);
  if (query.start && !slot) data.slotGone = true;
  if (!slot) return data;
  data.slot = { startsAt: slot.startsAt.toISOString(), day: day.day, time: slot.time, changeable: isChangeableAt(context, slot.startsAt) };
  data.step = 'details';
  const verifiedPhone = personId ? await latestVerifiedPhone(db, personId) : undefined;
  if (verifiedPhone) data.verifiedPhone = verifiedPhone;
  return data;
}

export function locationView(row: VisitLocationRow, distance?: number): VisitLocationView {
  return {
    id: row.id,
    name: row.name,
    street: row.street,
    postcode: row.postcode,
    city: row.city,
    wheelchairAccess: row.wheelchair_access,
    hearingLoop: row.hearing_loop,
    languages: row.languages,
    openingHours: row.opening_hours,
    directionsUrl: `https://www.openstreetmap.org/directions?route=%3B${row.latitude}%2C${row.longitude}`,
    ...(distance === undefined ? {} : { distanceKm: distance }),
  };
}

/** Each day's free slots of a service at a location, from the opening hours, closures and holds. */
export async function availableDays(
  context: VisitContext,
  locationId: string,
  slotMinutes: number,
  firstDay: string,
  dayCount: number,
): Promise<GeneratedDay[]> {
  const { db } = context;
  const lastDay = addDays(firstDay, dayCount - 1);
  const from = parisInstant(firstDay, '00:00') ?? new Date(`${firstDay}T00:00:00Z`);
  const to = parisInstant(addDays(lastDay, 1), '00:00') ?? new Date(`${addDays(lastDay, 1)}T00:00:00Z`);
  const location = await repository.findLocation(db, locationId);
  if (!location) return [];
  const [closures, counters, heldCells] = await Promise.all([
    repository.listClosures(db, locationId, firstDay, lastDay),
    repository.listCounters(db, locationId),
    repository.listHeldCells(db, locationId, from, to),
  ]);
  return generateSlots({
    now: context.clock(),
    firstDay,
    dayCount,
    openingHours: location.opening_hours,
    closures,
    slotMinutes,
    counterIds: counters.map((counter) => counter.id),
    heldCells,
    minimumNoticeMinutes: context.rules.minimumNoticeMinutes,
  });
}

interface SlotRequest {
  serviceId: string;
  locationId: string;
  startsAt: Date;
}

/** The slot if it is one the location offers for the service and a counter is free for it now. */
async function findFreeSlot(context: VisitContext, request: SlotRequest) {
  const service = await repository.findService(context.db, request.serviceId);
  if (!service || !(await repository.locationOffers(context.db, request.locationId, request.serviceId))) return undefined;
  const [day] = await availableDays(context, request.locationId, service.slot_minutes, parisDayOf(request.startsAt), 1);
  const slot = day?.slots.find((candidate) => candidate.startsAt.getTime() === request.startsAt.getTime());
  return slot && { ...slot, slotMinutes: service.slot_minutes };
}

/**
 * Books a slot inside the caller's transaction. The counters that looked free are tried in turn:
 * the appointment claims its cells, and if another booking got one first (the database's primary
 * key decides, under any concurrency) the attempt is undone and the next counter is tried.
 */
export async function bookSlot(
  context: VisitContext,
  trx: Db,
  request: SlotRequest & { phone: string; name: string; language: Language; walkIn?: boolean; personId?: string | null },
): Promise<{ appointment: AppointmentRow; manageToken: string }> {
  const slot = await findFreeSlot({ ...context, db: trx }, request);
  if (!slot) throw new HttpError('slot_taken');
  const cells = holdCells(slot.startsAt, slot.slotMinutes);
  for (const counterId of slot.freeCounterIds) {
    const id = randomUUID();
    const manageToken = manageTokenFor(context.links.secret, id);
    const inserted = await repository.insertAppointment(trx, {
      id,
      reference: newQuotedReference('RDV'),
      manage_token_hash: hashToken(manageToken),
      service_id: request.serviceId,
      location_id: request.locationId,
      counter_id: counterId,
      starts_at: slot.startsAt,
      ends_at: slot.endsAt,
      phone: request.phone,
      name: request.name,
      language: request.language,
      walk_in: request.walkIn ?? false,
      person_id: request.personId ?? null,
      checked_in_at: null,
      reminder_sent_at: null,
      status_changed_at: null,
    });
    // A reference clash (1 in 32^8) is retried like a taken counter.
    if (!inserted) continue;
    if ((await repository.insertHolds(trx, id, counterId, cells)) === cells.length) {
      const appointment = await repository.findAppointmentById(trx, id);
      if (appointment) return { appointment, manageToken };
    }
    await repository.deleteAppointment(trx, id);
  }
  throw new HttpError('slot_taken');
}

/**
 * The details step. Signed in with a number they already proved, the citizen is booked at once;
 * anyone else gets a code by SMS (the slot is checked, not held, until the code comes back). Either
 * way an SMS goes to the number, so it counts against the SMS limits first.
 */
export async function startVerification(
  context: VisitContext,
  trx: Db,
  details: VisitDetails,
  language: Language,
  requester: Requester,
): Promise<VisitVerificationCreated> {
  const startsAt = new Date(details.start);
  const { personId } = requester;
  if (personId && (await isVerifiedPhoneOf(trx, personId, details.phone))) {
    await allowSms(context, trx, details.phone, requester);
    const booked = await bookSlot(context, trx, {
      serviceId: details.service,
      locationId: details.location,
      startsAt,
      phone: details.phone,
      name: details.name,
      language,
      personId,
    });
    await sendAppointmentSms(context, trx, 'visit_confirmation', booked.appointment, booked.manageToken);
    return { booked: { reference: booked.appointment.reference, manageToken: booked.manageToken } };
  }
  const slot = await findFreeSlot({ ...context, db: trx }, { serviceId: details.service, locationId: details.location, startsAt });
  if (!slot) throw new HttpError('slot_taken');
  await allowSms(context, trx, details.phone, requester);
  const verification = randomBytes(32).toString('base64url');
  const idHash = hashToken(verification);
  await repository.insertVerification(trx, {
    id_hash: idHash,
    service_id: details.service,
    location_id: details.location,
    starts_at: startsAt,
    phone: details.phone,
    name: details.name,
    language,
    person_id: personId ?? null,
  });
  const { code } = await issueCode(trx, { purpose: 'visit_booking', subject: idHash, phone: details.phone, now: context.clock() });
  await context.notifier.send(trx, { template: 'visit_code', phone: details.phone, language, params: { code } });
  return { verification };
}

/** What the code page shows: the slot being confirmed, or nothing when the link is unknown. */
export async function verificationSummary(context: VisitContext, verification: string): Promise<VerificationSummary | undefined> {
  const idHash = hashToken(verification);
  const row = await repository.findVerification(context.db, idHash);
  if (!row) return undefined;
  const wall = parisWallClock(row.starts_at);
  const [location, pending] = await Promise.all([
    repository.findLocation(context.db, row.location_id),
    pendingCode(context.db, 'visit_booking', idHash, context.clock()),
  ]);
  return {
    serviceId: row.service_id,
    locationName: location?.name ?? '',
    day: wall.day,
    time: wall.time,
    usable: pending !== undefined,
  };
}

export type CodeBooking =
  { booked: VisitBooked } | { refused: Extract<OneTimeCodeError, 'code_expired' | 'code_wrong' | 'code_attempts_exhausted'> };

/**
 * Step two, in the caller's transaction: checks the code and, when right, books the slot and texts
 * the confirmation. A wrong try commits as a counted try; a right one whose slot went meanwhile
 * is undone with the booking, so the code still works for the answer the citizen gets next.
 * (The confirmation counts against no limit: it follows a code that did, once.)
 */
export async function bookWithCode(context: VisitContext, trx: Db, verification: string, code: string): Promise<CodeBooking> {
  const idHash = hashToken(verification);
  const row = await repository.findVerification(trx, idHash);
  if (!row) throw new HttpError('not_found');
  const checked = await checkCode(trx, { purpose: 'visit_booking', subject: idHash, code, now: context.clock() });
  if (!checked.ok) return { refused: checked.error };
  const booked = await bookSlot(context, trx, {
    serviceId: row.service_id,
    locationId: row.location_id,
    startsAt: row.starts_at,
    phone: row.phone,
    name: row.name,
    language: row.language,
    personId: row.person_id,
  });
  await sendAppointmentSms(context, trx, 'visit_confirmation', booked.appointment, booked.manageToken);
  return { booked: { reference: booked.appointment.reference, manageToken: booked.manageToken } };
}

/** How far back a citizen's list of visits goes. */
const myVisitsDays = 90;

/** The visits a signed-in citizen booked, with their manage links (derived, never stored). */
export async function listMyVisits(context: VisitContext, personId: string): Promise<MyVisitView[]> {
  const since = new Date(context.clock().getTime() - myVisitsDays * 86_400_000);
  const rows = await repository.listPersonAppointments(context.db, personId, since);
  return rows.map((row) => {
    const wall = parisWallClock(row.starts_at);
    return {
      reference: row.reference,
      status: row.status,
      serviceId: row.service_id,
      locationName: row.location_name,
      day: wall.day,
      time: wall.time,
      manageToken: manageTokenFor(context.links.secret, row.id),
    };
  });
}

/** Moves are few (each one texts an SMS under the limits); this only stops a corrupted loop. */
const maxMoves = 100;

/** The visit a booking became after every move (itself when never moved). */
async function latestOf(db: Db, appointment: AppointmentRow): Promise<AppointmentRow> {
  let current = appointment;
  for (let hop = 0; hop < maxMoves && current.moved_to_id; hop += 1) {
    const next = await repository.findAppointmentById(db, current.moved_to_id);
    if (!next) break;
    current = next;
  }
  return current;
}

/** The manage link's token of the visit the citizen has now: the short link in an old SMS leads there. */
export async function currentManageToken(context: VisitContext, manageToken: string): Promise<string> {
  const appointment = await appointmentByToken(context.db, manageToken);
  if (!appointment.moved_to_id) return manageToken;
  return manageTokenFor(context.links.secret, (await latestOf(context.db, appointment)).id);
}

/** The booking behind a manage link, or a 404 for any token that is not one. */
async function appointmentByToken(db: Db, manageToken: string): Promise<AppointmentRow> {
  const appointment = await repository.findAppointmentByTokenHash(db, hashToken(manageToken));
  if (!appointment) throw new HttpError('not_found');
  return appointment;
}

export async function appointmentView(context: VisitContext, manageToken: string): Promise<AppointmentView> {
  const appointment = await appointmentByToken(context.db, manageToken);
  const [service, location] = await Promise.all([
    repository.findService(context.db, appointment.service_id),
    repository.findLocation(context.db, appointment.location_id),
  ]);
  if (!service || !location) throw new HttpError('not_found');
  const wall = parisWallClock(appointment.starts_at);
  const until = parisWallClock(changeDeadline(context, appointment.starts_at));
  const view: AppointmentView = {
    reference: appointment.reference,
    status: appointment.status,
    service: { id: service.id, slotMinutes: service.slot_minutes },
    location: locationView(location),
    startsAt: appointment.starts_at.toISOString(),
    day: wall.day,
    time: wall.time,
    name: appointment.name,
    changeable: isChangeable(context, appointment),
    changeUntilHours: context.rules.changeUntilHours,
    changeUntil: { day: until.day, time: until.time },
  };
  if (appointment.moved_to_id) {
    const latest = await latestOf(context.db, appointment);
    const latestLocation = await repository.findLocation(context.db, latest.location_id);
    const latestWall = parisWallClock(latest.starts_at);
    view.movedTo = {
      manageToken: manageTokenFor(context.links.secret, latest.id),
      day: latestWall.day,
      time: latestWall.time,
      locationName: latestLocation?.name ?? '',
    };
  }
  return view;
}

/** The last moment a visit starting then can be cancelled or moved online. */
function changeDeadline(context: VisitContext, startsAt: Date): Date {
  return new Date(startsAt.getTime() - context.rules.changeUntilHours * 3_600_000);
}

function isChangeableAt(context: VisitContext, startsAt: Date): boolean {
  return context.clock().getTime() <= changeDeadline(context, startsAt).getTime();
}

function isChangeable(context: VisitContext, appointment: AppointmentRow): boolean {
  return appointment.status === 'booked' && isChangeableAt(context, appointment.starts_at);
}

function ensureChangeable(context: VisitContext, appointment: AppointmentRow): void {
  if (appointment.status !== 'booked') throw new HttpError('appointment_not_booked');
  if (!isChangeable(context, appointment)) throw new HttpError('too_late_to_change');
}

/** The citizen cancels from their link: allowed while booked and far enough ahead; frees the counter. */
export async function cancelByCitizen(context: VisitContext, trx: Db, manageToken: string): Promise<void> {
  const appointment = await appointmentByToken(trx, manageToken);
  if (appointment.status === 'cancelled_by_citizen') return;
  ensureChangeable(context, appointment);
  if (!(await repository.updateAppointmentStatus(trx, appointment.id, 'booked', 'cancelled_by_citizen', context.clock()))) {
    throw new HttpError('appointment_not_booked');
  }
  await repository.releaseHolds(trx, appointment.id);
}

/**
 * Moves a visit to another time at the same place: the new slot is booked and the old one freed
 * together. Each move texts a confirmation, so it counts against the SMS limits like a code.
 */
export async function rescheduleByCitizen(
  context: VisitContext,
  trx: Db,
  manageToken: string,
  startsAt: Date,
  requester: Requester,
): Promise<VisitBooked> {
  const appointment = await appointmentByToken(trx, manageToken);
  ensureChangeable(context, appointment);
  await allowSms(context, trx, appointment.phone, requester);
  if (!(await repository.updateAppointmentStatus(trx, appointment.id, 'booked', 'cancelled_by_citizen', context.clock()))) {
    throw new HttpError('appointment_not_booked');
  }
  await repository.releaseHolds(trx, appointment.id);
  const booked = await bookSlot(context, trx, {
    serviceId: appointment.service_id,
    locationId: appointment.location_id,
    startsAt,
    phone: appointment.phone,
    name: appointment.name,
    language: appointment.language,
    personId: appointment.person_id,
  });
  // The old link leads to this one from now on (and through it to any later move).
  await repository.markMoved(trx, appointment.id, booked.appointment.id);
  await sendAppointmentSms(context, trx, 'visit_confirmation', booked.appointment, booked.manageToken);
  return { reference: booked.appointment.reference, manageToken: booked.manageToken };
}

/** The service cancels (a closure, an agent away): the counter is freed and the citizen gets an SMS. */
export async function cancelByService(context: VisitContext, trx: Db, appointmentId: string): Promise<boolean> {
  const appointment = await repository.findAppointmentById(trx, appointmentId);
  if (!appointment) return false;
  if (!(await repository.updateAppointmentStatus(trx, appointment.id, 'booked', 'cancelled_by_service', context.clock()))) return false;
  await repository.releaseHolds(trx, appointment.id);
  await sendAppointmentSms(context, trx, 'visit_cancelled_by_service', appointment, manageTokenFor(context.links.secret, appointment.id));
  return true;
}

/**
 * Sends the reminders that are due (visits starting within `reminderHours`), each once: claiming
 * and queuing happen in one transaction, so a crash sends none and a second run sends no duplicate.
 */
export async function sendDueReminders(context: VisitContext): Promise<number> {
  const now = context.clock();
  const until = new Date(now.getTime() + context.rules.reminderHours * 3_600_000);
  return context.db.transaction().execute(async (trx) => {
    const due = await repository.claimDueReminders(trx, now, until);
    for (const claimed of due) {
      const appointment = await repository.findAppointmentById(trx, claimed.id);
      if (appointment)
        await sendAppointmentSms(context, trx, 'visit_reminder', appointment, manageTokenFor(context.links.secret, appointment.id));
    }
    return due.length;
  });
}

async function sendAppointmentSms(
  context: VisitContext,
  trx: Db,
  template: 'visit_confirmation' | 'visit_reminder' | 'visit_cancelled_by_service',
  appointment: AppointmentRow,
  manageToken: string,
): Promise<void> {
  const location = await repository.findLocation(trx, appointment.location_id);
  const wall = parisWallClock(appointment.starts_at);
  await context.notifier.send(trx, {
    template,
    phone: appointment.phone,
    language: appointment.language,
    params: {
      reference: appointment.reference,
      day: wall.day,
      time: wall.time,
      place: location ? `${location.name}, ${location.street}, ${location.postcode} ${location.city}` : '',
      link: manageLink(context, manageToken),
      // Booked inside the change window (same day, or nearly), the SMS must not offer to cancel online.
      changeable: isChangeable(context, appointment),
      changeUntilHours: context.rules.changeUntilHours,
    },
  });
}

export function manageLink(context: Pick<VisitContext, 'publicUrl'>, manageToken: string): string {
  return new URL(`/v/${manageToken}`, context.publicUrl).href;
}

/** For the calendar file: the appointment's fixed id (the event UID) and its times. */
export async function appointmentForCalendar(context: VisitContext, manageToken: string) {
  const appointment = await appointmentByToken(context.db, manageToken);
  const location = await repository.findLocation(context.db, appointment.location_id);
  if (!location) throw new HttpError('not_found');
  return { appointment, location };
}

/**
 * The secret manage links are derived from: the configured one, or else a random one made once and
 * kept in the database, so every instance (and every restart) derives the same links.
 */

/**
 * Manage links are derived from the appointment id with a server secret: unguessable, never stored
 * (only their hash is), and the reminder can carry the same link as the confirmation.
 */
function manageTokenFor(secret: string, appointmentId: string): string {
  // 192 bits: unguessable, and short enough for the link to fit in one SMS with its sentence.
  return createHmac('sha256', secret).update(`visit-manage:${appointmentId}`).digest().subarray(0, 24).toString('base64url');
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
