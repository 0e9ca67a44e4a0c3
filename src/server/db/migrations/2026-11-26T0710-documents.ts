import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('document')
    .addColumn('id', 'uuid', (column) => column.primaryKey())
    .addColumn('person_id', 'text', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('kind', 'text', (column) => column.notNull())
    // YYYY-MM-DD as text: PGlite and pg would parse a `date` into different JavaScript values.
    .addColumn('expires_on', 'text')
    .addColumn('media_type', 'text', (column) => column.notNull())
    .addColumn('size', 'integer', (column) => column.notNull())
    .addColumn('sha256', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('storage_key', 'text', (column) => column.notNull().unique())
    .addColumn('wrapped_key', 'text', (column) => column.notNull())
    .addColumn('key_id', 'text', (column) => column.notNull())
    .addColumn('in_locker', 'boolean', (column) => column.notNull())
    .addColumn('deleted_at', 'timestamptz')
    .addColumn('reminder_sent_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('document_kind', sql`kind in ('identity', 'proof_of_address', 'income', 'family_record_book', 'other')`)
    .addCheckConstraint('document_expires_on', sql`expires_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`)
    .addCheckConstraint('document_status', sql`status in ('clean', 'unscanned', 'quarantined')`)
    .execute();
  await db.schema.createIndex('document_person').on('document').columns(['person_id', 'created_at']).execute();
  // The reminder job only ever looks at documents that expire and were not reminded yet.
  await db.schema
    .createIndex('document_expiry_pending')
    .on('document')
    .column('expires_on')
    .where(sql.ref('reminder_sent_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('document_upload')
    .addColumn('id', 'uuid', (column) => column.primaryKey())
    .addColumn('person_id', 'text', (column) => column.notNull())
    .addColumn('size', 'integer', (column) => column.notNull())
    .addColumn('metadata', 'jsonb', (column) => column.notNull())
    .addColumn('wrapped_key', 'text', (column) => column.notNull())
    .addColumn('key_id', 'text', (column) => column.notNull())
    .addColumn('document_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('dossier_document')
    .addColumn('dossier_id', 'uuid', (column) => column.notNull().references('dossier.id'))
    .addColumn('document_id', 'uuid', (column) => column.notNull().references('document.id'))
    .addColumn('question', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint('dossier_document_pk', ['dossier_id', 'question'])
    .execute();
  await db.schema.createIndex('dossier_document_document').on('dossier_document').column('document_id').execute();

  // The plain uploads of procedures gave way to the locker: one way to give a proof.
  await db.schema.dropTable('procedure_upload').ifExists().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('dossier_document').execute();
  await db.schema.dropTable('document_upload').execute();
  await db.schema.dropTable('document').execute();
}
