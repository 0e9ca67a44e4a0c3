import { useEffect, useRef, useState } from 'preact/hooks';
import type { DocumentUploadMetadata } from '../../shared/documents.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { formatSize } from './document-format.ts';
import type { UploadOutcome } from './document-upload.ts';

interface Sizes {
  before: number;
  after: number;
  reencoded: boolean;
}

type UploadState =
  | { step: 'idle' }
  | { step: 'preparing' }
  | ({ step: 'sending'; percent: number; announced: number; storageFull: boolean } & Sizes)
  | ({ step: 'saved'; key: string; reason: 'offline' | 'unavailable' | 'signed-out' } & Sizes)
  | { step: 'done'; documentId: string };

export interface LockerUpload {
  state: UploadState;
  busy: boolean;
  /** Prepares (photos re-encoded on the phone) and sends through the outbox; a refusal is an i18n key. */
  send(file: File, metadata: Pick<DocumentUploadMetadata, 'name' | 'kind' | 'expires_on' | 'keep'>): Promise<UploadOutcome>;
}

/** A connection that drops for a moment is tried again at once, from where it stopped, before the upload is left to the outbox. */
const retryDelaysMs = [1000, 3000, 8000];

/** One upload to the locker at a time, with its progress; the code that sends loads when it starts. */
export function useLockerUpload(): LockerUpload {
  const [state, setState] = useState<UploadState>({ step: 'idle' });
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  return {
    state,
    busy: state.step === 'preparing' || state.step === 'sending',
    async send(file, metadata) {
      setState({ step: 'preparing' });
      const { prepareFile, retryUpload, uploadToLocker } = await import('./document-upload.ts');
      const prepared = await prepareFile(file);
      const sizes: Sizes = { before: prepared.originalSize, after: prepared.file.size, reencoded: prepared.reencoded };
      setState({ step: 'sending', percent: 0, announced: 0, storageFull: false, ...sizes });
      const onProgress = (sent: number, total: number) => {
        const percent = total === 0 ? 100 : Math.floor((sent / total) * 100);
        // Screen readers hear every quarter, not every chunk.
        setState((current) => (current.step === 'sending' ? { ...current, percent, announced: Math.floor(percent / 25) * 25 } : current));
      };
      const onStorageFull = () => setState((current) => (current.step === 'sending' ? { ...current, storageFull: true } : current));
      let outcome = await uploadToLocker(prepared, { key: crypto.randomUUID(), metadata, onProgress, onStorageFull });
      for (const wait of retryDelaysMs) {
        if (outcome.kind !== 'saved' || !navigator.onLine || !mounted.current) break;
        await new Promise((resolve) => setTimeout(resolve, wait));
        outcome = await retryUpload(outcome.key, onProgress);
      }
      if (outcome.kind === 'sent') setState({ step: 'done', documentId: outcome.documentId });
      else if (outcome.kind === 'saved')
        setState({ step: 'saved', key: outcome.key, reason: navigator.onLine ? 'unavailable' : 'offline', ...sizes });
      else if (outcome.kind === 'signed-out') setState({ step: 'saved', key: outcome.key, reason: 'signed-out', ...sizes });
      else setState({ step: 'idle' });
      return outcome;
    },
  };
}

/**
 * Sizes before and after, a progress bar, and a live region that speaks at 0, 25, 50, 75 and
 * 100 %, or says that the document waits on this phone and will be sent by itself.
 */
export function UploadProgress({ upload, id }: { upload: LockerUpload; id: string }) {
  const { t, language } = useTranslation();
  const { state } = upload;
  const saved = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.step === 'saved') saved.current?.focus();
  }, [state.step]);
  return (
    <div class="upload-progress">
      {state.step === 'sending' && (
        <>
          <p>
            {state.reencoded
              ? t('documents:upload.reduced', {
                  before: formatSize(t, language, state.before),
                  after: formatSize(t, language, state.after),
                })
              : t('documents:upload.as_is', { size: formatSize(t, language, state.after) })}
          </p>
          <label for={`${id}-progress`}>{t('documents:upload.progress_label')}</label>
          <progress id={`${id}-progress`} max={100} value={state.percent} />
          <p class="field__hint">{t('documents:upload.resume_note')}</p>
        </>
      )}
      {state.step === 'sending' && state.storageFull && (
        <p class="notice notice--warning" role="alert">
          {t('documents:upload.storage_full')}
        </p>
      )}
      <div role="status">
        {state.step === 'saved' ? (
          <div class="panel" tabIndex={-1} ref={saved}>
            {state.reason === 'signed-out' ? (
              <p>
                <strong>{t('common:errors.signed_out')}</strong>
              </p>
            ) : (
              <>
                <p>
                  <strong>
                    {state.reason === 'offline' ? t('documents:upload.saved_offline') : t('documents:upload.saved_unavailable')}
                  </strong>
                </p>
                <p>{t('documents:upload.saved_text')}</p>
              </>
            )}
          </div>
        ) : (
          <p class="visually-hidden">
            {state.step === 'preparing'
              ? t('documents:upload.preparing')
              : state.step === 'sending'
                ? t('documents:upload.progress', { percent: state.announced })
                : ''}
          </p>
        )}
      </div>
    </div>
  );
}
