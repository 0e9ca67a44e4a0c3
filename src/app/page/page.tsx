import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useTranslation } from '../i18n/use-translation.ts';
import { usePageContext } from './page-context.ts';
import { AfterLoad } from './after-load.tsx';
import { navigation } from './navigation.ts';
import { agentWorkspace } from '../routes.ts';
import { useLocation } from 'preact-iso';

interface PageProps {
  title: string;
  /** The visible heading when it differs from the document title. */
  heading?: string;
  /** HTTP status when the server renders this page (404 for "not found"). */
  status?: number;
  /** A line above the heading that places the page in a journey ("Step 2 of 5"). */
  caption?: string;
  children: ComponentChildren;
}

/**
 * Every route renders inside a Page: it owns the document title and the `h1`, and after a
 * client-side navigation it moves focus to that heading so screen readers announce the new page.
 */
export function Page({ title, heading, status, caption, children }: PageProps) {
  const { t } = useTranslation();
  const { head, state } = usePageContext();
  const { path } = useLocation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  // A form sent back with errors says so first in the title (WCAG 2.4.2): it is what a screen reader reads first.
  const sentBackWithErrors = Object.keys(state.form?.errors ?? {}).length > 0;
  const documentTitle = (sentBackWithErrors ? t('common:form.error_title_prefix') : '') + t('common:document_title', { page: title });
  head.title = documentTitle;
  if (status) head.status = status;

  useEffect(() => {
    document.title = documentTitle;
  }, [documentTitle]);

  useEffect(() => {
    if (navigation.hasNavigated()) headingRef.current?.focus();
  }, []);

  return (
    <>
      {caption && <p class="page-caption">{caption}</p>}
      <h1 ref={headingRef} tabIndex={-1}>
        {heading ?? title}
      </h1>
      {!agentWorkspace.test(path) && (
        <AfterLoad load={() => import('../reading/read-aloud-page.tsx')} props={{}} slot="read-aloud-slot" />
      )}
      {children}
    </>
  );
}
