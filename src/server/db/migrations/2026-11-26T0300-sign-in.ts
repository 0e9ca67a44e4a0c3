import { sql, type Kysely } from 'kysely';

/** Citizens (a person behind each), their linked identities and contact points, agents, sessions. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('person')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('language', 'text')
    .addColumn('notify_sms', 'boolean', (column) => column.notNull().defaultTo(true))
    .addColumn('notify_email', 'boolean', (column) => column.notNull().defaultTo(false))
    .addColumn('notify_push', 'boolean', (column) => column.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('person_identity')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (column) => column.notNull().references('person.id').onDelete('cascade'))
    .addColumn('issuer', 'text', (column) => column.notNull())
    .addColumn('subject', 'text', (column) => column.notNull())
    .addColumn('provider_name', 'text', (column) => column.notNull())
    .addColumn('given_name', 'text')
    .addColumn('family_name', 'text')
    .addColumn('birthdate', 'text')
    .addColumn('gender', 'text')
    .addColumn('birthplace', 'text')
    .addColumn('birthcountry', 'text')
    .addColumn('email', 'text')
    .addColumn('phone_number', 'text')
    .addColumn('acr', 'text')
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('person_identity_issuer_subject', ['issuer', 'subject'])
    .execute();
  await db.schema.createIndex('person_identity_person').on('person_identity').column('person_id').execute();

  await db.schema
    .createTable('person_phone')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (column) => column.notNull().references('person.id').onDelete('cascade'))
    .addColumn('phone', 'text', (column) => column.notNull())
    .addColumn('source', 'text', (column) => column.notNull())
    .addColumn('verified_at', 'timestamptz')
    .addUniqueConstraint('person_phone_person_phone', ['person_id', 'phone'])
    .execute();

  await db.schema
    .createTable('person_email')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (column) => column.notNull().references('person.id').onDelete('cascade'))
    .addColumn('email', 'text', (column) => column.notNull())
    .addColumn('source', 'text', (column) => column.notNull())
    .addColumn('verified_at', 'timestamptz')
    .addUniqueConstraint('person_email_person_email', ['person_id', 'email'])
    .execute();

  await db.schema
    .createTable('agent')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('issuer', 'text', (column) => column.notNull())
    .addColumn('subject', 'text', (column) => column.notNull())
    .addColumn('given_name', 'text', (column) => column.notNull())
    .addColumn('family_name', 'text', (column) => column.notNull())
    .addColumn('email', 'text')
    .addColumn('role', 'text', (column) => column.notNull())
    .addColumn('service', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('agent_issuer_subject', ['issuer', 'subject'])
    .execute();

  await db.schema
    .createTable('session')
    .addColumn('id_hash', 'text', (column) => column.primaryKey())
    .addColumn('person_id', 'uuid', (column) => column.references('person.id').onDelete('cascade'))
    .addColumn('agent_id', 'uuid', (column) => column.references('agent.id').onDelete('cascade'))
    .addColumn('viewer', 'jsonb')
    .addColumn('id_token', 'text')
    .addColumn('login', 'jsonb')
    .addColumn('created_at', 'timestamptz', (column) => column.notNull())
    .addColumn('last_seen_at', 'timestamptz', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('session_last_seen').on('session').column('last_seen_at').execute();

  await db.schema
    .createTable('phone_verification')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (column) => column.notNull().references('person.id').onDelete('cascade'))
    .addColumn('phone', 'text', (column) => column.notNull())
    .addColumn('code_hash', 'text', (column) => column.notNull())
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('sent_at', 'timestamptz', (column) => column.notNull())
    .addColumn('expires_at', 'timestamptz', (column) => column.notNull())
    .addColumn('verified_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('phone_verification_person').on('phone_verification').column('person_id').execute();

  await db.schema
    .alterTable('callback_request')
    .addColumn('person_id', 'uuid', (column) => column.references('person.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('callback_request_phone').on('callback_request').column('phone').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('callback_request_phone').execute();
  await db.schema.alterTable('callback_request').dropColumn('person_id').execute();
  for (const table of ['phone_verification', 'session', 'agent', 'person_email', 'person_phone', 'person_identity', 'person']) {
    await db.schema.dropTable(table).execute();
  }
}
