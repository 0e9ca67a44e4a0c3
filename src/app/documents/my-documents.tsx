import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { expiresSoon, type DocumentView, type DocumentViewing } from '../../shared/documents.ts';
import { LoadProblem } from './load-problem.tsx';
import { useTranslation } from '../i18n/use-translation.ts';
import { useApiData } from '../http/use-api-data.ts';
import { LastUpdated } from '../offline/last-updated.tsx';
import type { OutboxEntry } from '../offline/outbox.ts';
import { Page } from '../page/page.tsx';
import { usePageContext } from '../page/page-context.ts';
import { formatDate, formatDateTime } from '../../shared/format.ts';
import { formatSize } from './document-format.ts';
import { fetchDocuments, fetchViewings } from './documents.client.ts';

/**
 * "My documents": the proofs the citizen keeps, newest first, with those close to their expiry
 * flagged. The list comes from the network, or from this phone's last copy with its time.
 */
export function MyDocuments() {
  const { t } = useTranslation();
  const { query } = useLocation();
  const [uploadsSent, setUploadsSent] = useState(0);
  // Rendered by the server (so the page works without JavaScript), then read again.
  const rendered = usePageContext().state.documents;
  const [list] = useApiData(fetchDocuments, [uploadsSent], rendered?.list);
  // `added` names the new document by its id: its name never travels in an address.
  const added =
    query['added'] && list.state === 'ready' ? list.body.documents.find((document) => document.id === query['added']) : undefined;
  return (
    <Page title={t('documents:list.title')}>
      <p>{t('documents:list.lead')}</p>
      {added && (
        <p class="notice" role="status">
          {t('documents:list.added', { name: added.name })}
        </p>
      )}
      {query['deleted'] && (
        <p class="notice" role="status">
          {t('documents:list.deleted')}
        </p>
      )}
      <p>
        <a class="button" href="/documents?add">
          {t('documents:list.add')}
        </a>
      </p>
      <WaitingUploads onSent={() => setUploadsSent((count) => count + 1)} />
      {list.state === 'loading' && <p role="status">{t('documents:list.loading')}</p>}
      {list.state === 'failed' && <LoadProblem status={list.status} />}
      {list.state === 'ready' && (
        <>
          <LastUpdated updatedAt={list.updatedAt} fromDevice={list.fromDevice} />
          {list.body.documents.length === 0 ? (
            <p>{t('documents:list.empty')}</p>
          ) : (
            <ul class="cards">
              {list.body.documents.map((document) => (
                <DocumentCard key={document.id} document={document} />
              ))}
            </ul>
          )}
        </>
      )}
      <Viewings rendered={rendered?.viewings} />
    </Page>
  );
}

function DocumentCard({ document }: { document: DocumentView }) {
  const { t, language } = useTranslation();
  const today = new Date();
  const expired = document.expiresOn !== null && document.expiresOn < today.toISOString().slice(0, 10);
  const soon = !expired && expiresSoon(document.expiresOn, today);
  return (
    <li class="card">
      <h2 class="card__title">
        <a href={`/documents?document=${encodeURIComponent(document.id)}`}>{document.name}</a>
      </h2>
      <p>
        {t(`documents:kinds.${document.kind}`)} · {formatSize(t, language, document.size)}
      </p>
      {document.expiresOn && (
        <p>
          {t('documents:list.expires_on', { date: formatDate(language, document.expiresOn) })}
          {(soon || expired) && (
            <>
              {' '}
              <strong class="status status--needs_information">
                {t(expired ? 'documents:list.expired' : 'documents:list.expires_soon')}
              </strong>
            </>
          )}
        </p>
      )}
      {document.status === 'quarantined' && <p class="notice notice--warning">{t('documents:list.quarantined')}</p>}
    </li>
  );
}

/**
 * Documents saved on this phone that have not reached the locker yet: they go by themselves when
 * the network is back, and the list is read again when one arrives.
 */
function WaitingUploads({ onSent }: { onSent: () => void }) {
  const { t, language } = useTranslation();
  const [waiting, setWaiting] = useState<OutboxEntry[]>([]);
  useEffect(() => {
    let stop: (() => void) | undefined;
    let active = true;
    void import('../offline/outbox.ts').then(({ listOutbox, onOutboxMessage }) => {
      const refresh = () =>
        void listOutbox().then((entries) => active && setWaiting(entries.filter((entry) => entry.kind === 'document-upload')));
      refresh();
      stop = onOutboxMessage((message) => {
        if (message.type === 'sent' && message.records.some((record) => record.kind === 'document-upload')) onSent();
        refresh();
      });
    });
    return () => {
      active = false;
      stop?.();
    };
  }, []);
  if (waiting.length === 0) return null;
  return (
    <section aria-labelledby="documents-waiting">
      <h2 id="documents-waiting">{t('documents:waiting.title', { count: waiting.length })}</h2>
      <ul class="cards">
        {waiting.map((entry) => (
          <li key={entry.key} class="card">
            <h3 class="card__title">{String(entry.body.name)}</h3>
            <p>
              {t(`documents:kinds.${String(entry.body.kind)}`)} · {formatSize(t, language, entry.upload?.file.size ?? 0)}
            </p>
            {entry.state === 'pending' ? (
              <p>
                <strong class="status">{t('documents:waiting.pending')}</strong>
              </p>
            ) : (
              <p class="notice notice--warning">
                {t('documents:waiting.refused')} <a href="/outbox">{t('documents:waiting.see_outbox')}</a>
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** "Who viewed my documents": every time an agent opened one, from the audit log. */
function Viewings({ rendered }: { rendered: DocumentViewing[] | undefined }) {
  const { t, language } = useTranslation();
  const [viewings] = useApiData(fetchViewings, [], rendered);
  return (
    <section aria-labelledby="document-viewings">
      <h2 id="document-viewings">{t('documents:viewings.title')}</h2>
      <p>{t('documents:viewings.lead')}</p>
      {viewings.state === 'ready' &&
        (viewings.body.length === 0 ? (
          <p>{t('documents:viewings.empty')}</p>
        ) : (
          <ul>
            {viewings.body.map((viewing) => (
              <li key={`${viewing.documentId}-${viewing.at}`}>
                {t('documents:viewings.entry', {
                  agent: viewing.agentName,
                  service: viewing.service,
                  document: viewing.documentName,
                  reference: viewing.dossierReference,
                  date: formatDateTime(language, viewing.at),
                })}
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}
