import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.ts';

/**
 * The secret every link sent by SMS is signed or derived with (cancel a call back, rate a call,
 * manage a counter visit): the configured one, or else one made at first start and kept in the
 * database, so links sent before a restart, or by another instance, still open.
 */
export async function linkSigningSecret(db: Db, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  await db
    .insertInto('link_secret')
    .values({ id: 1, secret: randomBytes(32).toString('base64url') })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .execute();
  const row = await db.selectFrom('link_secret').select('secret').where('id', '=', 1).executeTakeFirstOrThrow();
  return row.secret;
}
