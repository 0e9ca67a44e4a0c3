import { useEffect } from 'preact/hooks';
import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';

/**
 * After signing out. The server's Clear-Site-Data removed cookies and the HTTP cache; this wipes
 * the rest the app may have kept on the device: every IndexedDB database, every cache, web storage.
 */
export default function SignedOutPage() {
  const { t } = useTranslation();
  useEffect(() => {
    void wipeDevice();
  }, []);
  return (
    <Page title={t('auth:signed_out.title')}>
      <p>{t('auth:signed_out.text')}</p>
      <p>
        <a href="/auth/login">{t('auth:signed_out.sign_in_again')}</a>
      </p>
      <p>
        <a href="/">{t('common:back_home')}</a>
      </p>
    </Page>
  );
}

async function wipeDevice(): Promise<void> {
  const databases = (await indexedDB.databases?.()) ?? [];
  await Promise.all(databases.map((database) => database.name && indexedDB.deleteDatabase(database.name)));
  if ('caches' in self) await Promise.all((await caches.keys()).map((name) => caches.delete(name)));
  localStorage.clear();
  sessionStorage.clear();
}
