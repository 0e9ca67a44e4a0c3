import { useState } from 'preact/hooks';
import type { DocumentUploadMetadata } from '../../shared/documents.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { formatSize } from './document-format.ts';

type UploadState =
  | { step: 'idle' }
  | { step: 'preparing' }
  | { step: 'sending'; percent: number; announced: number; before: number; after: number; reencoded: boolean }
  | { step: 'done'; documentId: string };

export interface LockerUpload {
  state: UploadState;
  busy: boolean;
  /** Prepares (photos re-encoded on the phone) and sends; the error is an i18n key. */
  send(
    file: File,
    metadata: Pick<DocumentUploadMetadata, 'name' | 'kind' | 'expires_on' | 'keep'>,
  ): Promise<{ ok: true; documentId: string } | { ok: false; error: string }>;
}

/** One upload to the locker at a time, with its progress; the code that sends loads when it starts. */
export function useLockerUpload(): LockerUpload {
  const [state, setState] = useState<UploadState>({ step: 'idle' });
  return {
    state,
    busy: state.step === 'preparing' || state.step === 'sending',
    async send(file, metadata) {
      setState({ step: 'preparing' });
      const { prepareFile, uploadToLocker } = await import('./document-upload.ts');
      const prepared = await prepareFile(file);
      const sizes = { before: prepared.originalSize, after: prepared.file.size, reencoded: prepared.reencoded };
      setState({ step: 'sending', percent: 0, announced: 0, ...sizes });
      const outcome = await uploadToLocker(prepared, {
        metadata,
        onProgress: (sent, total) => {
          const percent = total === 0 ? 100 : Math.floor((sent / total) * 100);
          // Screen readers hear every quarter, not every chunk.
          setState((current) => (current.step === 'sending' ? { ...current, percent, announced: Math.floor(percent / 25) * 25 } : current));
        },
      });
      setState(outcome.ok ? { step: 'done', documentId: outcome.documentId } : { step: 'idle' });
      return outcome;
    },
  };
}

/** Sizes before and after, a progress bar, and a live region that speaks at 0, 25, 50, 75 and 100 %. */
export function UploadProgress({ upload, id }: { upload: LockerUpload; id: string }) {
  const { t, language } = useTranslation();
  const { state } = upload;
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
      <p role="status" class="visually-hidden">
        {state.step === 'preparing'
          ? t('documents:upload.preparing')
          : state.step === 'sending'
            ? t('documents:upload.progress', { percent: state.announced })
            : ''}
      </p>
    </div>
  );
}
