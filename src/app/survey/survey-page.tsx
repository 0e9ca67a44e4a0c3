import { RequiredStatement } from '../forms/form.tsx';
import { surveyRatings } from '../../shared/satisfaction-survey.ts';
import { csrfFormField } from '../../shared/http.ts';
import { ErrorSummary } from '../forms/error-summary.tsx';
import { RadioGroup } from '../forms/radio-group.tsx';
import { useForm } from '../forms/use-form.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { Page } from '../page/page.tsx';
import { usePageContext } from '../page/page-context.ts';

const formId = 'survey';

/**
 * The one-question survey a link in an SMS opens: no sign-in, a plain form post (the same with or
 * without JavaScript), one answer per link.
 */
export default function SurveyPage() {
  const { t } = useTranslation();
  const page = usePageContext();
  const survey = page.state.survey;
  // The server checks the answer; the schema is only named here for the form engine's types.
  const form = useForm(
    () => import('../../shared/satisfaction-survey-answer.ts').then((module) => module.surveyAnswerSchema),
    page.state.form,
  );
  if (!survey) return null;
  if (survey.state !== 'open') {
    return (
      <Page title={t(`survey:${survey.state}.title`)}>
        <p>{t(`survey:${survey.state}.text`)}</p>
        <p>
          <a href="/">{t('common:back_home')}</a>
        </p>
      </Page>
    );
  }
  return (
    <Page title={t('survey:title')}>
      <p class="lead">{t('survey:lead')}</p>
      <form id={formId} method="post" noValidate>
        <RequiredStatement />
        <input type="hidden" name={csrfFormField} value={page.csrfToken} />
        <ErrorSummary formId={formId} errors={form.errors} attempt={form.attempt} />
        <RadioGroup
          form={form}
          formId={formId}
          name="rating"
          legend={t(`survey:question.${survey.channel}`)}
          options={[...surveyRatings].reverse().map((rating) => ({ value: rating, label: t(`survey:ratings.${rating}`) }))}
        />
        <button type="submit" class="button">
          {t('survey:submit')}
        </button>
      </form>
    </Page>
  );
}
