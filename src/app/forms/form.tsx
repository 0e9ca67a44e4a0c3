import type { ComponentChildren } from 'preact';
import { csrfFormField, idempotencyFormField } from '../../shared/http.ts';
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
 * with the CSRF token and the idempotency key the server put in the page.
 */
export function Form({ id, action, onSubmit, busy, encType, children }: FormProps) {
  const page = usePageContext();
  return (
    <form id={id} method="post" action={action} encType={encType} noValidate onSubmit={onSubmit} aria-busy={busy ? 'true' : undefined}>
      <input type="hidden" name={csrfFormField} value={page.csrfToken} />
      <input type="hidden" name={idempotencyFormField} value={page.idempotencyKey} />
      {children}
    </form>
  );
}
