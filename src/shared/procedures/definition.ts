import type { GlossaryTerm } from '../glossary.ts';
import type { DocumentKind } from '../documents.ts';

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
  /** document: the kinds of locker documents that answer it; any kind when absent. */
  accepts?: readonly DocumentKind[];
  /** date: the least precise answer accepted. */
  precision?: DatePrecision;
  prefill?: Prefill;
  when?: Condition;
  /** Administrative words the question uses, explained beside it (see `glossary.ts`). */
  terms?: readonly GlossaryTerm[];
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
  /** Administrative words the procedure's description uses, explained on its start page. */
  terms?: readonly GlossaryTerm[];
}

/**
 * Declares a procedure: the type checks it as it is written; `checkProcedureDefinition` checks
 * what a type cannot say when the server loads it. Kept apart so that the browser, which only runs
 * definitions the server already accepted, never downloads the checking code.
 */
export function defineProcedure<const Definition extends ProcedureDefinition>(definition: Definition): Definition {
  return definition;
}

/** Every question of a procedure, in the order they are asked. */
export function allQuestions(definition: ProcedureDefinition): Question[] {
  return definition.steps.flatMap((step) => step.questions);
}
