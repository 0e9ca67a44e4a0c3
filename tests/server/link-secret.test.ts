import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkSigningSecret } from '../../src/server/security/link-secret.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/test-database.ts';

describe.each(databaseKinds)('the secret of the links sent by SMS, on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.drop());

  it('unset, is made once and found again at every start, so links sent before a restart still open', async () => {
    const first = await linkSigningSecret(database.db, undefined);
    expect(first).toMatch(/^[\w-]{43}$/);
    expect(await linkSigningSecret(database.db, undefined)).toBe(first);
  });

  it('configured, is the one used', async () => {
    const configured = 'a-secret-set-by-the-operator-0123456789';
    expect(await linkSigningSecret(database.db, configured)).toBe(configured);
  });
});
