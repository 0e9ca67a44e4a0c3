import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findNotification } from '../../src/server/notifications/notification.repository.ts';
import { queueNotification } from '../../src/server/notifications/notification.service.ts';
import { spawnServer } from '../support/server-process.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/**
 * The server as `npm start` runs it, in its own process: its worker sends what is queued, and
 * SIGTERM stops it cleanly (exit code 0, nothing left running). PostgreSQL only: an embedded
 * PGlite cannot be shared between two processes.
 */
describe.skipIf(!process.env.DATABASE_URL)('the server process', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  });
  afterAll(() => database.drop());

  it('runs the notification worker and stops it cleanly on SIGTERM', async () => {
    if (database.config.kind !== 'postgres') throw new Error('PostgreSQL expected');
    const { id } = await queueNotification(database.db, {
      channel: 'sms',
      to: '+33612345678',
      template: 'test_message',
      language: 'fr',
      params: {},
    });
    const server = spawnServer({
      NODE_ENV: 'development',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      SEED_DEMO_DATA: 'false',
      DATABASE_URL: database.config.url,
      ...(database.config.migrationUrl ? { DATABASE_MIGRATION_URL: database.config.migrationUrl } : {}),
      DATABASE_SCHEMA: database.config.schema,
      NOTIFICATION_POLL_INTERVAL_MS: '50',
    });
    const { exited } = server;
    try {
      const deadline = Date.now() + 30_000;
      while ((await findNotification(database.db, id))?.status !== 'sent') {
        if (Date.now() > deadline) throw new Error(`The server's worker sent nothing. Output:\n${server.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const inbox = await database.db.selectFrom('dev_inbox_message').select('text').execute();
      expect(inbox.map((message) => message.text)).toEqual(["Guichet : ceci est un message d'essai. Vous n'avez rien à faire."]);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
