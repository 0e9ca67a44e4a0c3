import { formatDate, formatNumber } from '../../shared/format.ts';
import { askedQuestions, askedSteps, splitChoices, type FormValues } from '../../shared/procedures/answers.ts';
import type { ProcedureDefinition, Question } from '../../shared/procedures/definition.ts';
import { useTranslation } from '../i18n/use-translation.ts';

type Translate = ReturnType<typeof useTranslation>['t'];

/** An answer as a person reads it: option labels, dates in words, an address on its lines. */
export function formatAnswer(
  t: Translate,
  language: string,
  definition: ProcedureDefinition,
  question: Question,
  values: FormValues,
): string {
  const base = `procedures:${definition.id}.questions.${question.id}`;
  const value = values[question.id] ?? '';
  switch (question.type) {
    case 'single_choice':
      return value ? t(`${base}.options.${value}`) : t('procedures:answers.not_given');
    case 'multiple_choice':
      return (
        splitChoices(value)
          .map((option) => t(`${base}.options.${option}`))
          .join(', ') || t('procedures:answers.not_given')
      );
    case 'yes_no':
      return value ? t(`procedures:answers.${value === 'yes' ? 'yes' : 'no'}`) : t('procedures:answers.not_given');
    case 'date': {
      const [day, month, year] = ['day', 'month', 'year'].map((part) => values[`${question.id}.${part}`] ?? '');
      if (!year) return t('procedures:answers.not_given');
      return formatDate(language, [year, month, month && day].filter(Boolean).join('-'));
    }
    case 'number': {
      const number = Number(value.replace(/\s/g, '').replace(',', '.'));
      return value === '' ? t('procedures:answers.not_given') : Number.isFinite(number) ? formatNumber(language, number, 2) : value;
    }
    case 'address':
      return ['line1', 'line2', 'postcode', 'city']
        .map((part) => values[`${question.id}.${part}`] ?? '')
        .filter(Boolean)
        .join(', ');
    case 'document':
      return value ? (values[`${question.id}.name`] ?? t('procedures:answers.document_attached')) : t('procedures:answers.not_given');
    default:
      return value || t('procedures:answers.not_given');
  }
}

interface AnswerSummaryProps {
  definition: ProcedureDefinition;
  values: FormValues;
  /** Where each "Change" link leads; no links when the answers can no longer change. */
  changeHref?: (stepId: string, question: Question) => string;
}

/** The answers of a procedure, step by step, as a description list (check page, dossier, case page). */
export function AnswerSummary({ definition, values, changeHref }: AnswerSummaryProps) {
  const { t, language } = useTranslation();
  return (
    <>
      {askedSteps(definition, values).map((step) => (
        <section key={step.id} aria-labelledby={`summary-${step.id}`}>
          <h2 id={`summary-${step.id}`} class="summary__title">
            {t(`procedures:${definition.id}.steps.${step.id}`)}
          </h2>
          <dl class="summary">
            {askedQuestions(step, values).map((question) => {
              const label = t(`procedures:${definition.id}.questions.${question.id}.label`);
              return (
                <div class="summary__row" key={question.id}>
                  <dt>{label}</dt>
                  <dd>{formatAnswer(t, language, definition, question, values)}</dd>
                  {changeHref && (
                    <dd class="summary__action">
                      <a href={changeHref(step.id, question)}>
                        {t('procedures:check.change')}
                        <span class="visually-hidden"> {label}</span>
                      </a>
                    </dd>
                  )}
                </div>
              );
            })}
          </dl>
        </section>
      ))}
    </>
  );
}
