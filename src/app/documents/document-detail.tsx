import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { DocumentView } from '../../shared/documents.ts';
import { LoadProblem } from './load-problem.tsx';
import { useTranslation } from '../i18n/use-translation.ts';
import { useApiData } from '../http/use-api-data.ts';
import { Form } from '../forms/form.tsx';
import { Page } from '../page/page.tsx';
import { usePageContext } from '../page/page-context.ts';
import { formatDate, formatInstantDate } from '../../shared/format.ts';
import { formatSize } from './document-format.ts';
import { contentUrl, deleteDocument, fetchDocument } from './documents.client.ts';

const extensions: Record<DocumentView['mediaType'], string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
};

/** One document: what it is, a download, "keep on this phone", and deletion after a question. */
export function DocumentDetail({ id }: { id: string }) {
  const { t, language } = useTranslation();
  // Rendered by the server (so the page works without JavaScript), then read again.
  const rendered = usePageContext().state.documents?.document;
  const [document] = useApiData(() => fetchDocument(id), [id], rendered?.id === id ? rendered : undefined);
  const title = document.state === 'ready' ? document.body.name : t('documents:list.title');
  return (
    <Page title={title}>
      {document.state === 'loading' && <p role="status">{t('documents:document.loading')}</p>}
      {document.state === 'failed' && <LoadProblem status={document.status} />}
      {document.state === 'ready' && (
        <>
          <dl class="facts">
            <div class="facts__row">
              <dt>{t('documents:document.kind')}</dt>
              <dd>{t(`documents:kinds.${document.body.kind}`)}</dd>
            </div>
            <div class="facts__row">
              <dt>{t('documents:document.expires')}</dt>
              <dd>{document.body.expiresOn ? formatDate(language, document.body.expiresOn) : t('documents:document.no_expiry')}</dd>
            </div>
            <div class="facts__row">
              <dt>{t('documents:document.size')}</dt>
              <dd>{formatSize(t, language, document.body.size)}</dd>
            </div>
            <div class="facts__row">
              <dt>{t('documents:document.added')}</dt>
              <dd>{formatInstantDate(language, document.body.createdAt)}</dd>
            </div>
          </dl>
          {document.body.status === 'quarantined' ? (
            <p class="notice notice--warning">{t('documents:list.quarantined')}</p>
          ) : (
            <>
              <p>
                <a class="button" href={contentUrl(id)} download>
                  {t('documents:document.download')}
                </a>
              </p>
              <KeepOnThisPhone document={document.body} />
            </>
          )}
          <DeleteDocument document={document.body} />
        </>
      )}
      <p>
        <a class="button button--secondary" href="/documents">
          {t('documents:upload.cancel')}
        </a>
      </p>
    </Page>
  );
}

function KeepOnThisPhone({ document }: { document: DocumentView }) {
  const { t } = useTranslation();
  const [kept, setKept] = useState<boolean | undefined>();
  const [message, setMessage] = useState('');
  const fileName = `${document.name}.${extensions[document.mediaType]}`;

  useEffect(() => {
    void import('./kept-documents.ts').then(({ isKept }) => isKept(document.id)).then(setKept);
  }, [document.id]);

  const toggle = async () => {
    const kept_ = await import('./kept-documents.ts');
    if (kept) {
      await kept_.forget(document.id);
      setKept(false);
      setMessage(t('documents:document.forgotten'));
    } else if (await kept_.keep(document.id)) {
      setKept(true);
      setMessage(t('documents:document.kept'));
    } else {
      setMessage(t('documents:document.keep_failed'));
    }
  };

  // Keeping a copy needs the app's code: without JavaScript the section would promise what it cannot do.
  if (kept === undefined) return null;
  return (
    <section aria-labelledby="keep-on-phone">
      <h2 id="keep-on-phone">{t('documents:document.keep')}</h2>
      <p>{t('documents:document.keep_hint')}</p>
      <div class="button-group">
        <button type="button" class="button button--secondary" aria-pressed={kept ? 'true' : 'false'} onClick={() => void toggle()}>
          {t('documents:document.keep')}
        </button>
        {kept && (
          <button
            type="button"
            class="button button--secondary"
            onClick={() => void import('./kept-documents.ts').then(({ openKeptCopy }) => openKeptCopy(document.id, fileName))}
          >
            {t('documents:document.open_kept')}
          </button>
        )}
      </div>
      <p role="status">{message}</p>
    </section>
  );
}

/**
 * Deletion after a question: "Delete" opens `?document=<id>&delete`, the question and a form
 * posting to the server (without JavaScript) or sent by the app (with it).
 */
function DeleteDocument({ document }: { document: DocumentView }) {
  const { t } = useTranslation();
  const { route, query } = useLocation();
  const asking = query['delete'] !== undefined;
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  const questionRef = useRef<HTMLParagraphElement>(null);
  const here = `/documents?document=${encodeURIComponent(document.id)}`;

  useEffect(() => {
    if (asking) questionRef.current?.focus();
  }, [asking]);

  const confirm = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const result = await deleteDocument(document.id);
    setBusy(false);
    if (!result.ok) {
      setFailed(true);
      return;
    }
    await import('./kept-documents.ts').then(({ forget }) => forget(document.id)).catch(() => undefined);
    route('/documents?deleted=1');
  };

  return (
    <section aria-labelledby="delete-document">
      <h2 id="delete-document">{t('documents:document.delete')}</h2>
      {asking ? (
        <Form id="delete-document-form" action={`/documents/${encodeURIComponent(document.id)}/delete`} onSubmit={confirm} busy={busy}>
          <p ref={questionRef} tabIndex={-1}>
            {t('documents:document.delete_question', { name: document.name })}
          </p>
          <div class="button-group">
            <button type="submit" class="button" disabled={busy}>
              {t('documents:document.delete_confirm')}
            </button>
            <a class="button button--secondary" href={here}>
              {t('documents:document.delete_cancel')}
            </a>
          </div>
        </Form>
      ) : (
        <p>
          <a class="button button--secondary" href={`${here}&delete`}>
            {t('documents:document.delete')}
          </a>
        </p>
      )}
      {failed && (
        <p class="notice notice--warning" role="alert">
          {t('documents:document.delete_failed')}
        </p>
      )}
    </section>
  );
}
