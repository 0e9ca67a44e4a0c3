import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';

/** A booking page while its data loads after a move inside the app, or why it could not. */
export function VisitWaiting({ title, problem }: { title: string; problem: string | undefined }) {
  const { t } = useTranslation();
  return (
    <Page title={title}>
      <p role="status">{problem ? t(problem) : t('visit:loading')}</p>
    </Page>
  );
}
