import { useMemo, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { defaultDocumentMaxBytes, documentFormSchema, documentKinds, documentReturnPattern } from '../../shared/documents.ts';
import { DateField } from '../forms/date-field.tsx';
import { ErrorSummary } from '../forms/error-summary.tsx';
import { Form } from '../forms/form.tsx';
import { RadioGroup } from '../forms/radio-group.tsx';
import { TextField } from '../forms/text-field.tsx';
import { useForm } from '../forms/use-form.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { useApiData } from '../http/use-api-data.ts';
import { Page } from '../page/page.tsx';
import { usePageContext } from '../page/page-context.ts';
import { formatSize } from './document-format.ts';
import { fetchDocuments } from './documents.client.ts';
import { FileField } from './file-field.tsx';
import { UploadProgress, useLockerUpload } from './use-locker-upload.tsx';

const formId = 'document';

/** Adds a document to the locker: a name, a kind, an optional expiry date, and the file. */
export function UploadForm() {
  const { t, language } = useTranslation();
  const { route, query } = useLocation();
  const page = usePageContext();
  // Opened from a procedure's document question (`?kind=…&return=/procedures/…`): that kind comes
  // chosen, and once the document is added the citizen is back on the question, where it is offered.
  const asked = query.return ?? page.state.form?.values.return;
  const returnTo = typeof asked === 'string' && documentReturnPattern.test(asked) ? asked : undefined;
  const kind = documentKinds.find((known) => known === query.kind);
  const [file, setFile] = useState<File | undefined>();
  // A new file field after a document was saved on the phone: the chosen file goes with the rest.
  const [fileFieldKey, setFileFieldKey] = useState(0);
  const upload = useLockerUpload();
  const [list] = useApiData(fetchDocuments, [], page.state.documents?.list);
  const maxBytes = list.state === 'ready' ? list.body.maxBytes : defaultDocumentMaxBytes;
  const schema = useMemo(() => documentFormSchema(maxBytes), [maxBytes]);
  // A form the server sent back (no JavaScript) comes with what was typed and why it was refused.
  const form = useForm(schema, page.state.form ?? (kind ? { values: { kind } } : {}));

  const onSubmit = form.submit(async (metadata) => {
    if (upload.busy || !file) return;
    const outcome = await upload.send(file, { ...metadata, keep: 'yes' });
    if (outcome.kind === 'sent') route(returnTo ?? `/documents?added=${encodeURIComponent(outcome.documentId)}`);
    else if (outcome.kind === 'refused') form.setErrors({ file: outcome.error });
    else {
      // Kept on this phone, to be sent by itself: the form is free for the next document.
      form.reset();
      setFile(undefined);
      setFileFieldKey((key) => key + 1);
    }
  });

  return (
    <Page title={t('documents:upload.title')}>
      <ErrorSummary formId={formId} errors={form.errors} attempt={form.attempt} />
      {/* Without JavaScript the browser posts it all, the file included; with it, the file goes by tus. */}
      <Form id={formId} action="/documents?add" encType="multipart/form-data" onSubmit={onSubmit} busy={upload.busy}>
        {returnTo && <input type="hidden" name="return" value={returnTo} />}
        <TextField form={form} formId={formId} name="name" label={t('documents:upload.name')} hint={t('documents:upload.name_hint')} />
        <RadioGroup
          form={form}
          formId={formId}
          name="kind"
          legend={t('documents:upload.kind')}
          options={documentKinds.map((kind) => ({ value: kind, label: t(`documents:kinds.${kind}`) }))}
        />
        <DateField
          form={form}
          formId={formId}
          name="expires_on"
          optional
          legend={t('documents:upload.expiry')}
          hint={t('documents:upload.expiry_hint')}
        />
        <FileField
          key={fileFieldKey}
          form={form}
          formId={formId}
          name="file"
          label={t('documents:upload.file')}
          hint={t('documents:upload.file_hint', { max: formatSize(t, language, maxBytes) })}
          onFile={(chosen) => {
            setFile(chosen);
            form.setValue('file', chosen ? `${chosen.type};${chosen.size}` : '');
          }}
        />
        <UploadProgress upload={upload} id={formId} />
        <div class="button-group">
          <button type="submit" class="button" disabled={upload.busy}>
            {upload.busy ? t('common:form.sending') : t('documents:upload.submit')}
          </button>
          <a class="button button--secondary" href={returnTo ?? '/documents'}>
            {t('documents:upload.cancel')}
          </a>
        </div>
      </Form>
    </Page>
  );
}
