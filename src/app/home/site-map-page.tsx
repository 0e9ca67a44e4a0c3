import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';

/** Each group of the site map and its pages; `signIn` marks the pages that ask who you are first. */
const groups = [
  { key: 'do', pages: [{ href: '/procedures', link: 'procedures' }] },
  {
    key: 'help',
    pages: [
      { href: '/callback', link: 'callback' },
      { href: '/visit', link: 'visit' },
      { href: '/callback/mine', link: 'callback_mine' },
    ],
  },
  {
    key: 'mine',
    pages: [
      { href: '/requests', link: 'requests', signIn: true },
      { href: '/documents', link: 'documents', signIn: true },
      { href: '/account', link: 'account', signIn: true },
      { href: '/outbox', link: 'outbox' },
    ],
  },
  {
    key: 'site',
    pages: [
      { href: '/', link: 'home' },
      { href: '/accessibility', link: 'accessibility' },
      { href: '/accessibility/feedback', link: 'feedback' },
    ],
  },
] as const;

/**
 * Every citizen page in one list: the second way to find a page besides the links on each one
 * (RGAA 12.1, WCAG 2.4.5), the same signed in or out, so it is prerendered.
 */
export default function SiteMapPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('home:site_map.title')}>
      <p class="lead">{t('home:site_map.lead')}</p>
      {groups.map((group) => (
        <section key={group.key} aria-labelledby={`site-map-${group.key}`}>
          <h2 id={`site-map-${group.key}`}>{t(`home:site_map.groups.${group.key}`)}</h2>
          <ul class="site-map">
            {group.pages.map((page) => (
              <li key={page.href}>
                <a href={page.href}>{t(`home:site_map.links.${page.link}`)}</a>
                {'signIn' in page && <span class="site-map__note"> ({t('home:site_map.sign_in')})</span>}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Page>
  );
}
