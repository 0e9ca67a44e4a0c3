import { contactPreferencesSchema, type AccountView } from '../../shared/account.ts';
import { endonyms, languages } from '../../shared/languages.ts';
import { checkBeforePost } from '../forms/check-before-post.ts';
import { ErrorSummary } from '../forms/error-summary.tsx';
import { Form } from '../forms/form.tsx';
import { RadioGroup } from '../forms/radio-group.tsx';
import { useForm } from '../forms/use-form.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { usePageContext } from '../page/page-context.ts';

const channels = ['sms', 'email', 'push'] as const;

/** How the person wants to hear from us: SMS first, e-mail, web push; and in which language. */
export function ContactPreferences({ preferences }: { preferences: AccountView['preferences'] }) {
  const { t, language } = useTranslation();
  const sent = usePageContext().state.form;
  const form = useForm(
    contactPreferencesSchema,
    // This form was the one sent: its language is in it, or missing from it (the error says so).
    sent && ('language' in sent.values || 'language' in sent.errors)
      ? sent
      : {
          values: {
            ...Object.fromEntries(channels.filter((channel) => preferences[channel]).map((channel) => [channel, 'on'])),
            language: preferences.language ?? language,
          },
        },
  );
  return (
    <section aria-labelledby="preferences-heading">
      <h2 id="preferences-heading">{t('account:preferences.heading')}</h2>
      <ErrorSummary formId="preferences" errors={form.errors} attempt={form.attempt} />
      <Form id="preferences" action="/account/preferences" onSubmit={checkBeforePost(form, contactPreferencesSchema)}>
        <fieldset class="field">
          <legend>{t('account:preferences.channels')}</legend>
          <div class="checkboxes">
            {channels.map((channel) => (
              <div class="radio" key={channel}>
                <input
                  id={`preferences-${channel}`}
                  type="checkbox"
                  name={channel}
                  value="on"
                  checked={form.values[channel] === 'on'}
                  onChange={(event) => form.setValue(channel, event.currentTarget.checked ? 'on' : '')}
                />
                <label for={`preferences-${channel}`}>{t(`account:preferences.${channel}`)}</label>
              </div>
            ))}
          </div>
        </fieldset>
        <RadioGroup
          form={form}
          formId="preferences"
          name="language"
          legend={t('account:preferences.language')}
          options={languages.map((option) => ({ value: option, label: endonyms[option], lang: option }))}
        />
        <button type="submit" class="button">
          {t('account:preferences.save')}
        </button>
      </Form>
    </section>
  );
}
