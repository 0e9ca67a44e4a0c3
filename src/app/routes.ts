import type { ComponentType } from 'preact';
import { lazy } from 'preact-iso';
import { activeI18n, commonNamespace } from './i18n/i18n.ts';

type PageComponent = ComponentType<object>;
type PageModule = { default: PageComponent };
type LazyPage = PageComponent & { preload: () => Promise<PageComponent> };

// Every page is its own chunk, found by name: `<feature>/<name>-page.tsx`. Its strings are the
// namespace named after its feature folder (`locales/<language>/<feature>.json`).
const pageModules = import.meta.glob<PageModule>('./*/*-page.tsx');

export interface AppRoute {
  path: string;
  /** The page's source, relative to src/app: also the key of its chunk in the build manifest. */
  page: string;
  /** Rendered to HTML at build time: public pages that need nothing from the visitor. */
  prerender?: boolean;
}

export const routes: AppRoute[] = [
  { path: '/', page: 'home/home-page.tsx', prerender: true },
  { path: '/callback', page: 'callback/callback-request-page.tsx', prerender: true },
  { path: '/callback/confirmation/:reference', page: 'callback/callback-confirmation-page.tsx' },
  { path: '/visit', page: 'visit/visit-page.tsx' },
  { path: '/visit/details', page: 'visit/visit-details-page.tsx' },
  { path: '/visit/verify/:verification', page: 'visit/visit-verify-page.tsx' },
  { path: '/visit/appointment/:token', page: 'visit/visit-appointment-page.tsx' },
  { path: '/accessibility', page: 'accessibility/accessibility-page.tsx', prerender: true },
  { path: '/dev/inbox', page: 'dev-inbox/dev-inbox-page.tsx' },
  { path: '/account', page: 'account/account-page.tsx' },
  { path: '/auth/signed-out', page: 'auth/signed-out-page.tsx', prerender: true },
  { path: '/agent', page: 'agent/agent-home-page.tsx' },
  { path: '/agent/counter', page: 'counter/counter-agenda-page.tsx' },
  { path: '/agent/auth/signed-out', page: 'auth/signed-out-page.tsx', prerender: true },
  { path: '/dev-idp/interaction/:uid', page: 'dev-idp/dev-idp-login-page.tsx' },
];

export const notFoundPage = 'errors/not-found-page.tsx';
export const errorPage = 'errors/error-page.tsx';

/** The i18n namespaces a page needs. */
export function pageNamespaces(page: string): string[] {
  return [commonNamespace, page.split('/')[0] ?? commonNamespace];
}

const components = new Map<string, LazyPage>();

/** The lazy component of a page: its code and its strings load together, once. */
export function pageComponent(page: string): LazyPage {
  const existing = components.get(page);
  if (existing) return existing;
  const load = pageModules[`./${page}`];
  if (!load) throw new Error(`No page module ${page}`);
  const component = lazy<PageComponent>(() =>
    Promise.all([load(), activeI18n.ensure(pageNamespaces(page))]).then(([module]) => module.default),
  );
  components.set(page, component);
  return component;
}

/** The page a path shows (to preload its chunk before hydration, and to tell the server). */
export function pageForPath(path: string): string {
  const pathSegments = path.split('/').filter(Boolean);
  const match = routes.find((route) => {
    const routeSegments = route.path.split('/').filter(Boolean);
    return (
      routeSegments.length === pathSegments.length &&
      routeSegments.every((segment, index) => segment.startsWith(':') || segment === pathSegments[index])
    );
  });
  return match?.page ?? notFoundPage;
}
