import type { FastifyInstance } from 'fastify';
import { sendDueReminders, type VisitContext } from './visit.service.ts';

/**
 * Every few minutes, sends the reminders that have fallen due. Safe on many instances at once:
 * each reminder is claimed in the database before it is queued (see `claimDueReminders`).
 */
export function scheduleVisitReminders(app: FastifyInstance, context: VisitContext, intervalSeconds: number): void {
  if (intervalSeconds === 0) return;
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    timer = setInterval(() => {
      sendDueReminders(context).catch((error: unknown) => app.log.error({ err: error }, 'visit reminders failed'));
    }, intervalSeconds * 1000);
    timer.unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));
}
