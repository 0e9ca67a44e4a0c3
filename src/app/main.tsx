import './styles/main.css';
import { hydrate, render } from 'preact';
import { defaultLanguage, isLanguage, type Language } from '../shared/languages.ts';
import { pageStateElementId, type PageState } from '../shared/page-render.ts';
import { App } from './app.tsx';
import { readCsrfCookie } from './http/api-client.ts';
import { activeI18n, loadI18n } from './i18n/i18n.ts';
import { applyLowData } from './low-data/low-data.ts';
import { registerServiceWorker } from './offline/register-service-worker.ts';
import { navigation } from './page/navigation.ts';
import { errorPage, pageComponent, pageForPath, pageNamespaces } from './routes.ts';

/**
 * The browser entry: the page is already on screen (prerendered or server-rendered HTML); this
 * loads its strings and its page's code, then hydrates it so links and forms go faster.
 */
async function start() {
  const root = document.getElementById('app');
  if (!root) return;
  // The offline shell and the browser's Save-Data setting reach here without the server's say.
  applyLowData();
  const htmlLanguage = document.documentElement.lang;
  const language = isLanguage(htmlLanguage) ? htmlLanguage : defaultLanguage;
  const state = readPageState();
  const pageSource = state.error ? errorPage : pageForPath(location.pathname);
  const i18n = await loadI18n(language, pageNamespaces(pageSource));
  activeI18n.set(i18n);
  await pageComponent(pageSource).preload();

  const page = {
    csrfToken: readCsrfCookie() ?? '',
    idempotencyKey: crypto.randomUUID(),
    state,
    head: { title: document.title, status: 200 },
  };
  const app = <App i18n={i18n} page={page} loadLanguage={switchLanguage} />;
  // An empty root is the offline shell the service worker answered with: nothing to hydrate.
  if (root.firstElementChild) hydrate(app, root);
  else render(app, root);
  navigation.markStarted();
  registerServiceWorker();
}

async function switchLanguage(language: Language, namespaces: string[]) {
  const next = await loadI18n(language, namespaces);
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
