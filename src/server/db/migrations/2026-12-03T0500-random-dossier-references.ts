import { sql, type Kysely } from 'kysely';

/**
 * Dossier references are made by the server at random (security/random-reference.ts), no longer
 * counted by a sequence: a counted reference told anyone how many dossiers came before, and invited
 * trying the next one. References already given keep their value.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table dossier alter column reference drop default`.execute(db);
  await sql`drop sequence dossier_reference_seq`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create sequence dossier_reference_seq`.execute(db);
  await sql`alter table dossier alter column reference set default 'GU-' || to_char(now(), 'YYYY') || '-' || lpad(nextval('dossier_reference_seq')::text, 6, '0')`.execute(
    db,
  );
}
