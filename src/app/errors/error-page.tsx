import { errorCodeForStatus, isErrorCode } from '../../shared/error-codes.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';
import { usePageContext } from '../page/page-context.ts';

/** What the server shows instead of a stack trace: a sentence, and a way to reach a human. */
export default function ErrorPage() {
  const { t } = useTranslation();
  const { status, code } = usePageContext().state.error ?? { status: 500, code: 'internal' };
  const key = isErrorCode(code) ? code : errorCodeForStatus(status);
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
