import { useEffect, useState } from 'preact/hooks';
import { oneTimeCodeRules } from '../../shared/one-time-code.ts';
import type { VisitVerificationCreated } from '../../shared/visit.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import type { SentRecord } from '../offline/outbox.ts';

/** A code is valid this long: an older request has nothing left to do. */
const codeValidMs = oneTimeCodeRules.visit_booking.validMinutes * 60_000;

/**
 * Booking requests this device sent later, from its outbox (the network was down): where to type
 * the code that came by SMS, or the booking itself. Loaded after the page; nothing shows otherwise.
 */
export default function VisitSentRequests() {
  const { t } = useTranslation();
  const [records, setRecords] = useState<SentRecord[]>([]);

  useEffect(() => {
    let stop: (() => void) | undefined;
    let current = true;
    void import('../offline/outbox.ts').then(({ listSent, onOutboxMessage }) => {
      const refresh = async () => {
        const sent = await listSent('visit-booking');
        if (current) setRecords(sent.filter((record) => Date.now() - record.sentAt < codeValidMs));
      };
      void refresh();
      stop = onOutboxMessage(() => void refresh());
    });
    return () => {
      current = false;
      stop?.();
    };
  }, []);

  const links = records.flatMap((record) => {
    const response = record.response as Partial<VisitVerificationCreated>;
    if (response.booked)
      return [{ key: record.key, href: `/visit/appointment/${response.booked.manageToken}`, text: t('visit:sent.booked') }];
    if (response.verification) return [{ key: record.key, href: `/visit/verify/${response.verification}`, text: t('visit:sent.code') }];
    return [];
  });
  if (links.length === 0) return null;
  return (
    <div class="panel" role="status">
      <p>{t('visit:sent.lead')}</p>
      <ul>
        {links.map((link) => (
          <li key={link.key}>
            <a href={link.href}>{link.text}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
