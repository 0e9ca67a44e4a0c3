import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';
import { usePageContext } from '../page/page-context.ts';

/** The agent workspace's home. Its own chunk under agent/: citizens never download it. */
export default function AgentHomePage() {
  const { t } = useTranslation();
  const page = usePageContext();
  const agent = page.state.agentHome;
  return (
    <Page title={t('agent:title')}>
      <p class="lead">{t('agent:lead')}</p>
      {agent && (
        <section aria-labelledby="agent-who">
          <h2 id="agent-who">{t('agent:who')}</h2>
          <dl class="facts">
            <dt>{t('agent:name')}</dt>
            <dd>{agent.name}</dd>
            {agent.email && (
              <>
                <dt>{t('agent:email')}</dt>
                <dd>{agent.email}</dd>
              </>
            )}
            <dt>{t('agent:role')}</dt>
            <dd>{t(`agent:roles.${agent.role}`)}</dd>
            <dt>{t('agent:service')}</dt>
            <dd>{agent.service}</dd>
          </dl>
        </section>
      )}
      {agent?.role === 'counter_agent' && (
        <p>
          <a class="button" href="/agent/counter">
            {t('agent:counter_agenda')}
          </a>
        </p>
      )}
      <p>
        <a class="button" href="/agent/citizens">
          {t('agent:find_citizen')}
        </a>
      </p>
      <p>{t('agent:next')}</p>
      <form method="post" action="/agent/auth/logout">
        <input type="hidden" name="_csrf" value={page.csrfToken} />
        <button type="submit" class="button button--secondary">
          {t('agent:sign_out')}
        </button>
      </form>
    </Page>
  );
}
