import { useLocation } from 'preact-iso';
import { useTranslation } from '../i18n/use-translation.ts';
import { useViewer } from './viewer-context.ts';

/** "Sign in", or who is signed in and a link to their space. Plain links: they work without JavaScript. */
export function AccountMenu() {
  const { t } = useTranslation();
  const viewer = useViewer();
  const { path } = useLocation();
  // From a procedure, signing in comes back to it (what was typed meanwhile is kept on the device).
  const login = path.startsWith('/procedures/') ? `/auth/login?return=${encodeURIComponent(path)}` : '/auth/login';
  return (
    <nav class="account-menu" aria-label={t('common:account_menu.label')}>
      {viewer ? (
        <>
          <span class="account-menu__name">{t('common:account_menu.signed_in_as', { name: viewer.name })}</span>
          <a href={viewer.kind === 'agent' ? '/agent' : '/account'}>
            {t(viewer.kind === 'agent' ? 'common:account_menu.agent_space' : 'common:account_menu.my_account')}
          </a>
        </>
      ) : (
        <a href={login}>{t('common:account_menu.sign_in')}</a>
      )}
    </nav>
  );
}
