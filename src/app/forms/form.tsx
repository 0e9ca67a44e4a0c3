import type { ComponentChildren } from 'preact';
import { csrfFormField, idempotencyFormField } from '../../shared/http.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { usePageContext } from '../page/page-context.ts';

interface FormProps {
  id: string;
  /** Where the form posts without JavaScript; the server answers it like the app would. */
  action: string;
  onSubmit: (event: Event) => void;
  busy?: boolean;
  /** `multipart/form-data` for a form with a file. */
  encType?: string;
  children: ComponentChildren;
}

/**
 * A form that works twice: with JavaScript, `onSubmit` takes over; without, the browser posts it
 * with the CSRF token and the idempotency key the server put in the page. It says first that every
 * question is required unless marked optional (RGAA 11.10); the stylesheet hides that sentence in
 * a form with no required field (a lone button).
 */
export function Form({ id, action, onSubmit, busy, encType, children }: FormProps) {
  const page = usePageContext();
  return (
    <form id={id} method="post" action={action} encType={encType} noValidate onSubmit={onSubmit} aria-busy={busy ? 'true' : undefined}>
      <input type="hidden" name={csrfFormField} value={page.csrfToken} />
      <input type="hidden" name={idempotencyFormField} value={page.idempotencyKey} />
      <RequiredStatement />
      {children}
    </form>
  );
}

/** "Every question is required unless marked optional", first in a form; hidden by the stylesheet where no field is required. */
export function RequiredStatement() {
  const { t } = useTranslation();
  return <p class="form__required">{t('common:form.required_statement', { optional: t('common:form.optional') })}</p>;
}
