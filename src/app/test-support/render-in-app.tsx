import { render } from '@testing-library/preact';
import axe from 'axe-core';
import type { ComponentChildren } from 'preact';
import { LocationProvider } from 'preact-iso';
import type { Language } from '../../shared/languages.ts';
import type { PageState } from '../../shared/page-render.ts';
import { allNamespaces, loadI18n } from '../i18n/i18n.ts';
import { I18nContext } from '../i18n/use-translation.ts';
import { PageContext, type PageContextValue } from '../page/page-context.ts';

/**
 * Renders part of the app as the browser would: real strings from `locales/`, the router, and a
 * page context holding what the server hands every page (here fixed test values).
 */
export async function renderInApp(children: ComponentChildren, options: { language?: Language; state?: PageState } = {}) {
  const language = options.language ?? 'fr';
  const i18n = await loadI18n(language, allNamespaces);
  const page: PageContextValue = {
    csrfToken: 'test-csrf-token',
    idempotencyKey: 'test-idempotency-key-0001',
    state: options.state ?? {},
    head: { title: '', status: 200 },
  };
  const i18nState = {
    i18n,
    language,
    reading: 'standard' as const,
    changeLanguage: () => Promise.resolve(),
    changeReading: () => Promise.resolve(),
  };
  const result = render(
    <I18nContext.Provider value={i18nState}>
      <LocationProvider>
        <PageContext.Provider value={page}>{children}</PageContext.Provider>
      </LocationProvider>
    </I18nContext.Provider>,
  );
  return { ...result, i18n, page };
}

/** What axe finds against WCAG 2.2 AA in a rendered part, one line per failing element. */
export async function accessibilityViolations(context: Element): Promise<string[]> {
  const results = await axe.run(context, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    // jsdom neither loads the CSS nor paints: contrast is checked in Chromium (tests/e2e).
    rules: { 'color-contrast': { enabled: false } },
  });
  return results.violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')} (${violation.help})`),
  );
}
