import type { DocumentView } from '../../shared/documents.ts';
import type { PrefillView } from '../../shared/dossier.ts';
import type { ProcedureDefinition, Question } from '../../shared/procedures/definition.ts';
import { AddressField } from '../forms/address-field.tsx';
import { CheckboxGroup } from '../forms/checkbox-group.tsx';
import { DateField } from '../forms/date-field.tsx';
import { RadioGroup } from '../forms/radio-group.tsx';
import { TextArea } from '../forms/text-area.tsx';
import { TextField } from '../forms/text-field.tsx';
import type { FormState } from '../forms/use-form.ts';
import { useTranslation } from '../i18n/use-translation.ts';
import { Terms } from '../glossary/term.tsx';
import { DocumentField } from './document-field.tsx';

interface QuestionFieldProps {
  definition: ProcedureDefinition;
  question: Question;
  form: FormState<unknown>;
  formId: string;
  origin: PrefillView['origins'][string] | undefined;
  /** The locker documents the server rendered the step with (a page without JavaScript). */
  documents?: DocumentView[];
}

/** One question of a procedure, with the plain-language explanation of the administrative words it uses. */
export function QuestionField(props: QuestionFieldProps) {
  const terms = props.question.terms;
  if (!terms?.length) return <Field {...props} />;
  return (
    <div class="question">
      <Field {...props} />
      <Terms terms={terms} />
    </div>
  );
}

/** The question's field, drawn by type with the form engine's fields. */
function Field({ definition, question, form, formId, origin, documents }: QuestionFieldProps) {
  const { t } = useTranslation();
  const base = `procedures:${definition.id}.questions.${question.id}`;
  const label = t(`${base}.label`);
  const ownHint = t(`${base}.hint`, { defaultValue: '' });
  const originHint = origin ? prefillNote(t, origin) : '';
  const hint = [ownHint, originHint].filter(Boolean).join(' ') || undefined;
  const frozen = origin?.frozen === true;
  const common = { form, formId, name: question.id, hint };
  const options = (question.options ?? []).map((option) => ({ value: option, label: t(`${base}.options.${option}`) }));

  switch (question.type) {
    case 'text':
      return <TextField {...common} label={label} optional={question.optional} autocomplete={question.autocomplete} readOnly={frozen} />;
    case 'long_text':
      return <TextArea {...common} label={label} optional={question.optional} />;
    case 'number':
      return <TextField {...common} label={label} optional={question.optional} inputMode="numeric" width="short" />;
    case 'phone':
      return (
        <TextField
          {...common}
          label={label}
          optional={question.optional}
          type="tel"
          inputMode="tel"
          autocomplete={question.autocomplete ?? 'tel'}
        />
      );
    case 'email':
      return (
        <TextField
          {...common}
          label={label}
          optional={question.optional}
          type="email"
          inputMode="email"
          autocomplete={question.autocomplete ?? 'email'}
        />
      );
    case 'date':
      return <DateField {...common} legend={label} optional={question.optional} autocomplete={question.autocomplete} readOnly={frozen} />;
    case 'single_choice':
      return <RadioGroup {...common} legend={label} optional={question.optional} options={options} />;
    case 'yes_no':
      return (
        <RadioGroup
          {...common}
          legend={label}
          optional={question.optional}
          options={[
            { value: 'yes', label: t('procedures:answers.yes') },
            { value: 'no', label: t('procedures:answers.no') },
          ]}
        />
      );
    case 'multiple_choice':
      return <CheckboxGroup {...common} legend={label} options={options} />;
    case 'address':
      return <AddressField {...common} legend={label} />;
    case 'document':
      return (
        <DocumentField
          form={form}
          formId={formId}
          question={question}
          label={label}
          {...(hint ? { hint } : {})}
          {...(documents ? { documents } : {})}
        />
      );
  }
}

/** "Pre-filled from FranceConnect", "from the CAF", "from your request GU-2026-000123". */
export function prefillNote(t: ReturnType<typeof useTranslation>['t'], origin: PrefillView['origins'][string]): string {
  if (origin.source === 'identity') {
    return t(origin.frozen ? 'procedures:prefill.identity_frozen' : 'procedures:prefill.identity', { provider: origin.detail ?? '' });
  }
  if (origin.source === 'connector') {
    return t('procedures:prefill.connector', { provider: t(`procedures:prefill.datasets.${origin.detail ?? ''}`) });
  }
  return t('procedures:prefill.earlier_dossier', { reference: origin.detail ?? '' });
}
