import { renderToStringAsync } from 'preact-render-to-string';
import { locationStub } from 'preact-iso/prerender';
import type { PageRendererModule, RenderedPage, RenderRequest } from '../shared/page-render.ts';
import { App } from './app.tsx';
import { allNamespaces, localeUrls, loadI18n } from './i18n/i18n.ts';
import * as agentRoutes from './agent-routes.ts';
import { addRouteTable, agentWorkspace, errorPage, pageForPath, pageNamespaces, routes } from './routes.ts';

// The router reads `location.origin`; every render passes its own URL.
locationStub('/');
// The server renders every page, the agent workspace's too.
addRouteTable(agentRoutes);

export const prerenderPaths: PageRendererModule['prerenderPaths'] = routes.filter((route) => route.prerender).map((route) => route.path);
export const routePaths: PageRendererModule['routePaths'] = routes.map((route) => route.path);
export const publicRoutePaths: PageRendererModule['publicRoutePaths'] = routes.filter((route) => !route.access).map((route) => route.path);

/**
 * The server-side entry, built to dist/ssr: the build prerenders public pages with it, and the
 * server renders the rest (a form sent back with errors, a confirmation, an error page).
 */
export async function render(request: RenderRequest): Promise<RenderedPage> {
  const i18n = await loadI18n(request.language, allNamespaces, request.reading);
  const page = {
    csrfToken: request.csrfToken,
    idempotencyKey: request.idempotencyKey,
    state: request.state ?? {},
    head: { title: '', status: 200 },
  };
  const html = await renderToStringAsync(<App i18n={i18n} reading={request.reading} page={page} url={request.url} />);
  const path = new URL(request.url, 'http://localhost').pathname;
  const pageSource = page.state.error ? errorPage : pageForPath(path);
  return {
    html,
    title: page.head.title,
    description: i18n.t('common:meta.description'),
    status: page.head.status,
    // An agent's page needs the workspace's route table too: preloaded, not discovered late.
    modules: agentWorkspace.test(path) ? ['agent-routes.ts', pageSource] : [pageSource],
    strings: localeUrls(request.language, request.reading, pageNamespaces(pageSource)),
  };
}
