import { formatDateTime } from '../../shared/format.ts';
import type { OwnMandateView } from '../../shared/mandate.ts';
import { Form } from '../forms/form.tsx';
import { useTranslation } from '../i18n/use-translation.ts';

/**
 * The agents the person let act for them: who, for what, until when, and whether it still holds.
 * Each one in force has its own form: posted by the browser, with or without JavaScript, it ends
 * the mandate at once and the page comes back saying so.
 */
export function OwnMandates({ mandates }: { mandates: OwnMandateView[] }) {
  const { t, language } = useTranslation();
  const when = (iso: string | null) => (iso ? formatDateTime(language, iso) : '');
  return (
    <section aria-labelledby="mandates-heading">
      <h2 id="mandates-heading">{t('account:mandates.heading')}</h2>
      <p>{t('account:mandates.lead')}</p>
      {mandates.length === 0 ? (
        <p>{t('account:mandates.none')}</p>
      ) : (
        <ul class="contact-list">
          {mandates.map((mandate) => {
            const active = mandate.status === 'granted' || mandate.status === 'pending';
            const scope =
              mandate.scope.kind === 'procedure'
                ? t(`procedures:${mandate.scope.value}.title`)
                : t('account:mandates.theme', { theme: t(`account:mandates.themes.${mandate.scope.value}`) });
            const headingId = `mandate-${mandate.id}`;
            return (
              <li key={mandate.id} class="panel panel--neutral" aria-labelledby={headingId}>
                <h3 id={headingId}>{scope}</h3>
                <p>
                  {t(`account:mandates.given.${mandate.method}`, {
                    agent: mandate.agentName || t('account:mandates.unknown_agent'),
                    service: mandate.agentService,
                  })}
                </p>
                <p>
                  <strong>{t(`account:mandates.status.${mandate.status}`, { until: when(mandate.expiresAt) })}</strong>
                </p>
                {active && (
                  <Form id={`revoke-${mandate.id}`} action={`/account/mandates/${mandate.id}/revoke`} onSubmit={() => undefined}>
                    <button type="submit" class="button button--secondary" aria-describedby={headingId}>
                      {t('account:mandates.revoke')}
                    </button>
                  </Form>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
