import { useLocation } from 'preact-iso';
import { useEffect } from 'preact/hooks';
import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';

/**
 * After signing out. The server's Clear-Site-Data removed cookies and the HTTP cache; this wipes
 * what the app kept on the device (outbox, the service worker's personal copies) and web storage.
 */
export default function SignedOutPage() {
  const { t } = useTranslation();
  // One page for both spaces: an agent signs in again through the agents' provider.
  const agent = useLocation().path.startsWith('/agent/');
  useEffect(() => {
    void wipeDevice();
  }, []);
  return (
    <Page title={t(agent ? 'auth:signed_out.agent_title' : 'auth:signed_out.title')}>
      <p>{t('auth:signed_out.text')}</p>
      <p>
        <a href={agent ? '/agent/auth/login' : '/auth/login'}>{t('auth:signed_out.sign_in_again')}</a>
      </p>
      <p>
        <a href="/">{t('common:back_home')}</a>
      </p>
    </Page>
  );
}

async function wipeDevice(): Promise<void> {
  const { wipePersonalData } = await import('../offline/wipe-personal-data.ts');
  await wipePersonalData();
  localStorage.clear();
  sessionStorage.clear();
}
