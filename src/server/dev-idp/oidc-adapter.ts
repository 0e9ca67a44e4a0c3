import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';
import type { Db } from '../db/database.ts';
import {
  consumeOidcRecord,
  deleteExpiredOidcRecords,
  deleteOidcRecord,
  deleteOidcRecordsOfGrant,
  findOidcRecord,
  upsertOidcRecord,
} from './oidc-record.repository.ts';

/**
 * oidc-provider's storage in the database instead of its in-memory default, always: a sign-in
 * started on one instance (the interaction, the provider's session, the code) finishes on any
 * other, and survives a restart.
 */
export function databaseOidcAdapter(db: Db): AdapterFactory {
  let writes = 0;
  return (model: string): Adapter => {
    const found = (row: { payload: Record<string, unknown>; consumed_at: Date | null } | undefined): AdapterPayload | undefined =>
      row ? { ...row.payload, ...(row.consumed_at ? { consumed: Math.floor(row.consumed_at.getTime() / 1000) } : {}) } : undefined;
    return {
      async upsert(id, payload, expiresIn) {
        // Now and then, not on every write: expired records are already invisible to `find`.
        writes += 1;
        if (writes % 100 === 1) await deleteExpiredOidcRecords(db);
        await upsertOidcRecord(db, {
          model,
          id,
          payload: { ...payload },
          grantId: payload.grantId ?? null,
          uid: payload.uid ?? null,
          userCode: payload.userCode ?? null,
          expiresIn: typeof expiresIn === 'number' ? expiresIn : undefined,
        });
      },
      find: async (id) => found(await findOidcRecord(db, model, { id })),
      findByUid: async (uid) => found(await findOidcRecord(db, model, { uid })),
      findByUserCode: async (userCode) => found(await findOidcRecord(db, model, { userCode })),
      consume: (id) => consumeOidcRecord(db, model, id),
      destroy: (id) => deleteOidcRecord(db, model, id),
      revokeByGrantId: (grantId) => deleteOidcRecordsOfGrant(db, grantId),
    };
  };
}
