import { formatDateTime } from '../../shared/format.ts';
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { findProcedure } from '../../shared/procedures/catalogue.ts';
import NotFoundPage from '../errors/not-found-page.tsx';
import { csrfFormField } from '../../shared/http.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { navigation } from '../page/navigation.ts';
import { usePageContext } from '../page/page-context.ts';
import { Page } from '../page/page.tsx';
import { useViewer } from '../shell/viewer-context.ts';
import { SignInRequired } from './sign-in-required.tsx';
import { Terms } from '../glossary/term.tsx';

/**
 * The start of a procedure: what it takes; for someone signed out, that sending it needs a
 * sign-in (and the ways that need none), before any question; and — when a draft exists on this
 * device or on the server — an offer to continue it rather than start another.
 */
export default function ProcedureStartPage({ procedure = '' }: { procedure?: string }) {
  const { t, language } = useTranslation();
  const { route } = useLocation();
  const viewer = useViewer();
  const page = usePageContext();
  const definition = findProcedure(procedure);
  const server = page.state.procedure?.procedure === procedure && !navigation.hasNavigated() ? page.state.procedure : undefined;
  const [draft, setDraft] = useState<{ updatedAt: string; hasAnswers: boolean } | undefined>(
    server?.draftSavedAt ? { updatedAt: server.draftSavedAt, hasAnswers: true } : undefined,
  );
  // The app runs: someone signed out may start here, their answers kept on this device until they sign in.
  const [enhanced, setEnhanced] = useState(false);

  useEffect(() => {
    setEnhanced(true);
    if (!definition) return;
    void (async () => {
      // The device's drafts (and their database library) load after the page: anyone may open it.
      const [{ drafts }, { adoptServerDraft }] = await Promise.all([import('./drafts.ts'), import('./use-procedure-draft.ts')]);
      const local = (await drafts.get(definition.id)) ?? (viewer ? await adoptServerDraft(definition.id) : undefined);
      if (local && Object.values(local.values).some(Boolean)) setDraft({ updatedAt: local.updatedAt, hasAnswers: true });
    })();
  }, [procedure]);

  if (!definition) return <NotFoundPage />;
  const base = `/procedures/${definition.id}`;
  const firstStep = `${base}/steps/${definition.steps[0]?.id ?? ''}`;

  const startAgain = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement | null;
    const { drafts } = await import('./drafts.ts');
    await drafts.delete(definition.id);
    // Signed in, the server forgets its copy too (and opens the first step); signed out, only this device had one.
    if (viewer) form?.submit();
    else route(firstStep);
  };

  return (
    <Page title={t(`procedures:${definition.id}.title`)}>
      <p class="lead">{t(`procedures:${definition.id}.description`)}</p>
      <Terms terms={definition.terms} />
      <p>{t('procedures:start.steps', { count: definition.steps.length })}</p>
      {!viewer && <SignInRequired definition={definition} returnTo={base} reason="start" />}
      {viewer && <p>{t('procedures:start.saved')}</p>}
      {draft?.hasAnswers ? (
        <div class="notice" role="status">
          <h2>{t('procedures:start.draft_title')}</h2>
          <p>
            {t('procedures:start.draft_saved', {
              date: formatDateTime(language, draft.updatedAt),
            })}
          </p>
          <div class="button-group">
            <a class="button" href={firstStep}>
              {t('procedures:start.continue')}
            </a>
            {/* A lone button, so not the forms' chunk (a public page's JS budget): the token is all it sends. */}
            <form id="procedure-start-again" method="post" action={`${base}/start-again`} onSubmit={(event) => void startAgain(event)}>
              <input type="hidden" name={csrfFormField} value={page.csrfToken} />
              <button type="submit" class="button button--secondary">
                {t('procedures:start.start_again')}
              </button>
            </form>
          </div>
        </div>
      ) : viewer ? (
        <p>
          <a class="button" href={firstStep}>
            {t('procedures:start.start')}
          </a>
        </p>
      ) : (
        enhanced && (
          <p>
            <a href={firstStep}>{t('procedures:start.start_signed_out')}</a>
          </p>
        )
      )}
    </Page>
  );
}
