import type { VisitNotifier, VisitSms } from '../../src/server/visit/visit-notifier.ts';

/** Keeps counter-visit messages in memory, for tests that read the code a citizen would get. */
export function memoryVisitNotifier(): VisitNotifier & { sent: VisitSms[] } {
  const sent: VisitSms[] = [];
  return {
    sent,
    async send(_db, sms) {
      sent.push(sms);
    },
  };
}
