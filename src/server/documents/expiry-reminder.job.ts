import type { FastifyBaseLogger } from 'fastify';
import { listPhones, findPerson, latestIdentity } from '../account/person.repository.ts';
import type { Db } from '../db/database.ts';
import { NotificationError, queueNotification } from '../notifications/notification.service.ts';
import type { DocumentStorage } from './document-storage.ts';
import { claimExpiryReminders, deleteStaleUploads } from './document.repository.ts';

/**
 * Reminds citizens, by SMS, of documents that expire within `days`. Each document is claimed and
 * its message queued in one transaction: reminded once, whichever server runs the job, however often.
 */
export async function sendExpiryReminders(db: Db, now: Date, days: number): Promise<number> {
  const until = new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
  return db.transaction().execute(async (trx) => {
    const due = await claimExpiryReminders(trx, until);
    let queued = 0;
    for (const document of due) {
      const person = await findPerson(trx, document.person_id);
      if (!person?.notify_sms || !document.expires_on) continue;
      const phones = await listPhones(trx, document.person_id);
      const phone =
        phones.find((entry) => entry.verified_at)?.phone ??
        phones[0]?.phone ??
        (await latestIdentity(trx, document.person_id))?.phone_number;
      if (!phone) continue;
      try {
        await queueNotification(trx, {
          channel: 'sms',
          to: phone,
          template: 'document_expiry_reminder',
          language: person.language ?? 'fr',
          params: { kind: document.kind, date: document.expires_on },
          personId: document.person_id,
        });
        queued += 1;
      } catch (error) {
        // A number the gateway cannot take is no reason to hold the other reminders back.
        if (!(error instanceof NotificationError)) throw error;
      }
    }
    return queued;
  });
}

/**
 * Forgets uploads started more than a day ago: a finished one no longer needs its row (the client
 * learnt its document long since), an abandoned one takes its encrypted parts with it.
 */
export async function sweepStaleUploads(db: Db, staging: DocumentStorage, now: Date): Promise<number> {
  const stale = await deleteStaleUploads(db, new Date(now.getTime() - 86_400_000));
  await Promise.all(stale.partKeys.map((key) => staging.delete(key)));
  return stale.uploads;
}

export interface ExpiryReminderJob {
  stop(): Promise<void>;
}

/** Runs the reminders and the upload sweep now and then every `intervalMs`, beside the notification worker. */
export function startExpiryReminderJob(
  db: Db,
  options: { days: number; intervalMs: number; staging: DocumentStorage },
  log: FastifyBaseLogger,
): ExpiryReminderJob {
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = sendExpiryReminders(db, new Date(), options.days)
      .then(async (count) => {
        if (count > 0) log.info({ count }, 'document expiry reminders queued');
        await sweepStaleUploads(db, options.staging, new Date());
      })
      .catch((error: unknown) => log.error({ err: error }, 'document expiry reminders failed'));
  };
  run();
  const timer = setInterval(run, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
