import { sql, type Kysely } from 'kysely';

/** Mandates (an agent acting for a citizen, with their consent) and who submitted each dossier. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mandate')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (column) => column.notNull().references('person.id'))
    .addColumn('agent_id', 'uuid', (column) => column.notNull().references('agent.id'))
    .addColumn('scope_kind', 'text', (column) => column.notNull())
    .addColumn('scope_value', 'text', (column) => column.notNull())
    .addColumn('duration_hours', 'integer', (column) => column.notNull())
    .addColumn('consent_method', 'text', (column) => column.notNull())
    .addColumn('channel', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    // SMS consent: the number the code went to, and the code's salted hash (never the code).
    .addColumn('code_phone', 'text')
    .addColumn('code_hash', 'text')
    .addColumn('code_expires_at', 'timestamptz')
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    // In person: the document shown and what the agent checked on it.
    .addColumn('identity_document', 'text')
    .addColumn('identity_checks', 'jsonb', (column) => column.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('requested_at', 'timestamptz', (column) => column.notNull())
    .addColumn('granted_at', 'timestamptz')
    .addColumn('expires_at', 'timestamptz')
    .addColumn('ended_at', 'timestamptz')
    .addCheckConstraint('mandate_scope_kind', sql`scope_kind in ('procedure', 'theme')`)
    .addCheckConstraint('mandate_consent_method', sql`consent_method in ('sms_code', 'in_person')`)
    .addCheckConstraint('mandate_channel', sql`channel in ('phone', 'counter')`)
    .addCheckConstraint('mandate_status', sql`status in ('pending', 'granted', 'failed', 'revoked', 'expired')`)
    .addCheckConstraint('mandate_granted_has_expiry', sql`status <> 'granted' or expires_at is not null`)
    .execute();
  await db.schema.createIndex('mandate_person').on('mandate').columns(['person_id', 'requested_at']).execute();

  await db.schema
    .alterTable('dossier')
    .addColumn('submission_channel', 'text', (column) => column.notNull().defaultTo('web'))
    .addColumn('submitted_by_agent_id', 'text')
    .addColumn('mandate_id', 'uuid', (column) => column.references('mandate.id'))
    .execute();
}
