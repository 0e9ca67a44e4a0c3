import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { DatabaseStartError, openMigratedDatabase } from './db/migrate.ts';
import { startExpiryReminderJob } from './documents/expiry-reminder.job.ts';
import { uploadStaging } from './documents/upload-staging.ts';
import { createNotificationSenders } from './notifications/notification-senders.ts';
import { startNotificationWorker } from './notifications/notification.worker.ts';
import { seedDemoData } from './seed/demo-seed.ts';

/** Starts Guichet: configuration, database, migrations, demo data, then the HTTP server. */
async function main() {
  const config = loadConfig();
  const db = await openMigratedDatabase(config.database);
  if (config.seedDemoData) await seedDemoData(db);
  const app = await buildApp(config, { db });
  const senders = createNotificationSenders(db, config.notifications.senders);
  const worker = config.notifications.workerEnabled
    ? startNotificationWorker(db, senders, config.notifications.worker, app.log)
    : undefined;
  // Beside the worker: the reminders it queues are what the worker sends.
  const reminders = config.notifications.workerEnabled
    ? startExpiryReminderJob(
        db,
        { days: config.documents.expiryReminderDays, intervalMs: 60 * 60_000, staging: uploadStaging(config.documents) },
        app.log,
      )
    : undefined;
  if (config.production && config.database.kind === 'postgres' && !config.database.migrationUrl) {
    app.log.warn('DATABASE_MIGRATION_URL is not set: the app runs as the role that owns the tables, which can rewrite the audit log');
  }
  if (config.production && config.notifications.senders.sms.adapter === 'inbox') {
    app.log.warn('SMS_GATEWAY_URL is not set: text messages go to the development inbox, which no one can read in production');
  }
  if (config.production && config.trustedProxies === false) {
    app.log.warn(
      'TRUSTED_PROXIES is not set: X-Forwarded-For is ignored, so behind a reverse proxy every citizen shares its address and its rate limits',
    );
  }

  // SIGTERM (a deploy, a scale-down): stop taking connections, let the requests and sends in flight
  // finish within SHUTDOWN_GRACE_SECONDS, hand what is still held back to the queue, then close the pool.
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal, graceMs: config.shutdownGraceMs }, 'shutting down');
    let grace: NodeJS.Timeout | undefined;
    const outOfTime = new Promise<void>((resolve) => (grace = setTimeout(resolve, config.shutdownGraceMs)));
    const closed = app.close();
    await Promise.all([
      Promise.race([closed, outOfTime]).then(() => app.server.closeAllConnections()),
      worker?.stop(config.shutdownGraceMs),
      reminders?.stop(),
    ]);
    clearTimeout(grace);
    await closed;
    await Promise.all([senders.sms.close?.(), senders.email.close?.()]);
    await db.destroy();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  await app.listen({ port: config.port, host: config.host });
  const where = config.database.kind === 'pglite' ? `embedded PGlite in ${config.database.dataDir}` : 'PostgreSQL';
  console.log(`Guichet is ready at ${config.publicUrl.href} (database: ${where})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof DatabaseStartError ? error.message : error);
  process.exit(1);
});
