import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseOidcAdapter } from '../../src/server/dev-idp/oidc-adapter.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/test-database.ts';

/** The development provider's storage: what oidc-provider's in-memory adapter did, in the database. */
describe.each(databaseKinds)('the development provider’s database adapter on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.drop());
  const adapter = (model: string) => databaseOidcAdapter(database.db)(model);

  it('finds what was stored, by id and by uid, until it expires', async () => {
    const sessions = adapter('Session');
    await sessions.upsert('s1', { uid: 'u1', accountId: 'marie-dupont' }, 60);
    expect(await sessions.find('s1')).toMatchObject({ uid: 'u1', accountId: 'marie-dupont' });
    expect(await sessions.findByUid('u1')).toMatchObject({ accountId: 'marie-dupont' });
    // Another model's records never answer for this one.
    expect(await adapter('Interaction').find('s1')).toBeUndefined();
    await sessions.upsert('s1', { uid: 'u2', accountId: 'jean-martin' }, 60);
    expect(await sessions.findByUid('u1')).toBeUndefined();
    expect(await sessions.find('s1')).toMatchObject({ accountId: 'jean-martin' });

    await sessions.upsert('s2', { uid: 'u3' }, 60);
    await sql`update oidc_record set expires_at = now() - interval '1 second' where id = 's2'`.execute(database.db);
    expect(await sessions.find('s2')).toBeUndefined();
    expect(await sessions.findByUid('u3')).toBeUndefined();
  });

  it('finds a device flow by its user code, and forgets what is destroyed', async () => {
    const devices = adapter('DeviceCode');
    await devices.upsert('d1', { userCode: 'ABCD-EFGH', grantId: 'g0' }, 60);
    expect(await devices.findByUserCode('ABCD-EFGH')).toMatchObject({ userCode: 'ABCD-EFGH' });
    await devices.destroy('d1');
    expect(await devices.findByUserCode('ABCD-EFGH')).toBeUndefined();
  });

  it('marks a code consumed once, so a replayed code is refused', async () => {
    const codes = adapter('AuthorizationCode');
    await codes.upsert('c1', { grantId: 'g1', accountId: 'marie-dupont' }, 60);
    expect((await codes.find('c1'))?.consumed).toBeUndefined();
    await codes.consume('c1');
    expect((await codes.find('c1'))?.consumed).toEqual(expect.any(Number));
  });

  it('revokes every token of a grant, and only those', async () => {
    await adapter('AccessToken').upsert('a1', { grantId: 'g2' }, 60);
    await adapter('AuthorizationCode').upsert('c2', { grantId: 'g2' }, 60);
    await adapter('AccessToken').upsert('a2', { grantId: 'g3' }, 60);
    await adapter('Grant').upsert('g2', { accountId: 'marie-dupont' }, 60);
    await adapter('AccessToken').revokeByGrantId('g2');
    expect(await adapter('AccessToken').find('a1')).toBeUndefined();
    expect(await adapter('AuthorizationCode').find('c2')).toBeUndefined();
    expect(await adapter('AccessToken').find('a2')).toBeDefined();
    expect(await adapter('Grant').find('g2')).toBeDefined();
  });

  it('keeps a record without a lifetime until it is destroyed', async () => {
    const clients = adapter('Client');
    await clients.upsert('k1', { client_id: 'k1' });
    expect(await clients.find('k1')).toMatchObject({ client_id: 'k1' });
  });
});
