import * as v from 'valibot';
import { glossaryTerms } from '../glossary.ts';
import { documentKinds } from '../documents.ts';
import {
  connectorFields,
  datePrecisions,
  identityClaims,
  questionTypes,
  services,
  type Condition,
  type ConnectorDataset,
  type ProcedureDefinition,
  type Question,
} from './definition.ts';

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
  accepts: v.optional(v.pipe(v.array(v.picklist(documentKinds)), v.minLength(1))),
  prefill: v.optional(prefill),
  when: v.optional(condition),
  terms: v.optional(v.array(v.picklist(glossaryTerms))),
});
const definitionSchema = v.strictObject({
  id: slug,
  service: v.picklist(services),
  answerWithinDays: v.pipe(v.number(), v.integer(), v.minValue(1)),
  steps: v.pipe(
    v.array(v.strictObject({ id: identifier, questions: v.pipe(v.array(question), v.minLength(1)), when: v.optional(condition) })),
    v.minLength(1),
  ),
  terms: v.optional(v.array(v.picklist(glossaryTerms))),
});

/**
 * Checks a definition when the server loads it: its shape, then what a shape cannot say (unique
 * ids, options where choices need them, conditions that point to an earlier question). A broken
 * procedure stops the server at start, never a citizen halfway through.
 */
export function checkProcedureDefinition<const Definition extends ProcedureDefinition>(definition: Definition): Definition {
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
