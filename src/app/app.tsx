import type { i18n as I18next } from 'i18next';
import { useMemo, useState } from 'preact/hooks';
import { LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { languageCookie, textDirection, type Language } from '../shared/languages.ts';
import { effectiveReading, readingCookie, type ReadingMode } from '../shared/reading.ts';
import { I18nContext, type I18nState } from './i18n/use-translation.ts';
import { navigation } from './page/navigation.ts';
import { PageContext, type PageContextValue } from './page/page-context.ts';
import { errorPage, notFoundPage, pageComponent, routes } from './routes.ts';
import { rememberCookie } from './reading/remember-cookie.ts';
import { Shell } from './shell/shell.tsx';
import { ViewerContext } from './shell/viewer-context.ts';

export interface AppProps {
  i18n: I18next;
  reading: ReadingMode;
  page: PageContextValue;
  /** Loads another language's strings; absent on the server, which renders one language per page. */
  loadLanguage?: (language: Language, namespaces: string[], reading: ReadingMode) => Promise<I18next>;
  /** The URL being rendered on the server; the browser reads its own location. */
  url?: string;
}

// Links to server endpoints (language switch, API, sign-in) and to pages the server fills with
// personal data (account, agent workspace) are left to the browser, not the router.
const appScope = /^\/(?!(api|language|auth|dev-idp|account|agent)(\/|$))/;

export function App({ i18n: initialI18n, reading: initialReading, page, loadLanguage, url }: AppProps) {
  const [{ i18n, reading }, setStrings] = useState({ i18n: initialI18n, reading: initialReading });
  const i18nState = useMemo<I18nState>(() => {
    const language = i18n.language as Language;
    // Another language or reading mode needs the same strings as the pages already seen.
    const reload = async (nextLanguage: Language, nextReading: ReadingMode) => {
      if (!loadLanguage) return;
      const effective = effectiveReading(nextLanguage, nextReading);
      const next = await loadLanguage(nextLanguage, Object.keys(i18n.store.data[i18n.language] ?? {}), effective);
      document.documentElement.lang = nextLanguage;
      document.documentElement.dir = textDirection(nextLanguage);
      document.documentElement.dataset.reading = effective;
      rememberCookie(languageCookie, nextLanguage);
      rememberCookie(readingCookie, nextReading);
      void import('./reading/reading-preferences.client.ts').then((client) =>
        client.saveReadingPreferences({ language: nextLanguage, reading: nextReading }),
      );
      setStrings({ i18n: next, reading: effective });
    };
    return {
      i18n,
      language,
      reading,
      changeLanguage: (next) => reload(next, reading),
      changeReading: (next) => reload(language, next),
    };
  }, [i18n, reading]);
  return (
    <I18nContext.Provider value={i18nState}>
      <ViewerContext.Provider value={page.state.viewer}>
        <LocationProvider scope={appScope} {...(url ? { url } : {})}>
          <Shell>
            <Pages page={page} />
          </Shell>
        </LocationProvider>
      </ViewerContext.Provider>
    </I18nContext.Provider>
  );
}

/**
 * The current page. What the server rendered with (an error, a form sent back) belongs to the
 * first URL only: once the citizen moves on, pages start clean.
 */
function Pages({ page }: { page: PageContextValue }) {
  const { url } = useLocation();
  const [firstUrl] = useState(url);
  // Before the new page mounts, so its heading takes focus; a full load leaves focus to the browser.
  if (url !== firstUrl) navigation.markNavigated();
  const value = useMemo(() => (url === firstUrl ? page : { ...page, state: {} }), [url === firstUrl]);
  const ErrorPage = pageComponent(errorPage);
  const NotFound = pageComponent(notFoundPage);
  return (
    <PageContext.Provider value={value}>
      {value.state.error ? (
        <ErrorPage />
      ) : (
        <Router>
          {[
            ...routes.map((route) => <Route key={route.path} path={route.path} component={pageComponent(route.page)} />),
            <Route key="not-found" default component={NotFound} />,
          ]}
        </Router>
      )}
    </PageContext.Provider>
  );
}
