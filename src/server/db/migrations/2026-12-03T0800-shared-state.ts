import { sql, type Kysely } from 'kysely';

/**
 * What several instances must share and used to live in one process: the development identity
 * provider's records (sessions, interactions, grants, codes), and where each upload in progress
 * stands (its encrypted parts, kept in the staging folder or the S3 bucket).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('oidc_record')
    .addColumn('model', 'text', (column) => column.notNull())
    .addColumn('id', 'text', (column) => column.notNull())
    .addColumn('payload', 'jsonb', (column) => column.notNull())
    .addColumn('grant_id', 'text')
    .addColumn('uid', 'text')
    .addColumn('user_code', 'text')
    .addColumn('consumed_at', 'timestamptz')
    .addColumn('expires_at', 'timestamptz')
    .addPrimaryKeyConstraint('oidc_record_pkey', ['model', 'id'])
    .execute();
  await db.schema.createIndex('oidc_record_grant').on('oidc_record').column('grant_id').execute();
  await db.schema.createIndex('oidc_record_uid').on('oidc_record').columns(['model', 'uid']).execute();
  await db.schema.createIndex('oidc_record_user_code').on('oidc_record').columns(['model', 'user_code']).execute();
  await db.schema.createIndex('oidc_record_expires').on('oidc_record').column('expires_at').execute();

  await db.schema
    .createTable('document_upload_part')
    .addColumn('upload_id', 'uuid', (column) => column.notNull().references('document_upload.id').onDelete('cascade'))
    // The rank of the part's first segment: two instances writing at the same offset collide here.
    .addColumn('first_segment', 'integer', (column) => column.notNull())
    .addColumn('segments', 'integer', (column) => column.notNull())
    .addColumn('plaintext_bytes', 'integer', (column) => column.notNull())
    .addColumn('storage_key', 'uuid', (column) => column.notNull().unique())
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('document_upload_part_pkey', ['upload_id', 'first_segment'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('document_upload_part').execute();
  await db.schema.dropTable('oidc_record').execute();
}
