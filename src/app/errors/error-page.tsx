import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';
import { usePageContext } from '../page/page-context.ts';

const knownCodes = new Set([
  'csrf',
  'rate_limited',
  'not_found',
  'request_in_progress',
  'idempotency_key_reused',
  'slot_taken',
  'verification_expired',
  'too_late_to_change',
  'appointment_not_booked',
  'no_slot_today',
  'sign_in_failed',
  'sign_in_cancelled',
  'sign_in_expired',
  'sign_in_required',
  'forbidden',
  'database_unavailable',
]);

/** What the server shows instead of a stack trace: a sentence, and a way to reach a human. */
export default function ErrorPage() {
  const { t } = useTranslation();
  const { status, code } = usePageContext().state.error ?? { status: 500, code: 'internal' };
  const key = knownCodes.has(code) ? code : status >= 500 ? 'internal' : 'bad_request';
  return (
    <Page title={t(`errors:${key}.title`)} status={status}>
      <p>{t(`errors:${key}.text`)}</p>
      <p>{t('errors:human_help')}</p>
      <p>
        <a href="/">{t('common:back_home')}</a>
      </p>
    </Page>
  );
}
