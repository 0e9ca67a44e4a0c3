import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('visit_service')
    .addColumn('id', 'text', (column) => column.primaryKey())
    // Appointments hold counters in 15-minute cells (see slot-generation.ts).
    .addColumn('slot_minutes', 'integer', (column) => column.notNull().check(sql`slot_minutes > 0 and slot_minutes % 15 = 0`))
    .execute();

  await db.schema
    .createTable('visit_location')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('street', 'text', (column) => column.notNull())
    .addColumn('postcode', 'text', (column) => column.notNull())
    .addColumn('city', 'text', (column) => column.notNull())
    .addColumn('latitude', 'double precision', (column) => column.notNull())
    .addColumn('longitude', 'double precision', (column) => column.notNull())
    .addColumn('wheelchair_access', 'boolean', (column) => column.notNull())
    .addColumn('hearing_loop', 'boolean', (column) => column.notNull())
    .addColumn('languages', 'jsonb', (column) => column.notNull())
    .addColumn('opening_hours', 'jsonb', (column) => column.notNull())
    // Counter agents whose service (organisational unit, from their identity provider) is this one work here.
    .addColumn('staff_unit', 'text')
    .execute();

  await db.schema
    .createTable('visit_location_service')
    .addColumn('location_id', 'text', (column) => column.notNull().references('visit_location.id').onDelete('cascade'))
    .addColumn('service_id', 'text', (column) => column.notNull().references('visit_service.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('visit_location_service_pk', ['location_id', 'service_id'])
    .execute();

  await db.schema
    .createTable('visit_closure')
    .addColumn('location_id', 'text', (column) => column.notNull().references('visit_location.id').onDelete('cascade'))
    .addColumn('day', 'text', (column) => column.notNull().check(sql`day ~ '^\\d{4}-\\d{2}-\\d{2}$'`))
    .addPrimaryKeyConstraint('visit_closure_pk', ['location_id', 'day'])
    .execute();

  await db.schema
    .createTable('visit_counter')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('location_id', 'text', (column) => column.notNull().references('visit_location.id').onDelete('cascade'))
    .addColumn('label', 'text', (column) => column.notNull())
    .addUniqueConstraint('visit_counter_label_unique', ['location_id', 'label'])
    .execute();

  await db.schema
    .createTable('appointment')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('reference', 'text', (column) => column.notNull().unique())
    .addColumn('manage_token_hash', 'text', (column) => column.notNull().unique())
    .addColumn('service_id', 'text', (column) => column.notNull().references('visit_service.id'))
    .addColumn('location_id', 'text', (column) => column.notNull().references('visit_location.id'))
    .addColumn('counter_id', 'text', (column) => column.notNull().references('visit_counter.id'))
    .addColumn('starts_at', 'timestamptz', (column) => column.notNull())
    .addColumn('ends_at', 'timestamptz', (column) => column.notNull())
    .addColumn('phone', 'text', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('language', 'text', (column) => column.notNull())
    // Set when a signed-in citizen booked: their visits then show in their account and timeline.
    .addColumn('person_id', 'uuid', (column) => column.references('person.id'))
    .addColumn('status', 'text', (column) =>
      column
        .notNull()
        .defaultTo('booked')
        .check(sql`status in ('booked', 'seen', 'no_show', 'cancelled_by_citizen', 'cancelled_by_service')`),
    )
    .addColumn('walk_in', 'boolean', (column) => column.notNull().defaultTo(false))
    .addColumn('checked_in_at', 'timestamptz')
    .addColumn('reminder_sent_at', 'timestamptz')
    .addColumn('status_changed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('appointment_location_starts').on('appointment').columns(['location_id', 'starts_at']).execute();
  await db.schema.createIndex('appointment_reminder_due').on('appointment').columns(['status', 'starts_at']).execute();
  await db.schema.createIndex('appointment_person').on('appointment').column('person_id').execute();

  // No double booking, enforced here and not in code: one row per counter and quarter hour an active
  // appointment covers. Two bookings that overlap on a counter collide on this primary key.
  await db.schema
    .createTable('appointment_hold')
    .addColumn('counter_id', 'text', (column) => column.notNull().references('visit_counter.id'))
    .addColumn('starts_at', 'timestamptz', (column) => column.notNull())
    .addColumn('appointment_id', 'uuid', (column) => column.notNull().references('appointment.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('appointment_hold_pk', ['counter_id', 'starts_at'])
    .execute();
  await db.schema.createIndex('appointment_hold_appointment').on('appointment_hold').column('appointment_id').execute();

  await db.schema
    .createTable('visit_link_secret')
    .addColumn('id', 'integer', (column) => column.primaryKey().check(sql`id = 1`))
    .addColumn('secret', 'text', (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('visit_phone_verification')
    .addColumn('id_hash', 'text', (column) => column.primaryKey())
    .addColumn('code_hash', 'text', (column) => column.notNull())
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('service_id', 'text', (column) => column.notNull())
    .addColumn('location_id', 'text', (column) => column.notNull())
    .addColumn('starts_at', 'timestamptz', (column) => column.notNull())
    .addColumn('phone', 'text', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('language', 'text', (column) => column.notNull())
    .addColumn('expires_at', 'timestamptz', (column) => column.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('person_id', 'uuid', (column) => column.references('person.id').onDelete('cascade'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'visit_phone_verification',
    'visit_link_secret',
    'appointment_hold',
    'appointment',
    'visit_counter',
    'visit_closure',
    'visit_location_service',
    'visit_location',
    'visit_service',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
