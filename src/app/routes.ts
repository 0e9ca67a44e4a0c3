import type { ComponentType } from 'preact';
import { lazy } from 'preact-iso';
import { activeI18n, commonNamespace } from './i18n/i18n.ts';

type PageComponent = ComponentType<object>;
export type PageModule = { default: PageComponent };
type LazyPage = PageComponent & { preload: () => Promise<PageComponent> };
export type PageModules = Record<string, () => Promise<PageModule>>;

// Every page is its own chunk, found by name: `<feature>/<name>-page.tsx`. Its strings are the
// namespace named after its feature folder (`locales/<language>/<feature>.json`). The agent
// workspace's pages are listed in agent-routes.ts: citizens' pages never load their table.
const pageModules: PageModules = import.meta.glob<PageModule>([
  './*/*-page.tsx',
  '!./agent/*',
  '!./case-handling/*',
  '!./citizens/*',
  '!./callback-queue/*',
  '!./survey/satisfaction-results-page.tsx',
  '!./counter/*',
]);

export interface AppRoute {
  path: string;
  /** The page's source, relative to src/app: also the key of its chunk in the build manifest. */
  page: string;
  /** Rendered to HTML at build time: public pages that need nothing from the visitor. */
  prerender?: boolean;
  /** Other features' strings the page shows (a dossier page names its procedure). */
  namespaces?: string[];
  /** False when the page only wraps another feature's page and shows none of its own folder's strings. */
  folderStrings?: false;
  /** Who can open it: a signed-in citizen, an agent, or developers only (404 in production); anyone when absent. */
  access?: 'citizen' | 'agent' | 'development';
}

export const routes: AppRoute[] = [
  { path: '/', page: 'home/home-page.tsx', prerender: true },
  { path: '/site-map', page: 'home/site-map-page.tsx', prerender: true },
  { path: '/callback', page: 'callback/callback-request-page.tsx', prerender: true },
  { path: '/callback/confirmation/:reference', page: 'callback/callback-confirmation-page.tsx' },
  { path: '/callback/mine', page: 'callback/my-callback-requests-page.tsx', prerender: true },
  // Opened from the SMS's link; the server renders it with the request the link names.
  { path: '/callback/cancel/:token', page: 'callback/callback-cancel-page.tsx' },
  { path: '/survey/:token', page: 'survey/survey-page.tsx' },
  { path: '/visit', page: 'visit/visit-page.tsx' },
  { path: '/visit/details', page: 'visit/visit-page.tsx' },
  { path: '/visit/verify/:verification', page: 'visit/visit-page.tsx' },
  { path: '/visit/appointment/:token', page: 'visit/visit-appointment-page.tsx' },
  { path: '/visit/appointment/:token/cancel', page: 'visit/visit-appointment-page.tsx' },
  { path: '/accessibility', page: 'accessibility/accessibility-page.tsx', prerender: true },
  { path: '/accessibility/feedback', page: 'accessibility/accessibility-feedback-page.tsx', prerender: true },
  // The account names the procedures agents may do for the person (their mandates).
  { path: '/account', page: 'account/account-page.tsx', namespaces: ['procedures'], access: 'citizen' },
  // Where the account's forms post: a form sent back with errors is the account page at that URL.
  { path: '/account/phone', page: 'account/account-page.tsx', namespaces: ['procedures'], access: 'citizen' },
  { path: '/account/phone/verify', page: 'account/account-page.tsx', namespaces: ['procedures'], access: 'citizen' },
  { path: '/account/preferences', page: 'account/account-page.tsx', namespaces: ['procedures'], access: 'citizen' },
  { path: '/auth/signed-out', page: 'auth/signed-out-page.tsx', prerender: true },
  { path: '/agent/auth/signed-out', page: 'auth/signed-out-page.tsx', prerender: true },
  { path: '/dev-idp/interaction/:uid', page: 'dev-idp/dev-idp-login-page.tsx', access: 'development' },
  { path: '/dev/inbox', page: 'dev-inbox/dev-inbox-page.tsx', access: 'development' },
  { path: '/procedures', page: 'procedures/procedures-page.tsx', prerender: true },
  // Anyone may open a procedure's start page: signed out, it says first that sending needs a sign-in.
  { path: '/procedures/:procedure', page: 'procedures/procedure-start-page.tsx', namespaces: ['errors', 'glossary'] },
  {
    path: '/procedures/:procedure/steps/:step',
    page: 'procedures/procedure-step-page.tsx',
    namespaces: ['errors', 'glossary'],
    access: 'citizen',
  },
  { path: '/procedures/:procedure/check', page: 'procedures/procedure-check-page.tsx', namespaces: ['errors'], access: 'citizen' },
  {
    path: '/procedures/:procedure/confirmation/:reference',
    page: 'procedures/procedure-confirmation-page.tsx',
    namespaces: ['errors'],
    access: 'citizen',
  },
  { path: '/requests', page: 'dossiers/my-requests-page.tsx', namespaces: ['procedures', 'callback'], access: 'citizen' },
  { path: '/requests/:reference', page: 'dossiers/dossier-page.tsx', namespaces: ['procedures'], access: 'citizen' },
  // Where the answer to an agent posts: sent back with errors, it is the dossier page at that URL.
  { path: '/requests/:reference/information', page: 'dossiers/dossier-page.tsx', namespaces: ['procedures'], access: 'citizen' },
  { path: '/outbox', page: 'offline/outbox-page.tsx', prerender: true },
  // The list, `?add` (the form) and `?document=<id>`: one route, so the shell's table stays small.
  { path: '/documents', page: 'documents/documents-page.tsx', access: 'citizen' },
];

/** Paths of the agent workspace, whose routes and pages come from agent-routes.ts. */
export const agentWorkspace = /^\/agent(\/|$)/;

/** Adds a table loaded on its own (the agent workspace's) to the routes and pages the app knows. */
export function addRouteTable(table: { routes: AppRoute[]; pageModules: PageModules }): void {
  for (const route of table.routes) if (!routes.some((known) => known.path === route.path)) routes.push(route);
  Object.assign(pageModules, table.pageModules);
}

export const notFoundPage = 'errors/not-found-page.tsx';
export const errorPage = 'errors/error-page.tsx';

/** The i18n namespaces a page needs. */
export function pageNamespaces(page: string): string[] {
  const route = routes.find((candidate) => candidate.page === page);
  const folder = route?.folderStrings === false ? [] : [page.split('/')[0] ?? commonNamespace];
  return [commonNamespace, ...folder, ...(route?.namespaces ?? [])];
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
