import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { PageState } from '../../shared/page-render.ts';

/**
 * What the server hands a page for its first render: the CSRF token and idempotency key that
 * no-JavaScript forms post back, and any state it rendered with (a form sent back with errors).
 * During server rendering it also collects the page's title.
 */
export interface PageContextValue {
  csrfToken: string;
  idempotencyKey: string;
  state: PageState;
  head: { title: string; status: number };
}

export const PageContext = createContext<PageContextValue | null>(null);

export function usePageContext(): PageContextValue {
  const value = useContext(PageContext);
  if (!value) throw new Error('usePageContext needs a PageContext provider');
  return value;
}
