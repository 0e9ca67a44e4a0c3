import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export interface OidcRecordInput {
  model: string;
  id: string;
  payload: Record<string, unknown>;
  grantId: string | null;
  uid: string | null;
  userCode: string | null;
  /** Seconds from now; undefined keeps the record until it is destroyed. */
  expiresIn: number | undefined;
}

/** The models oidc-provider revokes together by grant (the in-memory adapter's list). */
const grantable = [
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
];

export async function upsertOidcRecord(db: Db, record: OidcRecordInput): Promise<void> {
  const expiresAt = record.expiresIn === undefined ? null : sql<Date>`now() + make_interval(secs => ${record.expiresIn})`;
  const values = {
    payload: JSON.stringify(record.payload),
    grant_id: record.grantId,
    uid: record.uid,
    user_code: record.userCode,
    consumed_at: null,
    expires_at: expiresAt,
  };
  await db
    .insertInto('oidc_record')
    .values({ model: record.model, id: record.id, ...values })
    .onConflict((conflict) => conflict.columns(['model', 'id']).doUpdateSet(values))
    .execute();
}

const live = (db: Db, model: string) =>
  db
    .selectFrom('oidc_record')
    .select(['payload', 'consumed_at'])
    .where('model', '=', model)
    .where((where) => where.or([where('expires_at', 'is', null), where('expires_at', '>', sql<Date>`now()`)]));

/** A record that has not expired, by its id, its interaction's uid or its user code. */
export async function findOidcRecord(db: Db, model: string, by: { id: string } | { uid: string } | { userCode: string }) {
  let query = live(db, model);
  if ('id' in by) query = query.where('id', '=', by.id);
  else if ('uid' in by) query = query.where('uid', '=', by.uid);
  else query = query.where('user_code', '=', by.userCode);
  return query.executeTakeFirst();
}

export async function consumeOidcRecord(db: Db, model: string, id: string): Promise<void> {
  await db
    .updateTable('oidc_record')
    .set({ consumed_at: sql<Date>`now()` })
    .where('model', '=', model)
    .where('id', '=', id)
    .execute();
}

export async function deleteOidcRecord(db: Db, model: string, id: string): Promise<void> {
  await db.deleteFrom('oidc_record').where('model', '=', model).where('id', '=', id).execute();
}

export async function deleteOidcRecordsOfGrant(db: Db, grantId: string): Promise<void> {
  await db.deleteFrom('oidc_record').where('grant_id', '=', grantId).where('model', 'in', grantable).execute();
}

/** Expired records are never read again; an occasional sweep keeps the table small. */
export async function deleteExpiredOidcRecords(db: Db): Promise<void> {
  await db
    .deleteFrom('oidc_record')
    .where('expires_at', '<', sql<Date>`now() - interval '1 hour'`)
    .execute();
}
