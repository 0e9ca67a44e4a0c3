import type { Insertable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { AppointmentStatus } from '../../shared/visit.ts';
import type { AppointmentTable, VisitPhoneVerificationTable } from './visit.table.ts';

export async function listServices(db: Db) {
  return db.selectFrom('visit_service').selectAll().orderBy('id').execute();
}

export async function findService(db: Db, serviceId: string) {
  return db.selectFrom('visit_service').selectAll().where('id', '=', serviceId).executeTakeFirst();
}

/** The locations where a service can be booked (they offer it and have at least one counter). */
export async function listLocationsOffering(db: Db, serviceId: string) {
  return db
    .selectFrom('visit_location')
    .innerJoin('visit_location_service', 'visit_location_service.location_id', 'visit_location.id')
    .selectAll('visit_location')
    .where('visit_location_service.service_id', '=', serviceId)
    .where((eb) =>
      eb.exists(eb.selectFrom('visit_counter').select('visit_counter.id').whereRef('visit_counter.location_id', '=', 'visit_location.id')),
    )
    .orderBy('visit_location.name')
    .execute();
}

export async function findLocation(db: Db, locationId: string) {
  return db.selectFrom('visit_location').selectAll().where('id', '=', locationId).executeTakeFirst();
}

export async function locationOffers(db: Db, locationId: string, serviceId: string): Promise<boolean> {
  const row = await db
    .selectFrom('visit_location_service')
    .select('location_id')
    .where('location_id', '=', locationId)
    .where('service_id', '=', serviceId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function listClosures(db: Db, locationId: string, fromDay: string, toDay: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('visit_closure')
    .select('day')
    .where('location_id', '=', locationId)
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .execute();
  return new Set(rows.map((row) => row.day));
}

export async function listCounters(db: Db, locationId: string) {
  return db.selectFrom('visit_counter').selectAll().where('location_id', '=', locationId).orderBy('label').execute();
}

/** Held cells of a location's counters in a time range, as `${counterId} ${iso}` keys. */
export async function listHeldCells(db: Db, locationId: string, from: Date, to: Date): Promise<Set<string>> {
  const rows = await db
    .selectFrom('appointment_hold')
    .innerJoin('visit_counter', 'visit_counter.id', 'appointment_hold.counter_id')
    .select(['appointment_hold.counter_id', 'appointment_hold.starts_at'])
    .where('visit_counter.location_id', '=', locationId)
    .where('appointment_hold.starts_at', '>=', from)
    .where('appointment_hold.starts_at', '<', to)
    .execute();
  return new Set(rows.map((row) => `${row.counter_id} ${row.starts_at.toISOString()}`));
}

export async function insertAppointment(db: Db, row: Insertable<AppointmentTable>): Promise<{ id: string } | undefined> {
  return db
    .insertInto('appointment')
    .values(row)
    .onConflict((conflict) => conflict.doNothing())
    .returning('id')
    .executeTakeFirst();
}

/**
 * Claims cells of a counter for an appointment. Cells another appointment holds are skipped (and a
 * concurrent claim waits for the other transaction to finish), so the count says whether all were won.
 */
export async function insertHolds(db: Db, appointmentId: string, counterId: string, cells: Date[]): Promise<number> {
  const rows = await db
    .insertInto('appointment_hold')
    .values(cells.map((startsAt) => ({ counter_id: counterId, starts_at: startsAt, appointment_id: appointmentId })))
    .onConflict((conflict) => conflict.doNothing())
    .returning('starts_at')
    .execute();
  return rows.length;
}

export async function deleteAppointment(db: Db, appointmentId: string): Promise<void> {
  await db.deleteFrom('appointment').where('id', '=', appointmentId).execute();
}

export async function releaseHolds(db: Db, appointmentId: string): Promise<void> {
  await db.deleteFrom('appointment_hold').where('appointment_id', '=', appointmentId).execute();
}

export async function findAppointmentByTokenHash(db: Db, tokenHash: string) {
  return db.selectFrom('appointment').selectAll().where('manage_token_hash', '=', tokenHash).executeTakeFirst();
}

/** The one manage-link secret: `candidate` becomes it unless another instance stored one first. */

/** A signed-in citizen's visits, latest first; a moved one is left out (the visit it became is listed). */
export async function listPersonAppointments(db: Db, personId: string, since: Date) {
  return db
    .selectFrom('appointment')
    .innerJoin('visit_location', 'visit_location.id', 'appointment.location_id')
    .select([
      'appointment.id',
      'appointment.reference',
      'appointment.status',
      'appointment.service_id',
      'appointment.starts_at',
      'visit_location.name as location_name',
    ])
    .where('appointment.person_id', '=', personId)
    .where('appointment.moved_to_id', 'is', null)
    .where('appointment.starts_at', '>=', since)
    .orderBy('appointment.starts_at', 'desc')
    .limit(50)
    .execute();
}

/** Links a moved visit to the one that replaced it. */
export async function markMoved(db: Db, appointmentId: string, movedToId: string): Promise<void> {
  await db.updateTable('appointment').set({ moved_to_id: movedToId }).where('id', '=', appointmentId).execute();
}

export async function findAppointmentById(db: Db, appointmentId: string) {
  return db.selectFrom('appointment').selectAll().where('id', '=', appointmentId).executeTakeFirst();
}

/** Changes a status only from the one expected, so two agents (or an agent and the citizen) never both win. */
export async function updateAppointmentStatus(
  db: Db,
  appointmentId: string,
  from: AppointmentStatus,
  to: AppointmentStatus,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('appointment')
    .set({ status: to, status_changed_at: now })
    .where('id', '=', appointmentId)
    .where('status', '=', from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function markCheckedIn(db: Db, appointmentId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('appointment')
    .set({ checked_in_at: now })
    .where('id', '=', appointmentId)
    .where('status', '=', 'booked')
    .where('checked_in_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Booked appointments starting within the reminder window and not reminded yet, each claimed (marked
 * as reminded) in the same statement so two job runs never send the same reminder twice.
 */
export async function claimDueReminders(db: Db, now: Date, until: Date) {
  return db
    .updateTable('appointment')
    .set({ reminder_sent_at: now })
    .where('status', '=', 'booked')
    .where('reminder_sent_at', 'is', null)
    .where('starts_at', '>', now)
    .where('starts_at', '<=', until)
    .returning(['id', 'reference', 'phone', 'language', 'starts_at', 'location_id', 'service_id'])
    .execute();
}

/** A location's appointments on one day (agent agenda), earliest first. */
export async function listAgenda(db: Db, locationId: string, from: Date, to: Date) {
  return db
    .selectFrom('appointment')
    .innerJoin('visit_counter', 'visit_counter.id', 'appointment.counter_id')
    .select([
      'appointment.id',
      'appointment.reference',
      'appointment.service_id',
      'appointment.counter_id',
      'appointment.location_id',
      'visit_counter.label as counter_label',
      'appointment.starts_at',
      'appointment.name',
      'appointment.status',
      'appointment.walk_in',
      'appointment.checked_in_at',
    ])
    .where('appointment.location_id', '=', locationId)
    .where('appointment.starts_at', '>=', from)
    .where('appointment.starts_at', '<', to)
    .where('appointment.status', 'in', ['booked', 'seen', 'no_show'])
    .orderBy('appointment.starts_at')
    .orderBy('visit_counter.label')
    .execute();
}

export async function insertVerification(db: Db, row: Insertable<VisitPhoneVerificationTable>): Promise<void> {
  await db.insertInto('visit_phone_verification').values(row).execute();
}

export async function findVerification(db: Db, idHash: string) {
  return db.selectFrom('visit_phone_verification').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
}

/** The location a counter agent works at, found from their organisational unit. */
export async function findStaffedLocation(db: Db, staffUnit: string) {
  return db.selectFrom('visit_location').selectAll().where('staff_unit', '=', staffUnit).orderBy('id').executeTakeFirst();
}

/**
 * The place a counter agent's unit staffs, if it has counters and serves this service: where they
 * may see a citizen's identity document and take their consent for that service's procedures.
 */
export async function findCounterPlaceServing(db: Db, staffUnit: string, serviceId: string) {
  return db
    .selectFrom('visit_location')
    .select(['visit_location.id', 'visit_location.name'])
    .where('visit_location.staff_unit', '=', staffUnit)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('visit_location_service')
          .select('visit_location_service.location_id')
          .whereRef('visit_location_service.location_id', '=', 'visit_location.id')
          .where('visit_location_service.service_id', '=', serviceId),
      ),
    )
    .where((eb) =>
      eb.exists(eb.selectFrom('visit_counter').select('visit_counter.id').whereRef('visit_counter.location_id', '=', 'visit_location.id')),
    )
    .orderBy('visit_location.id')
    .executeTakeFirst();
}

export async function listLocationServices(db: Db, locationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('visit_location_service')
    .select('service_id')
    .where('location_id', '=', locationId)
    .orderBy('service_id')
    .execute();
  return rows.map((row) => row.service_id);
}
