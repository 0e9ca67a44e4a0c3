import * as v from 'valibot';

/**
 * A procedure is data: steps of questions, each with its type, its validation, when it is asked,
 * and where a pre-filled answer comes from. Every sentence a citizen reads is a key in
 * `locales/<lang>/procedures.json` under the procedure's id, so definitions hold no text.
 */
export const questionTypes = [
  'text',
  'long_text',
  'number',
  'date',
  'single_choice',
  'multiple_choice',
  'yes_no',
  'phone',
  'email',
  'address',
  'document',
] as const;
export type QuestionType = (typeof questionTypes)[number];

/** The claims the identity federation (FranceConnect-like) hands over at sign-in. */
export const identityClaims = [
  'given_name',
  'family_name',
  'birthdate',
  'gender',
  'birthplace',
  'birthcountry',
  'email',
  'phone_number',
] as const;
export type IdentityClaim = (typeof identityClaims)[number];

/** What the data connectors (API Particulier-like) can answer, by dataset and field. */
export const connectorFields = {
  family_quotient: ['quotient', 'children', 'month'],
  tax_household: ['persons', 'reference_income', 'address'],
} as const;
export type ConnectorDataset = keyof typeof connectorFields;

export const prefillSources = ['identity', 'connector', 'earlier_dossier'] as const;
export type PrefillSource = (typeof prefillSources)[number];

export type Prefill =
  /** A sign-in claim; `frozen` when the procedure says identity must not be edited. */
  | { source: 'identity'; claim: IdentityClaim; frozen?: boolean }
  | { source: 'connector'; dataset: ConnectorDataset; field: string }
  /** The latest answer the citizen gave to one of these questions in an earlier dossier. */
  | { source: 'earlier_dossier'; from: readonly { procedure: string; question: string }[] };

/** Asked only when an earlier answer is this value (or, for a multiple choice, includes it). */
export interface Condition {
  question: string;
  equals: string;
}

/** Dates may stop at the year or the month where the procedure allows it (birth dates often do). */
export const datePrecisions = ['year', 'month', 'day'] as const;
export type DatePrecision = (typeof datePrecisions)[number];

export interface Question {
  id: string;
  type: QuestionType;
  optional?: boolean;
  /** The HTML `autocomplete` token, wherever one exists for what is asked. */
  autocomplete?: string;
  /** single_choice and multiple_choice. */
  options?: readonly string[];
  /** number. */
  min?: number;
  max?: number;
  /** text. */
  pattern?: string;
  /** date: the least precise answer accepted. */
  precision?: DatePrecision;
  prefill?: Prefill;
  when?: Condition;
}

export interface Step {
  id: string;
  questions: readonly Question[];
  when?: Condition;
}

/** Which team handles a procedure's dossiers: agents are attached to one. */
export const services = ['civil_status', 'education', 'mobility'] as const;
export type ServiceId = (typeof services)[number];

export interface ProcedureDefinition {
  id: string;
  service: ServiceId;
  /** Days the service commits to answer in, told to the citizen on the confirmation page. */
  answerWithinDays: number;
  steps: readonly Step[];
}

const identifier = v.pipe(v.string(), v.regex(/^[a-z][a-z0-9_]*$/, 'must be snake_case'));
const slug = v.pipe(v.string(), v.regex(/^[a-z][a-z0-9-]*$/, 'must be kebab-case'));
const condition = v.strictObject({ question: identifier, equals: v.pipe(v.string(), v.nonEmpty()) });
const prefill = v.variant('source', [
  v.strictObject({ source: v.literal('identity'), claim: v.picklist(identityClaims), frozen: v.optional(v.boolean()) }),
  v.strictObject({
    source: v.literal('connector'),
    dataset: v.picklist(Object.keys(connectorFields) as ConnectorDataset[]),
    field: v.string(),
  }),
  v.strictObject({
    source: v.literal('earlier_dossier'),
    from: v.pipe(v.array(v.strictObject({ procedure: slug, question: identifier })), v.minLength(1)),
  }),
]);
const question = v.strictObject({
  id: identifier,
  type: v.picklist(questionTypes),
  optional: v.optional(v.boolean()),
  autocomplete: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9 -]+$/))),
  options: v.optional(v.pipe(v.array(identifier), v.minLength(2))),
  min: v.optional(v.number()),
  max: v.optional(v.number()),
  pattern: v.optional(v.string()),
  precision: v.optional(v.picklist(datePrecisions)),
  prefill: v.optional(prefill),
  when: v.optional(condition),
});
const definitionSchema = v.strictObject({
  id: slug,
  service: v.picklist(services),
  answerWithinDays: v.pipe(v.number(), v.integer(), v.minValue(1)),
  steps: v.pipe(
    v.array(v.strictObject({ id: identifier, questions: v.pipe(v.array(question), v.minLength(1)), when: v.optional(condition) })),
    v.minLength(1),
  ),
});

/**
 * Checks a definition when it is loaded: its shape, then what a shape cannot say (unique ids,
 * options where choices need them, conditions that point to an earlier question). A broken
 * procedure stops the app at start, never a citizen halfway through.
 */
export function defineProcedure<const Definition extends ProcedureDefinition>(definition: Definition): Definition {
  const shape = v.safeParse(definitionSchema, definition);
  if (!shape.success) {
    const issue = shape.issues[0];
    throw new Error(`Procedure ${definition.id}: ${v.getDotPath(issue) ?? '(root)'} ${issue.message}`);
  }
  const problems = definitionProblems(definition);
  if (problems.length > 0) throw new Error(`Procedure ${definition.id}: ${problems.join('; ')}`);
  return definition;
}

function definitionProblems(definition: ProcedureDefinition): string[] {
  const problems: string[] = [];
  const seen = new Map<string, Question>();
  const stepIds = new Set<string>();
  const checkCondition = (where: string, when: Condition | undefined) => {
    if (!when) return;
    const target = seen.get(when.question);
    if (!target) problems.push(`${where} depends on ${when.question}, which is not asked before it`);
    else if (target.type === 'yes_no' ? !['yes', 'no'].includes(when.equals) : !target.options?.includes(when.equals)) {
      problems.push(`${where} waits for ${when.question} = ${when.equals}, which is not a possible answer`);
    }
  };
  for (const step of definition.steps) {
    if (stepIds.has(step.id)) problems.push(`step ${step.id} appears twice`);
    stepIds.add(step.id);
    checkCondition(`step ${step.id}`, step.when);
    for (const item of step.questions) {
      if (seen.has(item.id)) problems.push(`question ${item.id} appears twice`);
      checkCondition(`question ${item.id}`, item.when);
      const choices = item.type === 'single_choice' || item.type === 'multiple_choice';
      if (choices !== (item.options !== undefined)) problems.push(`question ${item.id}: options belong to choice questions only`);
      if (item.precision && item.type !== 'date') problems.push(`question ${item.id}: precision belongs to dates only`);
      if (item.prefill?.source === 'connector') {
        const fields: readonly string[] = connectorFields[item.prefill.dataset];
        if (!fields.includes(item.prefill.field))
          problems.push(`question ${item.id}: ${item.prefill.dataset} has no ${item.prefill.field}`);
      }
      if (item.prefill?.source === 'identity' && item.prefill.frozen && item.optional) {
        problems.push(`question ${item.id}: a frozen identity answer cannot be optional`);
      }
      seen.set(item.id, item);
    }
  }
  return problems;
}

/** Every question of a procedure, in the order they are asked. */
export function allQuestions(definition: ProcedureDefinition): Question[] {
  return definition.steps.flatMap((step) => step.questions);
}
