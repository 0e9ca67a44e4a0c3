import { useLocation } from 'preact-iso';
import { formatDate } from '../../shared/format.ts';
import { fieldErrorText } from '../forms/field-error.ts';
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  checkFile,
  defaultDocumentMaxBytes,
  documentReturnPattern,
  type DocumentKind,
  type DocumentList,
  type DocumentView,
} from '../../shared/documents.ts';
import type { Question } from '../../shared/procedures/definition.ts';
import { FileField } from '../documents/file-field.tsx';
import { uploadErrorKey } from '../documents/document-format.ts';
import type { DocumentUploaded } from '../documents/resumable-upload.ts';
import { UploadProgress, useLockerUpload } from '../documents/use-locker-upload.tsx';
import { fieldId } from '../forms/field-id.ts';
import { RadioGroup } from '../forms/radio-group.tsx';
import type { FormState } from '../forms/use-form.ts';
import { getJson } from '../http/api-client.ts';
import { activeI18n } from '../i18n/i18n.ts';
import { useTranslation } from '../i18n/use-translation.ts';

interface DocumentFieldProps {
  form: FormState<unknown>;
  formId: string;
  question: Question;
  label: string;
  hint?: string;
  /** The locker as the server rendered it: the list works before (or without) the app. */
  documents?: DocumentView[];
}

/**
 * A proof from the locker: the citizen picks one of their documents of the kinds the question
 * accepts, with no new upload; or sends a new one, which lands in the locker if they agree. The
 * answer is the document's id either way. A file chosen and then "Continue" pressed is sent first
 * (through the outbox), becomes the answer, and the step continues with it.
 */
export function DocumentField({ form, formId, question, label, hint, documents: rendered }: DocumentFieldProps) {
  const { t, language } = useTranslation();
  const { path } = useLocation();
  const name = question.id;
  const accepts: readonly DocumentKind[] = question.accepts ?? [];
  const [documents, setDocuments] = useState<DocumentView[]>(
    () => rendered?.filter((document) => accepts.length === 0 || accepts.includes(document.kind)) ?? [],
  );
  // Sending a new file needs the app; without it, the locker's own page adds one.
  const [enhanced, setEnhanced] = useState(false);
  const [maxBytes, setMaxBytes] = useState(defaultDocumentMaxBytes);
  const [file, setFile] = useState<File | undefined>();
  const [keep, setKeep] = useState(true);
  const upload = useLockerUpload();
  // A new document kept on this phone until the network is back: it becomes the answer once sent.
  const [waiting, setWaiting] = useState<{ key: string; document: DocumentView } | undefined>();
  const [arrived, setArrived] = useState<string | undefined>();
  const current = form.values[name] ?? '';
  const newId = fieldId(formId, `${name}.new`);
  const fieldset = useRef<HTMLFieldSetElement>(null);
  // Bumped once a file sent on "Continue" is the answer: the step is submitted again, with it.
  const [continueWith, setContinueWith] = useState(0);

  useEffect(() => {
    setEnhanced(true);
    // The locker's strings (kinds, upload errors) load with the list, not with every step.
    void Promise.all([getJson<DocumentList>('/api/documents'), activeI18n.ensure(['documents'])]).then(([result]) => {
      if (!result.ok) return;
      setMaxBytes(result.body.maxBytes);
      setDocuments(
        result.body.documents.filter(
          (document) => document.status !== 'quarantined' && (accepts.length === 0 || accepts.includes(document.kind)),
        ),
      );
    });
  }, []);

  // The check page names the document; the name is not an answer (it is not sent).
  const chosen = documents.find((document) => document.id === current);
  useEffect(() => {
    if (chosen && form.values[`${name}.name`] !== chosen.name) form.setValue(`${name}.name`, chosen.name);
  }, [chosen?.id]);

  useEffect(() => {
    if (!waiting) return;
    let stop: (() => void) | undefined;
    let active = true;
    void import('../offline/outbox.ts').then(({ getOutboxEntry, onOutboxMessage }) => {
      if (!active) return;
      stop = onOutboxMessage((message) => {
        const record = message.type === 'sent' ? message.records.find((sent) => sent.key === waiting.key) : undefined;
        if (record) {
          choose({ ...waiting.document, id: (record.response as DocumentUploaded).documentId });
          setArrived(waiting.document.name);
          setWaiting(undefined);
          return;
        }
        // Refused once the network was back: the reason goes on the field, the citizen picks again.
        void getOutboxEntry(waiting.key).then((entry) => {
          if (entry?.state !== 'needs-attention' || !active) return;
          const code = entry.attention?.kind === 'refused' ? entry.attention.error.error : 'unexpected';
          form.setErrors({ ...form.errors, [`${name}.new`]: uploadErrorKey(code) });
          setWaiting(undefined);
        });
      });
    });
    return () => {
      active = false;
      stop?.();
    };
  }, [waiting?.key]);

  const choose = (added: DocumentView) => {
    setDocuments((list) => [added, ...list]);
    form.setValue(`${name}.name`, added.name);
    form.setValue(name, added.id);
  };

  /** Sends the chosen file; true once it is the answer (in the locker), false when it waits or was refused. */
  const send = async (): Promise<boolean> => {
    const problem = checkFile(file, maxBytes);
    if (problem || !file) {
      form.setErrors({ ...form.errors, [`${name}.new`]: problem ?? 'documents:errors.file_required' });
      return false;
    }
    const documentName =
      file.name
        .replace(/\.[^.]*$/, '')
        .replace(/[/\\]|\.\./g, ' ')
        .trim()
        .slice(0, 120) || label.slice(0, 120);
    const outcome = await upload.send(file, {
      name: documentName,
      kind: accepts[0] ?? 'other',
      expires_on: undefined,
      keep: keep ? 'yes' : 'no',
    });
    if (outcome.kind === 'refused') {
      form.setErrors({ ...form.errors, [`${name}.new`]: outcome.error });
      return false;
    }
    const added: DocumentView = {
      id: outcome.kind === 'sent' ? outcome.documentId : '',
      name: documentName,
      kind: accepts[0] ?? 'other',
      mediaType: 'application/pdf',
      size: file.size,
      expiresOn: null,
      status: 'clean',
      createdAt: new Date().toISOString(),
    };
    setArrived(undefined);
    setFile(undefined);
    // Kept on this phone: sent when the network is back (then it becomes the answer here), or once
    // the citizen has signed in again (the upload's status and the page's notice say so).
    if (outcome.kind === 'saved') setWaiting({ key: outcome.key, document: added });
    if (outcome.kind !== 'sent') return false;
    choose(added);
    return true;
  };

  // The step's own submit handler would validate without the file and move on, dropping it: a
  // capturing listener on the form runs first, sends the file, then submits the step again.
  const latest = useRef({ file, busy: upload.busy, send });
  latest.current = { file, busy: upload.busy, send };
  useEffect(() => {
    const step = fieldset.current?.closest('form');
    if (!step) return undefined;
    const sendFirst = (event: Event) => {
      const pending = latest.current;
      if (!pending.file && !pending.busy) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      if (pending.busy) return;
      void pending.send().then((answered) => answered && setContinueWith((count) => count + 1));
    };
    step.addEventListener('submit', sendFirst, true);
    return () => step.removeEventListener('submit', sendFirst, true);
    // Once the app has drawn the upload part (`enhanced`): before, there is no fieldset to start from.
  }, [enhanced]);
  useEffect(() => {
    // After the render that holds the answer, so the step validates with it.
    if (continueWith > 0) fieldset.current?.closest('form')?.requestSubmit();
  }, [continueWith]);

  const describe = (document: DocumentView) =>
    [
      t(`documents:kinds.${document.kind}`),
      document.expiresOn
        ? t('documents:list.expires_on', {
            date: formatDate(language, document.expiresOn),
          })
        : '',
    ]
      .filter(Boolean)
      .join(' · ');

  return (
    <>
      {documents.length > 0 ? (
        <RadioGroup
          form={form}
          formId={formId}
          name={name}
          legend={label}
          {...(hint ? { hint } : {})}
          options={documents.map((document) => ({ value: document.id, label: document.name, hint: describe(document) }))}
        />
      ) : (
        <div class={form.errors[name] ? 'field field--error' : 'field'}>
          <p class="field__label" id={fieldId(formId, name)} tabIndex={-1}>
            <strong>{label}</strong>
          </p>
          {hint && <p class="field__hint">{hint}</p>}
          {form.errors[name] && (
            <p class="field__error">
              <span class="visually-hidden">{t('common:form.error_prefix')} </span>
              {fieldErrorText(t, form.errors[name])}
            </p>
          )}
          <p>{current ? t('procedures:document.already_given') : t('procedures:document.none_yet')}</p>
          <input type="hidden" name={name} value={current} />
        </div>
      )}
      {!enhanced && documentReturnPattern.test(path) && (
        <p>
          <a href={`/documents?add&kind=${accepts[0] ?? 'other'}&return=${encodeURIComponent(path)}`}>
            {t('procedures:document.add_to_locker')}
          </a>
        </p>
      )}
      {enhanced && (
        <fieldset class="field" ref={fieldset}>
          <legend>{t('procedures:document.add_new')}</legend>
          <FileField form={form} formId={formId} name={`${name}.new`} label={t('procedures:document.file')} onFile={setFile} />
          <div class="radio">
            <input id={`${newId}-keep`} type="checkbox" checked={keep} onChange={(event) => setKeep(event.currentTarget.checked)} />
            <label for={`${newId}-keep`}>{t('procedures:document.keep_in_locker')}</label>
          </div>
          <UploadProgress upload={upload} id={newId} />
          {waiting && <p class="notice">{t('procedures:document.waiting', { name: waiting.document.name })}</p>}
          <p role="status">{arrived ? t('procedures:document.arrived', { name: arrived }) : ''}</p>
          <button type="button" class="button button--secondary" disabled={upload.busy} onClick={() => void send()}>
            {upload.busy ? t('common:form.sending') : t('procedures:document.send_new')}
          </button>
        </fieldset>
      )}
    </>
  );
}
