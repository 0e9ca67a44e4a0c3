import { useEffect, useState } from 'preact/hooks';
import type { AccountView, ContactSource } from '../../shared/account.ts';
import { csrfFormField } from '../../shared/http.ts';
import { formatPhone } from '../../shared/phone.ts';
import { formatDate } from '../../shared/format.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';
import { usePageContext } from '../page/page-context.ts';
import { ContactPreferences } from './contact-preferences.tsx';
import { OwnMandates } from './own-mandates.tsx';
import { PhoneVerification } from './phone-verification.tsx';

/** The citizen's record: identity as the provider gave it (and saying so), contact points, sign-out. */
export default function AccountPage() {
  const { t } = useTranslation();
  const page = usePageContext();
  const account = page.state.account;
  return (
    <Page title={t('account:title')}>
      {page.state.notice && (
        <p class="notice" role="status">
          {t(page.state.notice)}
        </p>
      )}
      {account && <Identity account={account} />}
      {account && <Contact account={account} />}
      {account && <PhoneVerification pendingPhone={account.pendingPhone} />}
      {account && <ContactPreferences preferences={account.preferences} />}
      {account && <OwnMandates mandates={account.mandates} />}
      <section aria-labelledby="sign-out-heading">
        <h2 id="sign-out-heading">{t('account:sign_out.heading')}</h2>
        <p>{t('account:sign_out.text')}</p>
        <WaitingOnDevice />
        <form method="post" action="/auth/logout">
          <input type="hidden" name={csrfFormField} value={page.csrfToken} />
          <button type="submit" class="button button--secondary">
            {t('account:sign_out.button')}
          </button>
        </form>
      </section>
    </Page>
  );
}

/** Signing out erases what still waits on this phone (documents included): say so before, not after. */
function WaitingOnDevice() {
  const { t } = useTranslation();
  const [count, setCount] = useState(0);
  useEffect(() => {
    let active = true;
    void import('../offline/outbox.ts')
      .then(({ countOutbox }) => countOutbox())
      .then((counts) => active && setCount(counts.pending + counts.needsAttention));
    return () => {
      active = false;
    };
  }, []);
  if (count === 0) return null;
  return (
    <p class="notice notice--warning">
      {t('account:sign_out.waiting', { count })} <a href="/outbox">{t('common:outbox.see_all')}</a>
    </p>
  );
}

function Identity({ account }: { account: AccountView }) {
  const { t, language } = useTranslation();
  const { identity } = account;
  const from = t('account:source.identity_provider', { provider: account.providerName });
  const unknown = t('account:identity.unknown');
  const birthdate = identity.birthdate
    ? /^\d{4}$/.test(identity.birthdate)
      ? t('account:identity.born_in_year', { year: identity.birthdate })
      : formatDate(language, identity.birthdate)
    : unknown;
  const rows: [string, string][] = [
    [t('account:identity.given_name'), identity.givenName ?? unknown],
    [t('account:identity.family_name'), identity.familyName ?? unknown],
    [t('account:identity.birthdate'), birthdate],
    [
      t('account:identity.gender'),
      identity.gender === 'female' || identity.gender === 'male' ? t(`account:identity.${identity.gender}`) : unknown,
    ],
    [t('account:identity.birthcountry'), identity.birthcountry ?? unknown],
    [t('account:identity.birthplace'), identity.birthplace ?? (identity.bornAbroad ? t('account:identity.none_abroad') : unknown)],
  ];
  return (
    <section aria-labelledby="identity-heading">
      <h2 id="identity-heading">{t('account:identity.heading')}</h2>
      <dl class="facts">
        {rows.map(([label, value]) => (
          <div class="facts__row" key={label}>
            <dt>{label}</dt>
            <dd>
              <span class="facts__value">{value}</span> <span class="facts__source">({from})</span>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Contact({ account }: { account: AccountView }) {
  const { t } = useTranslation();
  const source = (kind: ContactSource, verified: boolean) =>
    kind === 'sms_code'
      ? t('account:source.sms_code')
      : t(verified ? 'account:source.identity_provider' : 'account:source.identity_provider_unverified', {
          provider: account.providerName,
        });
  return (
    <section aria-labelledby="contact-heading">
      <h2 id="contact-heading">{t('account:contact.heading')}</h2>
      <h3>{t('account:contact.emails')}</h3>
      {account.emails.length === 0 ? (
        <p>{t('account:contact.no_email')}</p>
      ) : (
        <ul class="contact-list">
          {account.emails.map((item) => (
            <li key={item.email}>
              {item.email} <span class="facts__source">({source(item.source, item.verified)})</span>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('account:contact.phones')}</h3>
      {account.phones.length === 0 ? (
        <p>{t('account:contact.no_phone')}</p>
      ) : (
        <ul class="contact-list">
          {account.phones.map((item) => (
            <li key={item.phone}>
              <span dir="ltr">{formatPhone(item.phone)}</span> <span class="facts__source">({source(item.source, item.verified)})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
