import type { FastifyBaseLogger } from 'fastify';
import type { Insertable } from 'kysely';
import { applyAction, type ActorKind, type Channel, type DossierAction, type DossierStatus } from '../../shared/dossier-state.ts';
import type { DossierCreated, DossierSubmission, DossierSummary, DossierView, PrefillView } from '../../shared/dossier.ts';
import { defaultLanguage, type Language } from '../../shared/languages.ts';
import {
  allQuestions,
  services,
  type ConnectorDataset,
  type ProcedureDefinition,
  type ServiceId,
} from '../../shared/procedures/definition.ts';
import {
  answersSchema,
  askedValues,
  questionFields,
  questionLabelKey,
  type FormValues,
  type TypedAnswers,
} from '../../shared/procedures/answers.ts';
import { findProcedure } from '../../shared/procedures/catalogue.ts';
import { namedFieldError } from '../../shared/field-error.ts';
import { validate, type FieldErrors } from '../../shared/validation.ts';
import { latestIdentity, latestVerifiedPhone } from '../account/person.repository.ts';
import { findAgent } from '../agent/agent.repository.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { attachDocument, findDocumentOfPerson } from '../documents/document.repository.ts';
import { ConnectorError, type ConnectorIdentity, type ConnectorRecord, type DataConnector } from '../connectors/data-connector.ts';
import type { Db } from '../db/database.ts';
import { HttpError } from '../http/http-error.ts';
import { runOnce, type IdempotentOutcome } from '../http/idempotency.ts';
import type { NotificationTemplates } from '../notifications/notification-templates.ts';
import { NotificationError, queueNotification } from '../notifications/notification.service.ts';
import { newDossierReference } from '../security/random-reference.ts';
import {
  deleteDraft,
  findDossierByReference,
  insertDossier,
  insertDossierEvent,
  latestAnswersOfPerson,
  listDossiersOfPerson,
  listDossierEvents,
  updateDossierStatus,
} from './procedure.repository.ts';
import type { DossierRow, DossierTable } from './procedure.table.ts';
import type { AgentPrincipal, CitizenPrincipal } from '../auth/principal.ts';
import { identityAnswer } from './identity-answers.ts';
import type { Citizen } from './requester.ts';

export function procedureOrThrow(id: string): ProcedureDefinition {
  const definition = findProcedure(id);
  if (!definition) throw new HttpError('not_found');
  return definition;
}

/**
 * "Tell us once": what Guichet already knows for each question, with where it comes from. A
 * connector that is down costs the citizen some typing, never the form.
 */
export async function prefillFor(
  db: Db,
  connector: DataConnector,
  log: FastifyBaseLogger,
  citizen: Citizen | undefined,
  definition: ProcedureDefinition,
  language: Language = defaultLanguage,
): Promise<PrefillView> {
  const view: PrefillView = { values: {}, origins: {} };
  if (!citizen) return view;
  const datasets = new Map<ConnectorDataset, Promise<ConnectorRecord<ConnectorDataset> | undefined>>();
  const identity = connectorIdentity(citizen);
  const readDataset = (dataset: ConnectorDataset) => {
    let pending = datasets.get(dataset);
    if (!pending) {
      pending = identity
        ? connector.read(dataset, identity).catch((error: unknown) => {
            if (!(error instanceof ConnectorError)) throw error;
            log.warn({ connector: connector.name, dataset, problem: error.message }, 'data connector unavailable');
            return undefined;
          })
        : Promise.resolve(undefined);
      datasets.set(dataset, pending);
    }
    return pending;
  };

  for (const question of allQuestions(definition)) {
    const prefill = question.prefill;
    if (!prefill) continue;
    if (prefill.source === 'identity') {
      const claim = citizen.claims[prefill.claim];
      const answer = claim ? await identityAnswer(question, prefill.claim, claim, language) : undefined;
      if (!answer) continue;
      Object.assign(view.values, answer);
      view.origins[question.id] = { source: 'identity', frozen: prefill.frozen === true, detail: citizen.identityProvider };
    } else if (prefill.source === 'connector') {
      const record = await readDataset(prefill.dataset);
      const value = record?.[prefill.field as keyof typeof record];
      if (value === undefined || value === '') continue;
      view.values[question.id] = String(value);
      view.origins[question.id] = { source: 'connector', frozen: false, detail: prefill.dataset };
    } else {
      for (const origin of prefill.from) {
        const earlier = await latestAnswersOfPerson(db, citizen.personId, origin.procedure);
        if (!earlier) continue;
        const fields = questionFields({ ...question, id: origin.question });
        if (!fields.some((name) => earlier.answers[name])) continue;
        fields.forEach((name, index) => {
          const value = earlier.answers[name];
          const target = questionFields(question)[index];
          if (value !== undefined && target !== undefined) view.values[target] = value;
        });
        view.origins[question.id] = { source: 'earlier_dossier', frozen: false, detail: earlier.reference };
        break;
      }
    }
  }
  return view;
}

function connectorIdentity(citizen: Citizen): ConnectorIdentity | undefined {
  const { given_name, family_name, birthdate, gender, birthplace } = citizen.claims;
  if (!given_name || !family_name || !birthdate) return undefined;
  return { given_name, family_name, birthdate, ...(gender ? { gender } : {}), ...(birthplace ? { birthplace } : {}) };
}

/** Frozen identity answers come from sign-in, whatever the browser sent. */
async function withFrozenIdentity(
  definition: ProcedureDefinition,
  citizen: Citizen,
  values: FormValues,
  language: Language,
): Promise<FormValues> {
  let result = { ...values };
  for (const question of allQuestions(definition)) {
    if (question.prefill?.source !== 'identity' || !question.prefill.frozen) continue;
    const claim = citizen.claims[question.prefill.claim];
    const answer = claim ? await identityAnswer(question, question.prefill.claim, claim, language) : undefined;
    if (!answer) continue;
    const owned = new Set(questionFields(question));
    result = { ...Object.fromEntries(Object.entries(result).filter(([name]) => !owned.has(name))), ...answer };
  }
  return result;
}

export type SubmitOutcome = { kind: 'invalid'; errors: FieldErrors } | IdempotentOutcome<DossierCreated>;

/** An agent submitting for the citizen, under the mandate the citizen gave them. */
export interface OnBehalf {
  agentId: string;
  channel: 'phone' | 'counter';
  mandateId: string;
}

/**
 * Turns a citizen's answers into a dossier, exactly once per idempotency key: the key's claim
 * in `runOnce` stops concurrent copies, and the unique (person, key) constraint on `dossier`
 * makes a duplicate impossible even for a path that skipped it.
 */
export async function submitDossier(
  db: Db,
  citizen: Citizen,
  submission: DossierSubmission,
  key: string,
  language: Language,
  onBehalf?: OnBehalf,
): Promise<SubmitOutcome> {
  const definition = procedureOrThrow(submission.procedure);
  const values = askedValues(definition, await withFrozenIdentity(definition, citizen, submission.answers, language));
  const checked = validate(answersSchema(definition), values);
  if (!checked.ok) return { kind: 'invalid', errors: checked.errors };
  const documents = await givenDocuments(db, citizen, definition, checked.value);
  if (!documents.ok) return { kind: 'invalid', errors: documents.errors };
  const phone = checked.value.phone;
  return runOnce(db, { scope: `person:${citizen.personId}`, key, request: submission }, async (trx) => {
    const dossier = await insertWithFreshReference(trx, {
      procedure: definition.id,
      service: definition.service,
      person_id: citizen.personId,
      status: 'submitted',
      answers: JSON.stringify(values),
      contact_phone: typeof phone === 'string' ? phone : null,
      language,
      submission_key: key,
      ...(onBehalf
        ? { submission_channel: onBehalf.channel, submitted_by_agent_id: onBehalf.agentId, mandate_id: onBehalf.mandateId }
        : {}),
    });
    for (const [question, documentId] of documents.attached) {
      await attachDocument(trx, { dossier_id: dossier.id, document_id: documentId, question });
    }
    await insertDossierEvent(trx, {
      dossier_id: dossier.id,
      actor_kind: onBehalf ? 'agent' : 'citizen',
      actor_id: onBehalf ? onBehalf.agentId : citizen.personId,
      channel: onBehalf ? onBehalf.channel : 'web',
      kind: 'status_changed',
      action: 'submit',
      from_status: 'draft',
      to_status: 'submitted',
      message: null,
    });
    await deleteDraft(trx, citizen.personId, definition.id);
    if (onBehalf) {
      await recordAudit(trx, {
        actor: { kind: 'agent', id: onBehalf.agentId },
        action: 'dossier.submitted_on_behalf',
        subject: { type: 'dossier', id: dossier.reference },
        details: { person: citizen.personId, mandate: onBehalf.mandateId, channel: onBehalf.channel, procedure: definition.id },
      });
      await notifyCitizen(trx, dossier, {
        template: 'dossier_submitted_on_behalf',
        params: { reference: dossier.reference, channel: onBehalf.channel },
      });
    } else {
      await notifyCitizen(trx, dossier, {
        template: 'dossier_status_changed',
        params: { reference: dossier.reference, status: 'submitted' },
      });
    }
    return { status: 201, body: { reference: dossier.reference, procedure: dossier.procedure, status: dossier.status } };
  });
}

/**
 * The documents given as answers must be the citizen's own, and servable: a guessed id, someone
 * else's document or a quarantined one is a field error, like any wrong answer.
 */
async function givenDocuments(
  db: Db,
  citizen: Citizen,
  definition: ProcedureDefinition,
  answers: TypedAnswers,
): Promise<{ ok: true; attached: [string, string][] } | { ok: false; errors: FieldErrors }> {
  const attached: [string, string][] = [];
  const errors: FieldErrors = {};
  for (const question of allQuestions(definition)) {
    const answer = answers[question.id];
    if (question.type !== 'document' || typeof answer !== 'string') continue;
    const document = await findDocumentOfPerson(db, answer, citizen.personId);
    if (!document || document.status === 'quarantined' || (question.accepts && !question.accepts.includes(document.kind))) {
      errors[question.id] = namedFieldError('procedures:errors.document', questionLabelKey(definition, question));
    } else {
      attached.push([question.id, document.id]);
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, attached };
}

/**
 * Where messages about a dossier go. The number in the answers only when the citizen filed the
 * dossier themselves; for a dossier an agent filed for them, the number the agent typed could be
 * anyone's, so the citizen's own verified contacts instead: the number they verified by SMS code,
 * else the e-mail their identity provider vouched for. Read when sending, so every message (the
 * filing, each status change, a request for information) follows the same rule.
 */
async function dossierRecipient(
  db: Db,
  dossier: Pick<DossierRow, 'person_id' | 'contact_phone' | 'submitted_by_agent_id'>,
): Promise<{ channel: 'sms' | 'email'; to: string } | undefined> {
  if (dossier.submitted_by_agent_id === null && dossier.contact_phone) return { channel: 'sms', to: dossier.contact_phone };
  const phone = await latestVerifiedPhone(db, dossier.person_id);
  if (phone) return { channel: 'sms', to: phone };
  const email = (await latestIdentity(db, dossier.person_id))?.email;
  return email ? { channel: 'email', to: email } : undefined;
}

type DossierMessage =
  | { template: 'dossier_status_changed'; params: NotificationTemplates['dossier_status_changed'] }
  | { template: 'dossier_submitted_on_behalf'; params: NotificationTemplates['dossier_submitted_on_behalf'] };

/** SMS first, in the language of the dossier, to the recipient `dossierRecipient` picks. */
async function notifyCitizen(
  db: Db,
  dossier: Pick<DossierRow, 'person_id' | 'contact_phone' | 'submitted_by_agent_id' | 'language'>,
  message: DossierMessage,
): Promise<void> {
  const recipient = await dossierRecipient(db, dossier);
  if (!recipient) return;
  try {
    await queueNotification(db, { ...recipient, ...message, language: dossier.language, personId: dossier.person_id });
  } catch (error) {
    // A number the gateway cannot take must not block the dossier; the timeline still says it.
    if (!(error instanceof NotificationError)) throw error;
  }
}

export function dossierSummary(row: Pick<DossierRow, 'reference' | 'procedure' | 'status' | 'created_at' | 'updated_at'>): DossierSummary {
  return {
    reference: row.reference,
    procedure: row.procedure,
    status: row.status,
    submittedAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The citizen's submitted dossiers (drafts are not requests yet), newest first. */
export async function dossiersOfCitizen(db: Db, personId: string): Promise<DossierSummary[]> {
  return (await listDossiersOfPerson(db, personId)).filter((row) => row.status !== 'draft').map(dossierSummary);
}

export async function dossierView(db: Db, row: DossierRow): Promise<DossierView> {
  const events = await listDossierEvents(db, row.id);
  const agent = row.submitted_by_agent_id ? await findAgent(db, row.submitted_by_agent_id) : undefined;
  const channel = row.submission_channel;
  return {
    ...dossierSummary(row),
    ...(agent && (channel === 'phone' || channel === 'counter')
      ? { submittedOnBehalf: { agentName: `${agent.given_name} ${agent.family_name}`, channel } }
      : {}),
    answers: row.answers,
    events: events.map((event) => ({
      at: event.at.toISOString(),
      actor: event.actor_kind,
      channel: event.channel,
      kind: event.kind,
      action: event.action,
      status: event.to_status,
      message: event.message,
    })),
  };
}

/** The citizen's own dossier; anyone else's answers 404, so references cannot be probed. */
export async function dossierOfCitizen(db: Db, citizen: CitizenPrincipal, reference: string): Promise<DossierRow> {
  const row = await findDossierByReference(db, reference);
  if (!row || row.person_id !== citizen.personId || row.status === 'draft') throw new HttpError('not_found');
  return row;
}

/** The service whose dossiers the agent handles; 403 for an agent whose service handles no procedure. */
export function procedureServiceOf(agent: AgentPrincipal): ServiceId {
  const service = services.find((candidate) => candidate === agent.serviceId);
  if (!service) throw new HttpError('forbidden');
  return service;
}

/** A dossier of the agent's own service; other services' dossiers do not exist for them. */
export async function dossierOfAgent(db: Db, agent: AgentPrincipal, reference: string): Promise<DossierRow> {
  const service = procedureServiceOf(agent);
  const row = await findDossierByReference(db, reference);
  if (!row || row.service !== service || row.status === 'draft') throw new HttpError('not_found');
  return row;
}

interface StatusChange {
  actor: { kind: ActorKind; id: string };
  channel: Channel;
  action: DossierAction;
  message: string;
}

/**
 * One move of the state machine: the status, the timeline event, the audit line (for agents) and
 * the SMS are written together or not at all. An illegal move is a 409 and changes nothing.
 */
export async function changeDossierStatus(db: Db, dossier: DossierRow, change: StatusChange): Promise<DossierStatus> {
  const result = applyAction(dossier.status, change.action, change.actor.kind);
  if (!result.ok) throw new HttpError('transition_not_allowed', `${change.action} from ${dossier.status}: ${result.reason}`);
  const to = result.to;
  // Inside a caller's transaction (an idempotent form post), the move joins it.
  const inTransaction = <T>(work: (trx: Db) => Promise<T>) => (db.isTransaction ? work(db) : db.transaction().execute(work));
  await inTransaction(async (trx) => {
    if (!(await updateDossierStatus(trx, dossier.id, dossier.status, to))) throw new HttpError('dossier_changed');
    await insertDossierEvent(trx, {
      dossier_id: dossier.id,
      actor_kind: change.actor.kind,
      actor_id: change.actor.id,
      channel: change.channel,
      kind: 'status_changed',
      action: change.action,
      from_status: dossier.status,
      to_status: to,
      message: change.message === '' ? null : change.message,
    });
    if (change.actor.kind === 'agent') {
      await recordAudit(trx, {
        actor: change.actor,
        action: `dossier.${change.action}`,
        subject: { type: 'dossier', id: dossier.reference },
        details: { from: dossier.status, to, channel: change.channel },
      });
    }
    await notifyCitizen(trx, dossier, { template: 'dossier_status_changed', params: { reference: dossier.reference, status: to } });
  });
  return to;
}

/** Inserts a dossier under a new random reference; 10^9 of them a year, so a clash is rare and retried. */
async function insertWithFreshReference(trx: Db, row: Omit<Insertable<DossierTable>, 'reference'>) {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const dossier = await insertDossier(trx, { ...row, reference: newDossierReference(new Date()) });
    if (dossier) return dossier;
  }
  throw new Error('Could not find a free dossier reference');
}
