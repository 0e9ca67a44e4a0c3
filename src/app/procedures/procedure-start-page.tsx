import { formatDateTime } from '../../shared/format.ts';
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { findProcedure } from '../../shared/procedures/catalogue.ts';
import NotFoundPage from '../errors/not-found-page.tsx';
import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';
import { drafts, type LocalDraft } from './drafts.ts';
import { adoptServerDraft } from './use-procedure-draft.ts';
import { Terms } from '../glossary/term.tsx';

/**
 * The start of a procedure: what it takes, and — when a draft exists on this device or on the
 * server — an offer to continue it rather than start another.
 */
export default function ProcedureStartPage({ procedure = '' }: { procedure?: string }) {
  const { t, language } = useTranslation();
  const { route } = useLocation();
  const definition = findProcedure(procedure);
  const [draft, setDraft] = useState<LocalDraft | undefined | null>(null);

  useEffect(() => {
    if (!definition) return;
    void (async () => setDraft((await drafts.get(definition.id)) ?? (await adoptServerDraft(definition.id))))();
  }, [procedure]);

  if (!definition) return <NotFoundPage />;
  const firstStep = `/procedures/${definition.id}/steps/${definition.steps[0]?.id ?? ''}`;
  const hasAnswers = draft && Object.values(draft.values).some(Boolean);

  const startAgain = async () => {
    await drafts.delete(definition.id);
    route(firstStep);
  };

  return (
    <Page title={t(`procedures:${definition.id}.title`)}>
      <p class="lead">{t(`procedures:${definition.id}.description`)}</p>
      <Terms terms={definition.terms} />
      <p>{t('procedures:start.steps', { count: definition.steps.length })}</p>
      <p>{t('procedures:start.saved')}</p>
      {hasAnswers ? (
        <div class="notice" role="status">
          <h2>{t('procedures:start.draft_title')}</h2>
          <p>
            {t('procedures:start.draft_saved', {
              date: formatDateTime(language, draft.updatedAt),
            })}
          </p>
          <p class="button-group">
            <a class="button" href={firstStep}>
              {t('procedures:start.continue')}
            </a>
            <button type="button" class="button button--secondary" onClick={() => void startAgain()}>
              {t('procedures:start.start_again')}
            </button>
          </p>
        </div>
      ) : (
        <p>
          <a class="button" href={firstStep}>
            {t('procedures:start.start')}
          </a>
        </p>
      )}
    </Page>
  );
}
