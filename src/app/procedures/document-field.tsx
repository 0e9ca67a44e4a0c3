import { useState } from 'preact/hooks';
import { fieldId } from '../forms/field-id.ts';
import type { FormState } from '../forms/use-form.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { uploadDocument } from './procedure.client.ts';

interface DocumentFieldProps {
  form: FormState<unknown>;
  formId: string;
  name: string;
  label: string;
  hint?: string;
}

/**
 * A proof, uploaded at once so the answer is a reference, not a file in the draft. Until the
 * document locker exists this is a plain upload; a proof given in an earlier request is reused.
 */
export function DocumentField({ form, formId, name, label, hint }: DocumentFieldProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const id = fieldId(formId, name);
  const error = problem ?? form.errors[name];
  const current = form.values[name];
  const fileName = form.values[`${name}.name`];
  const describedBy = [hint && `${id}-hint`, current && `${id}-current`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;

  const onChange = async (event: Event) => {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    setBusy(true);
    setProblem(undefined);
    const result = await uploadDocument(file);
    setBusy(false);
    if (result.ok) {
      form.setValue(`${name}.name`, result.body.fileName);
      form.setValue(name, result.body.id);
    } else {
      setProblem(
        result.status === 0
          ? 'common:errors.network'
          : result.status === 415
            ? 'procedures:errors.document_type'
            : 'procedures:errors.document',
      );
    }
  };

  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {current && (
        <p class="field__hint" id={`${id}-current`}>
          {fileName ? t('procedures:document.current', { name: fileName }) : t('procedures:document.already_given')}
        </p>
      )}
      {error && (
        <p class="field__error" id={`${id}-error`}>
          <span class="visually-hidden">{t('common:form.error_prefix')} </span>
          {t(error)}
        </p>
      )}
      <input
        id={id}
        type="file"
        accept="application/pdf,image/jpeg,image/png"
        aria-describedby={describedBy}
        aria-invalid={error ? 'true' : undefined}
        aria-busy={busy ? 'true' : undefined}
        onChange={(event) => void onChange(event)}
      />
      <input type="hidden" name={name} value={current ?? ''} />
    </div>
  );
}
