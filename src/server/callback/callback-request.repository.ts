import type { Db } from '../db/database.ts';
import type { CallbackRequestTable } from './callback-request.table.ts';
import type { Insertable } from 'kysely';

export async function insertCallbackRequest(db: Db, row: Insertable<CallbackRequestTable>): Promise<{ reference: string } | undefined> {
  return db
    .insertInto('callback_request')
    .values(row)
    .onConflict((conflict) => conflict.column('reference').doNothing())
    .returning('reference')
    .executeTakeFirst();
}

export async function findCallbackRequestByReference(db: Db, reference: string) {
  return db.selectFrom('callback_request').selectAll().where('reference', '=', reference).executeTakeFirst();
}
