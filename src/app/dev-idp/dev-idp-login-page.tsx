import { personaName, personas } from '../../shared/dev-personas.ts';
import { csrfFormField } from '../../shared/http.ts';
import { formatDate } from '../../shared/format.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';
import { usePageContext } from '../page/page-context.ts';

/**
 * The development identity provider's sign-in page: pick a test person. One form, one button
 * per person (each says whom it signs in as), so it works with the keyboard and without script.
 */
export default function DevIdpLoginPage() {
  const { t, language } = useTranslation();
  const page = usePageContext();
  const login = page.state.devLogin;
  if (!login) return null;
  const choices = personas.filter((persona) => persona.audience === login.audience);
  return (
    <Page title={t('dev-idp:title')}>
      <p class="lead">{t(login.audience === 'citizen' ? 'dev-idp:lead_citizen' : 'dev-idp:lead_agent')}</p>
      <p class="notice notice--warning">{t('dev-idp:warning')}</p>
      <form method="post" action={`/dev-idp/interaction/${encodeURIComponent(login.uid)}`}>
        <input type="hidden" name={csrfFormField} value={page.csrfToken} />
        <h2>{t('dev-idp:personas_heading')}</h2>
        <ul class="cards">
          {choices.map((persona) => {
            const name = personaName(persona);
            return (
              <li class="card" key={persona.id}>
                <h3 class="card__title">{name}</h3>
                <p>{t(persona.caseKey)}</p>
                {persona.audience === 'citizen' && <p>{t('dev-idp:born', { date: formatDate(language, persona.claims.birthdate) })}</p>}
                <button type="submit" class="button" name="persona" value={persona.id}>
                  {t('dev-idp:sign_in_as', { name })}
                </button>
              </li>
            );
          })}
        </ul>
      </form>
    </Page>
  );
}
