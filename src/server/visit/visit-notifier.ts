import type { Language } from '../../shared/languages.ts';
import type { Db } from '../db/database.ts';

/** The text messages counter visits send; each names an SMS template and fills its parameters. */
export type VisitSms =
  | { template: 'visit_code'; phone: string; language: Language; params: { code: string } }
  | {
      template: 'visit_confirmation' | 'visit_reminder' | 'visit_cancelled_by_service';
      phone: string;
      language: Language;
      /**
       * `place` is the location's name and address, as the reminder says where to come; `changeable`
       * says whether the visit can still be cancelled or moved online (up to `changeUntilHours` before).
       */
      params: {
        reference: string;
        day: string;
        time: string;
        place: string;
        link: string;
        changeable: boolean;
        changeUntilHours: number;
      };
    };

/**
 * How counter visits reach a phone. It takes the transaction's `db`, so a message is queued only if
 * the booking it announces commits (`queue-visit-notifier.ts` puts it in the notifications outbox).
 */
export interface VisitNotifier {
  send(db: Db, sms: VisitSms): Promise<void>;
}
