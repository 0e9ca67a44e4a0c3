import type { AgendaAction, CounterAgendaView, WalkIn } from '../../shared/counter-agenda.ts';
import type { Language } from '../../shared/languages.ts';
import { addDays, parisDayOf, parisInstant, parisWallClock } from '../../shared/paris-time.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/database.ts';
import { HttpError } from '../http/http-error.ts';
import * as repository from './visit.repository.ts';
import { inviteToSatisfactionSurvey } from '../survey/satisfaction-survey.service.ts';
import { availableDays, bookSlot, cancelByService, type VisitContext } from './visit.service.ts';

/** The location a signed-in counter agent works at (staffed by their unit), or 403 when none is. */
export async function agentLocation(db: Db, agent: { unit: string }) {
  const location = await repository.findStaffedLocation(db, agent.unit);
  if (!location) throw new HttpError('forbidden');
  return location;
}

/** Today's appointments at a location, counter by counter, earliest first. */
export async function loadAgenda(context: VisitContext, locationId: string, locationName: string): Promise<CounterAgendaView> {
  const day = parisDayOf(context.clock());
  const from = parisInstant(day, '00:00') ?? new Date(`${day}T00:00:00Z`);
  const to = parisInstant(addDays(day, 1), '00:00') ?? new Date(`${addDays(day, 1)}T00:00:00Z`);
  const [counters, rows, services] = await Promise.all([
    repository.listCounters(context.db, locationId),
    repository.listAgenda(context.db, locationId, from, to),
    repository.listLocationServices(context.db, locationId),
  ]);
  return {
    location: { id: locationId, name: locationName },
    day,
    services,
    counters: counters.map((counter) => ({
      id: counter.id,
      label: counter.label,
      appointments: rows
        .filter((row) => row.counter_id === counter.id)
        .map((row) => ({
          id: row.id,
          reference: row.reference,
          time: parisWallClock(row.starts_at).time,
          serviceId: row.service_id,
          name: row.name,
          status: row.status,
          walkIn: row.walk_in,
          checkedIn: row.checked_in_at !== null,
        })),
    })),
  };
}

/** Who acts at the counter, and where: every action is checked against the place and audited. */
export interface CounterActor {
  agentId: string;
  locationId: string;
}

/** Records an arrival or an outcome on an appointment of the agent's own location (any other is a 404). */
export async function recordAgendaAction(context: VisitContext, trx: Db, actor: CounterActor, appointmentId: string, action: AgendaAction) {
  const appointment = await repository.findAppointmentById(trx, appointmentId);
  if (!appointment || appointment.location_id !== actor.locationId) throw new HttpError('not_found');
  const now = context.clock();
  const done =
    action === 'check_in'
      ? await repository.markCheckedIn(trx, appointment.id, now)
      : action === 'cancel_by_service'
        ? await cancelByService(context, trx, appointment.id)
        : await repository.updateAppointmentStatus(trx, appointment.id, 'booked', action, now);
  if (!done) throw new HttpError('appointment_not_booked');
  if (action === 'seen' || action === 'no_show') await repository.releaseHolds(trx, appointment.id);
  if (action === 'seen')
    await inviteToSatisfactionSurvey(
      trx,
      {
        channel: 'counter',
        service: appointment.service_id,
        phone: appointment.phone,
        language: appointment.language,
        subject: { type: 'appointment', id: appointment.id },
        ...(appointment.person_id ? { personId: appointment.person_id } : {}),
      },
      context.links,
    );
  await recordAudit(trx, {
    actor: { kind: 'agent', id: actor.agentId },
    action: `appointment.${action}`,
    subject: { type: 'appointment', id: appointment.reference },
    details: { location: appointment.location_id, counter: appointment.counter_id, channel: 'counter' },
  });
}

/**
 * Someone came without an appointment: they get the first free time today (the one under way
 * included), on a free counter, already checked in. No SMS: they are standing at the counter.
 */
export async function registerWalkIn(context: VisitContext, trx: Db, actor: CounterActor, walkIn: WalkIn, language: Language) {
  const { locationId } = actor;
  const service = await repository.findService(trx, walkIn.service);
  if (!service || !(await repository.locationOffers(trx, locationId, service.id))) throw new HttpError('service_not_offered');
  // A slot that started less than its length ago is still usable for someone already here.
  const walkInContext = { ...context, db: trx, rules: { ...context.rules, minimumNoticeMinutes: 1 - service.slot_minutes } };
  const [day] = await availableDays(walkInContext, locationId, service.slot_minutes, parisDayOf(context.clock()), 1);
  const slot = day?.slots[0];
  if (!slot) throw new HttpError('no_slot_today');
  const booked = await bookSlot(walkInContext, trx, {
    serviceId: service.id,
    locationId,
    startsAt: slot.startsAt,
    phone: walkIn.phone,
    name: walkIn.name,
    language,
    walkIn: true,
  });
  await repository.markCheckedIn(trx, booked.appointment.id, context.clock());
  await recordAudit(trx, {
    actor: { kind: 'agent', id: actor.agentId },
    action: 'appointment.walk_in',
    subject: { type: 'appointment', id: booked.appointment.reference },
    details: { location: locationId, counter: booked.appointment.counter_id, service: service.id, channel: 'counter' },
  });
  return { reference: booked.appointment.reference, time: slot.time };
}
