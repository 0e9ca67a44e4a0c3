import './styles/main.css';
import { hydrate, render } from 'preact';
import { defaultLanguage, isLanguage, type Language } from '../shared/languages.ts';
import { effectiveReading, type ReadingMode } from '../shared/reading.ts';
import { pageStateElementId, type PageState } from '../shared/page-render.ts';
import { App } from './app.tsx';
import { claimDevice } from './offline/claim-device.ts';
import { readCsrfCookie } from './http/csrf-cookie.ts';
import { activeI18n, loadI18n } from './i18n/i18n.ts';
import { whenPageLoaded } from './page/after-load.tsx';
import { addRouteTable, agentWorkspace, errorPage, pageComponent, pageForPath, pageNamespaces } from './routes.ts';

/**
 * The browser entry: the page is already on screen (prerendered or server-rendered HTML); this
 * loads its strings and its page's code, then hydrates it so links and forms go faster.
 */
async function start() {
  const root = document.getElementById('app');
  if (!root) return;
  const htmlLanguage = document.documentElement.lang;
  const language = isLanguage(htmlLanguage) ? htmlLanguage : defaultLanguage;
  // The offline shell is the same for every reader: there, the remembered choice says how to read.
  const chosenReading = root.firstElementChild
    ? document.documentElement.dataset.reading
    : /(?:^|;\s*)reading=([a-z]+)/.exec(document.cookie)?.[1];
  const reading = effectiveReading(language, chosenReading);
  document.documentElement.dataset.reading = reading;
  const state = readPageState();
  claimDevice(state.writer);
  if (agentWorkspace.test(location.pathname)) addRouteTable(await import('./agent-routes.ts'));
  const pageSource = state.error ? errorPage : pageForPath(location.pathname);
  const i18n = await loadI18n(language, pageNamespaces(pageSource), reading);
  activeI18n.set(i18n);
  await pageComponent(pageSource).preload();

  const page = {
    csrfToken: readCsrfCookie() ?? '',
    idempotencyKey: crypto.randomUUID(),
    state,
    head: { title: document.title, status: 200 },
  };
  const app = <App i18n={i18n} reading={reading} page={page} loadLanguage={switchLanguage} />;
  // An empty root is the offline shell the service worker answered with: nothing to hydrate.
  if (root.firstElementChild) hydrate(app, root);
  else render(app, root);
  // The service worker and its window-side code wait for the page: they are no part of first paint.
  whenPageLoaded(() => {
    void import('./offline/register-service-worker.ts').then((module) => module.registerServiceWorker());
    // The server marks the pages it serves; the offline shell and a Save-Data setting the server
    // never saw are marked here. The app shows no images yet, so nothing loads before this.
    void import('./low-data/low-data.ts').then((module) => module.applyLowData());
  });
}

async function switchLanguage(language: Language, namespaces: string[], reading: ReadingMode) {
  const next = await loadI18n(language, namespaces, reading);
  activeI18n.set(next);
  return next;
}

function readPageState(): PageState {
  const element = document.getElementById(pageStateElementId);
  if (!element?.textContent) return {};
  try {
    return JSON.parse(element.textContent) as PageState;
  } catch {
    return {};
  }
}

void start();
