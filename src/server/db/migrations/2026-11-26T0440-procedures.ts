import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // References come from a sequence: short, readable on the phone, never reused, never guessed twice.
  await sql`create sequence dossier_reference_seq`.execute(db);
  await db.schema
    .createTable('dossier')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('reference', 'text', (column) =>
      column
        .notNull()
        .unique()
        .defaultTo(sql`'GU-' || to_char(now(), 'YYYY') || '-' || lpad(nextval('dossier_reference_seq')::text, 6, '0')`),
    )
    .addColumn('procedure', 'text', (column) => column.notNull())
    .addColumn('service', 'text', (column) => column.notNull())
    .addColumn('person_id', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('answers', 'jsonb', (column) => column.notNull())
    .addColumn('contact_phone', 'text')
    .addColumn('language', 'text', (column) => column.notNull())
    // The submission's idempotency key: the same submission can never make a second dossier,
    // whatever path it takes to the database.
    .addColumn('submission_key', 'text', (column) => column.notNull())
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('dossier_one_per_submission', ['person_id', 'submission_key'])
    .addCheckConstraint(
      'dossier_status',
      sql`status in ('draft', 'submitted', 'in_review', 'needs_information', 'accepted', 'rejected', 'closed')`,
    )
    .execute();
  await db.schema.createIndex('dossier_person').on('dossier').columns(['person_id', 'created_at']).execute();
  await db.schema.createIndex('dossier_service_status').on('dossier').columns(['service', 'status', 'updated_at']).execute();

  await db.schema
    .createTable('dossier_event')
    .addColumn('id', 'bigserial', (column) => column.primaryKey())
    .addColumn('dossier_id', 'uuid', (column) => column.notNull().references('dossier.id'))
    .addColumn('at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn('actor_kind', 'text', (column) => column.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('channel', 'text', (column) => column.notNull())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('action', 'text')
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('message', 'text')
    .addCheckConstraint('dossier_event_actor_kind', sql`actor_kind in ('citizen', 'agent', 'system')`)
    .addCheckConstraint('dossier_event_channel', sql`channel in ('web', 'phone', 'counter', 'sms')`)
    .addCheckConstraint('dossier_event_kind', sql`kind in ('status_changed', 'message')`)
    .execute();
  await db.schema.createIndex('dossier_event_dossier').on('dossier_event').columns(['dossier_id', 'at']).execute();

  await db.schema
    .createTable('procedure_draft')
    .addColumn('person_id', 'text', (column) => column.notNull())
    .addColumn('procedure', 'text', (column) => column.notNull())
    .addColumn('answers', 'jsonb', (column) => column.notNull())
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('procedure_draft_pk', ['person_id', 'procedure'])
    .execute();

  await db.schema
    .createTable('procedure_upload')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'text', (column) => column.notNull())
    .addColumn('file_name', 'text', (column) => column.notNull())
    .addColumn('media_type', 'text', (column) => column.notNull())
    .addColumn('size', 'integer', (column) => column.notNull())
    .addColumn('content', 'bytea', (column) => column.notNull())
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('procedure_upload').execute();
  await db.schema.dropTable('procedure_draft').execute();
  await db.schema.dropTable('dossier_event').execute();
  await db.schema.dropTable('dossier').execute();
  await sql`drop sequence dossier_reference_seq`.execute(db);
}
