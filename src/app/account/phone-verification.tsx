import type * as v from 'valibot';
import { formatPhone } from '../../shared/phone.ts';
import { phoneVerificationCodeSchema, phoneVerificationRequestSchema } from '../../shared/phone-verification.ts';
import { validate } from '../../shared/validation.ts';
import { ErrorSummary } from '../forms/error-summary.tsx';
import { Form } from '../forms/form.tsx';
import { TextField } from '../forms/text-field.tsx';
import { useForm, type FormState } from '../forms/use-form.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { usePageContext } from '../page/page-context.ts';

/**
 * Verify a phone number by SMS code. The forms are posted by the browser (with or without
 * JavaScript): script only checks the answers first, so mistakes show without a round trip.
 */
export function PhoneVerification({ pendingPhone }: { pendingPhone: string | null }) {
  const { t } = useTranslation();
  const sent = usePageContext().state.form;
  const phoneForm = useForm(phoneVerificationRequestSchema, sent && 'phone' in sent.values ? sent : {});
  const codeForm = useForm(phoneVerificationCodeSchema, sent && 'code' in sent.values ? sent : {});
  return (
    <section aria-labelledby="phone-heading">
      <h2 id="phone-heading">{t('account:phone.heading')}</h2>
      {pendingPhone ? (
        <>
          <p>{t('account:phone.code_sent_to', { phone: formatPhone(pendingPhone) })}</p>
          <ErrorSummary formId="phone-code" errors={codeForm.errors} attempt={codeForm.attempt} />
          <Form id="phone-code" action="/account/phone/verify" onSubmit={checkFirst(codeForm, phoneVerificationCodeSchema)}>
            <TextField
              form={codeForm}
              formId="phone-code"
              name="code"
              label={t('account:phone.code_label')}
              hint={t('account:phone.code_hint')}
              autocomplete="one-time-code"
              inputMode="numeric"
            />
            <button type="submit" class="button">
              {t('account:phone.verify')}
            </button>
          </Form>
          <Form id="phone-resend" action="/account/phone" onSubmit={() => undefined}>
            <input type="hidden" name="phone" value={pendingPhone} />
            <button type="submit" class="button button--secondary">
              {t('account:phone.resend')}
            </button>
          </Form>
        </>
      ) : (
        <>
          <p>{t('account:phone.lead')}</p>
          <ErrorSummary formId="phone-number" errors={phoneForm.errors} attempt={phoneForm.attempt} />
          <Form id="phone-number" action="/account/phone" onSubmit={checkFirst(phoneForm, phoneVerificationRequestSchema)}>
            <TextField
              form={phoneForm}
              formId="phone-number"
              name="phone"
              type="tel"
              label={t('account:phone.label')}
              hint={t('account:phone.hint')}
              autocomplete="tel"
              inputMode="tel"
            />
            <button type="submit" class="button">
              {t('account:phone.send')}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}

/** Lets the browser post the form only when the shared schema accepts it; shows the errors otherwise. */
function checkFirst(form: FormState<unknown>, schema: v.GenericSchema) {
  return (event: Event) => {
    const result = validate(schema, form.values);
    if (!result.ok) {
      event.preventDefault();
      form.setErrors(result.errors);
    }
  };
}
