import { oneTimeCodeRules } from '../../shared/one-time-code.ts';
import { formatPhone } from '../../shared/phone.ts';
import { service } from '../../shared/service.ts';
import { queueNotification } from '../notifications/notification.service.ts';
import type { VisitNotifier } from './visit-notifier.ts';

/** Counter-visit SMS through the notifications outbox, in the caller's transaction. */
export function queueVisitNotifier(): VisitNotifier {
  return {
    async send(db, sms) {
      const base = { channel: 'sms' as const, to: sms.phone, language: sms.language };
      switch (sms.template) {
        case 'visit_code':
          await queueNotification(db, {
            ...base,
            template: 'phone_verification_code',
            params: { code: sms.params.code, minutes: oneTimeCodeRules.visit_booking.validMinutes },
          });
          return;
        case 'visit_confirmation': {
          const visit = { reference: sms.params.reference, date: sms.params.day, time: sms.params.time, link: sms.params.link };
          // Inside the change window the message gives the number to call instead of cancelling online.
          await queueNotification(
            db,
            sms.params.changeable
              ? { ...base, template: 'visit_confirmation', params: { ...visit, hours: sms.params.changeUntilHours } }
              : { ...base, template: 'visit_confirmation_fixed', params: { ...visit, phone: formatPhone(service.phone) } },
          );
          return;
        }
        case 'visit_reminder':
          await queueNotification(db, {
            ...base,
            template: 'visit_reminder',
            params: { date: sms.params.day, time: sms.params.time, place: sms.params.place },
          });
          return;
        case 'visit_cancelled_by_service':
          await queueNotification(db, {
            ...base,
            template: 'visit_cancelled_by_service',
            params: { reference: sms.params.reference, date: sms.params.day, time: sms.params.time },
          });
          return;
      }
    },
  };
}
