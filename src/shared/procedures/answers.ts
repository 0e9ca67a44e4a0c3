import * as v from 'valibot';
import { normalisePhone } from '../phone.ts';
import { namedFieldError } from '../field-error.ts';
import { frenchPostcode, normaliseCode, plainText, type TextLines } from '../validation.ts';
import type { Condition, DatePrecision, ProcedureDefinition, Question, Step } from './definition.ts';

/**
 * Answers travel as the citizen typed them: one string per form field, keyed by field name
 * (`child_name`, `home_address.postcode`, `birthdate.year`). That is what the drafts keep, what the
 * no-JavaScript form posts, and what the schema below turns into typed values.
 */
export type FormValues = Record<string, string>;

export interface PostalAddress {
  line1: string;
  line2?: string;
  postcode: string;
  city: string;
}
export type AnswerValue = string | number | boolean | string[] | PostalAddress;
export type TypedAnswers = Record<string, AnswerValue>;

export const addressParts = ['line1', 'line2', 'postcode', 'city'] as const;
export const dateParts = ['day', 'month', 'year'] as const;

/** The form fields a question owns, first one first (error links point to it). */
export function questionFields(question: Question): string[] {
  if (question.type === 'address') return addressParts.map((part) => `${question.id}.${part}`);
  if (question.type === 'date') return dateParts.map((part) => `${question.id}.${part}`);
  return [question.id];
}

/** Multiple choices are one field too, their values joined by commas (option ids never hold one). */
export function splitChoices(value: string | undefined): string[] {
  return (value ?? '').split(',').filter(Boolean);
}

function conditionHolds(condition: Condition | undefined, values: FormValues): boolean {
  if (!condition) return true;
  const answer = values[condition.question] ?? '';
  return answer === condition.equals || splitChoices(answer).includes(condition.equals);
}

/** The steps the citizen sees with the answers given so far (a "no" can skip a whole step). */
export function askedSteps(definition: ProcedureDefinition, values: FormValues): Step[] {
  return definition.steps.filter((step) => conditionHolds(step.when, values));
}

export function askedQuestions(step: Step, values: FormValues): Question[] {
  return step.questions.filter((question) => conditionHolds(question.when, values));
}

const errors = {
  required: 'procedures:errors.required',
  choose: 'procedures:errors.choose',
  chooseSome: 'procedures:errors.choose_some',
  tooLong: 'procedures:errors.too_long',
  number: 'procedures:errors.number',
  numberRange: 'procedures:errors.number_range',
  pattern: 'procedures:errors.pattern',
  date: 'procedures:errors.date',
  dateYear: 'procedures:errors.date_year',
  dateMonth: 'procedures:errors.date_month',
  dateDay: 'procedures:errors.date_day',
  phone: 'procedures:errors.phone',
  email: 'procedures:errors.email',
  postcode: 'procedures:errors.postcode',
  document: 'procedures:errors.document',
} as const;

const field = v.optional(v.string(), '');

function text(question: Question, maxLength: number, lines: TextLines) {
  const base = v.pipe(v.string(), v.trim(), plainText(lines), v.maxLength(maxLength, errors.tooLong));
  if (question.optional)
    return v.pipe(
      base,
      v.transform((value) => (value === '' ? undefined : value)),
    );
  const required = v.pipe(base, v.nonEmpty(errors.required));
  return question.pattern ? v.pipe(required, v.transform(normaliseCode), v.regex(new RegExp(question.pattern), errors.pattern)) : required;
}

/** Empty optional answers become `undefined`, so they never reach the typed answers. */
function optionalOr<T extends v.GenericSchema<string, unknown>>(question: Question, schema: T) {
  return v.pipe(
    v.string(),
    v.trim(),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      if (dataset.value === '') {
        if (question.optional) return undefined;
        addIssue({ message: question.type.endsWith('choice') || question.type === 'yes_no' ? errors.choose : errors.required });
        return NEVER;
      }
      const result = v.safeParse(schema, dataset.value, { abortPipeEarly: true });
      if (result.success) return result.output as v.InferOutput<T>;
      addIssue({ message: result.issues[0].message });
      return NEVER;
    }),
  );
}

function numberSchema(question: Question) {
  const min = question.min ?? 0;
  const max = question.max ?? 1_000_000;
  return optionalOr(
    question,
    v.pipe(
      v.string(),
      v.transform((value) => value.replace(/\s/g, '').replace(',', '.')),
      v.regex(/^-?\d+(\.\d+)?$/, errors.number),
      v.transform(Number),
      v.minValue(min, errors.numberRange),
      v.maxValue(max, errors.numberRange),
    ),
  );
}

function choiceSchema(question: Question) {
  return optionalOr(question, v.picklist(question.options ?? [], errors.choose));
}

function multipleChoiceSchema(question: Question) {
  const options = question.options ?? [];
  return v.pipe(
    v.string(),
    v.transform((value: string) => splitChoices(value)),
    v.check((chosen: string[]) => chosen.every((item) => options.includes(item)), errors.choose),
    v.check((chosen: string[]) => question.optional === true || chosen.length > 0, errors.chooseSome),
  );
}

/** Field paths for issues raised on a question as a whole (a date, a document). */
function at(key: string) {
  return [{ type: 'object', origin: 'value', input: {}, key, value: undefined }] as [v.ObjectPathItem];
}

/**
 * A date in three boxes, GOV.UK style. The answer keeps its precision: "1987", "1987-04" or
 * "1987-04-12"; the procedure says how little it accepts.
 */
function dateSchema(question: Question) {
  const precision: DatePrecision = question.precision ?? 'day';
  const [day, month, year] = dateParts.map((part) => `${question.id}.${part}`) as [string, string, string];
  return v.pipe(
    v.object({ [day]: v.pipe(field, v.trim()), [month]: v.pipe(field, v.trim()), [year]: v.pipe(field, v.trim()) }),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const parts = dataset.value as Record<string, string>;
      const [d, m, y] = [parts[day] ?? '', parts[month] ?? '', parts[year] ?? ''];
      const fail = (message: string) => {
        addIssue({ message, path: at(question.id) });
        return NEVER;
      };
      if (d === '' && m === '' && y === '') return question.optional ? undefined : fail(errors.required);
      if (!/^\d{4}$/.test(y) || Number(y) < 1900 || Number(y) > 2100) return fail(errors.dateYear);
      if (m === '' && d === '') return precision === 'year' ? y : fail(precision === 'month' ? errors.dateMonth : errors.date);
      if (!/^\d{1,2}$/.test(m) || Number(m) < 1 || Number(m) > 12) return fail(errors.dateMonth);
      const yearMonth = `${y}-${m.padStart(2, '0')}`;
      if (d === '') return precision === 'day' ? fail(errors.dateDay) : yearMonth;
      const date = new Date(`${yearMonth}-${d.padStart(2, '0')}T00:00:00Z`);
      if (!/^\d{1,2}$/.test(d) || Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(d)) return fail(errors.dateDay);
      return `${yearMonth}-${d.padStart(2, '0')}`;
    }),
  );
}

function addressSchema(question: Question) {
  const name = (part: string) => `${question.id}.${part}`;
  const line = v.pipe(field, v.trim(), v.nonEmpty(errors.required), v.maxLength(200, errors.tooLong));
  return v.pipe(
    v.object({
      [name('line1')]: line,
      [name('line2')]: v.pipe(field, v.trim(), v.maxLength(200, errors.tooLong)),
      [name('postcode')]: v.pipe(field, v.trim(), v.nonEmpty(errors.required), frenchPostcode(errors.postcode)),
      [name('city')]: line,
    }),
    v.transform((parts): PostalAddress => {
      const get = (part: string) => (parts as Record<string, string>)[name(part)] ?? '';
      const address: PostalAddress = { line1: get('line1'), postcode: get('postcode'), city: get('city') };
      if (get('line2')) address.line2 = get('line2');
      return address;
    }),
  );
}

/** The schema of one question, over the whole form's values (it reads the fields it owns). */
export function questionSchema(question: Question) {
  const one = (schema: v.GenericSchema<string, AnswerValue | undefined>) =>
    v.pipe(
      v.object({ [question.id]: field }),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        const result = v.safeParse(schema, (dataset.value as FormValues)[question.id] ?? '', { abortPipeEarly: true });
        if (result.success) return result.output;
        addIssue({ message: result.issues[0].message, path: at(question.id) });
        return NEVER;
      }),
    );
  switch (question.type) {
    case 'text':
      return one(text(question, 200, 'single'));
    case 'long_text':
      return one(text(question, 2000, 'multi'));
    case 'number':
      return one(numberSchema(question));
    case 'single_choice':
      return one(choiceSchema(question));
    case 'multiple_choice':
      return one(multipleChoiceSchema(question));
    case 'yes_no':
      return one(
        v.pipe(
          optionalOr(question, v.picklist(['yes', 'no'], errors.choose)),
          v.transform((value) => (value === undefined ? undefined : value === 'yes')),
        ),
      );
    case 'phone':
      return one(
        optionalOr(
          question,
          v.pipe(
            v.string(),
            v.rawTransform(({ dataset, addIssue, NEVER }) => {
              const phone = normalisePhone(dataset.value);
              if (phone !== undefined) return phone;
              addIssue({ message: errors.phone });
              return NEVER;
            }),
          ),
        ),
      );
    case 'email':
      return one(optionalOr(question, v.pipe(v.string(), v.maxLength(254, errors.email), v.email(errors.email))));
    case 'document':
      return one(optionalOr(question, v.pipe(v.string(), v.uuid(errors.document))));
    case 'date':
      return dateSchema(question);
    case 'address':
      return addressSchema(question);
  }
}

/** The i18n key of a question's label, which its error messages name. */
export function questionLabelKey(definition: ProcedureDefinition, question: Question): string {
  return `procedures:${definition.id}.questions.${question.id}.label`;
}

/** An address's boxes each have their own label ("Code postal"): an error names the box, not the whole address. */
function fieldLabelKey(definition: ProcedureDefinition, question: Question, field: string): string {
  const part = field.slice(question.id.length + 1);
  return question.type === 'address' && (addressParts as readonly string[]).includes(part)
    ? `common:form.address.${part}`
    : questionLabelKey(definition, question);
}

/**
 * The schema a procedure's answers must pass, generated from its definition and shared by the
 * browser (each step, then the check page) and the server (the submission). Only the questions
 * asked with these answers are checked and kept, so a skipped branch never blocks or leaks.
 */
export function answersSchema(definition: ProcedureDefinition, onlyStep?: string) {
  return v.pipe(
    v.record(v.string(), v.pipe(v.string(), v.maxLength(5000))),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const values = dataset.value;
      const typed: TypedAnswers = {};
      let failed = false;
      for (const step of askedSteps(definition, values)) {
        if (onlyStep !== undefined && step.id !== onlyStep) continue;
        for (const question of askedQuestions(step, values)) {
          const result = v.safeParse(questionSchema(question), values, { abortPipeEarly: true });
          if (!result.success) {
            failed = true;
            for (const issue of result.issues) {
              const field = issue.path?.map((item) => String(item.key)).join('.') ?? question.id;
              addIssue({
                message: namedFieldError(issue.message, fieldLabelKey(definition, question, field)),
                ...(issue.path ? { path: issue.path } : {}),
              });
            }
          } else if (result.output !== undefined) {
            typed[question.id] = result.output;
          }
        }
      }
      return failed ? NEVER : typed;
    }),
  );
}

/** Keeps only the fields of questions asked with these answers: what is submitted and stored. */
export function askedValues(definition: ProcedureDefinition, values: FormValues): FormValues {
  const kept: FormValues = {};
  for (const step of askedSteps(definition, values)) {
    for (const question of askedQuestions(step, values)) {
      for (const name of questionFields(question)) {
        const value = values[name];
        if (value !== undefined && value !== '') kept[name] = value;
      }
    }
  }
  return kept;
}
