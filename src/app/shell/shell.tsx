import { useLocation } from 'preact-iso';
import { agentWorkspace } from '../routes.ts';
import type { ComponentChildren } from 'preact';
import { useTranslation } from '../i18n/use-translation.ts';
import { AccountMenu } from './account-menu.tsx';
import { AfterLoad } from '../page/after-load.tsx';
import { HelpBar } from './help-bar.tsx';
import { ReadingSwitch } from '../reading/reading-switch.tsx';
import { LanguageSwitch } from './language-switch.tsx';

/** The footer's menu on every page: a citizen's main pages, whatever page they came in by (RGAA 12.1). */
const footerLinks = [
  ['/procedures', 'procedures'],
  ['/requests', 'requests'],
  ['/documents', 'documents'],
  ['/account', 'account'],
  ['/site-map', 'site_map'],
  ['/accessibility', 'accessibility'],
] as const;

/**
 * The frame of every page: skip link, header, help bar, main content, footer. The agent workspace
 * has none of the citizens' helps (the help bar, easy-to-read, their menu): staff do not need them,
 * and each costs their pages bytes.
 */
export function Shell({ children }: { children: ComponentChildren }) {
  const { t } = useTranslation();
  const staff = agentWorkspace.test(useLocation().path);
  return (
    <>
      <a class="skip-link" href="#main">
        {t('common:skip_to_content')}
      </a>
      <header class="site-header">
        <div class="container site-header__inner">
          <a class="site-header__brand" href="/">
            <span class="site-header__name">{t('common:service_name')}</span>
            <span class="site-header__tagline">{t('common:service_tagline')}</span>
          </a>
          <div class="site-header__tools">
            {!staff && <ReadingSwitch />}
            <AccountMenu />
            <LanguageSwitch />
          </div>
        </div>
      </header>
      {!staff && <HelpBar />}
      <AfterLoad load={() => import('../offline/shell-status.tsx')} props={{}} />
      <AfterLoad load={() => import('../session/session-notice.tsx')} props={{}} />
      <main id="main" class="container" tabIndex={-1}>
        {children}
      </main>
      <footer class="site-footer">
        <div class="container">
          <nav aria-label={t('common:footer.menu')}>
            <ul class="site-footer__links">
              {(staff ? footerLinks.filter(([href]) => href === '/accessibility') : footerLinks).map(([href, key]) => (
                <li key={href}>
                  <a href={href}>{t(`common:footer.${key}`)}</a>
                </li>
              ))}
            </ul>
          </nav>
          <AfterLoad load={() => import('../low-data/low-data-switch.tsx')} props={{}} />
          <p>{t('common:footer.licence')}</p>
        </div>
      </footer>
    </>
  );
}
