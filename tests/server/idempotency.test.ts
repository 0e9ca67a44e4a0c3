import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { databaseKinds } from '../support/test-database.ts';
import { visitor } from '../support/visitor.ts';

const request = { phone: '06 12 34 56 78', topic: 'school', window: 'morning', name: 'Camille' };

describe.each(databaseKinds)('the same write sent several times at once on %s', (kind) => {
  let test: TestApp;

  beforeAll(async () => {
    test = await createTestApp(kind);
  });
  afterAll(() => test.close());

  it('is done once: the others wait for it and get its answer, never a 409', async () => {
    const citizen = await visitor(test.app);
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => citizen.postJson('/api/callback-requests', request, { idempotencyKey: 'key-concurrent-00000001' })),
    );
    expect(responses.map((response) => response.statusCode)).toEqual(Array.from({ length: 6 }, () => 201));
    expect(responses.filter((response) => response.headers['idempotent-replayed'] === 'true')).toHaveLength(5);
    const references = new Set(responses.map((response) => response.json<{ reference: string }>().reference));
    expect(references.size).toBe(1);
    expect(await test.database.db.selectFrom('callback_request').select('id').execute()).toHaveLength(1);
  });
});
