import { useEffect, useRef } from 'preact/hooks';
import type { FieldErrors } from '../../shared/validation.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { fieldErrorText } from './field-error.ts';
import { fieldId } from './field-id.ts';

interface ErrorSummaryProps {
  formId: string;
  errors: FieldErrors;
  /** Changes on each refused submit; the summary takes focus every time it does. */
  attempt: number;
}

/** The list of problems at the top of a form, each a link to its field (GOV.UK pattern). */
export function ErrorSummary({ formId, errors, attempt }: ErrorSummaryProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors);

  useEffect(() => {
    if (attempt > 0 && entries.length > 0) ref.current?.focus();
  }, [attempt]);

  // While the summary shows, the title starts with "Error:" (WCAG 2.4.2); the server's render does the same.
  const prefix = t('common:form.error_title_prefix');
  const shown = entries.length > 0;
  useEffect(() => {
    if (!shown) return;
    if (!document.title.startsWith(prefix)) document.title = prefix + document.title;
    return () => {
      if (document.title.startsWith(prefix)) document.title = document.title.slice(prefix.length);
    };
  }, [shown]);

  if (entries.length === 0) return null;
  return (
    <div class="error-summary" ref={ref} tabIndex={-1} role="alert" aria-labelledby={`${formId}-error-summary-title`}>
      <h2 id={`${formId}-error-summary-title`}>{t('common:form.error_summary_title')}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            <a href={`#${fieldId(formId, field)}`}>{fieldErrorText(t, message)}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
