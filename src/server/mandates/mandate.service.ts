import { randomUUID } from 'node:crypto';
import { defaultLanguage, isLanguage, type Language } from '../../shared/languages.ts';
import {
  mandateDurationHours,
  parseMandateScope,
  type ConsentRefusal,
  type MandateRequest,
  type MandateStatus,
  type MandateView,
  type OwnMandateView,
} from '../../shared/mandate.ts';
import { procedures } from '../../shared/procedures/catalogue.ts';
import { oneTimeCodeRules, type OneTimeCodeError } from '../../shared/one-time-code.ts';
import { formatPhone } from '../../shared/phone.ts';
import { findPerson, latestVerifiedPhone } from '../account/person.repository.ts';
import { findAgent } from '../agent/agent.repository.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { AgentPrincipal } from '../auth/principal.ts';
import type { Db } from '../db/database.ts';
import { HttpError } from '../http/http-error.ts';
import { queueNotification } from '../notifications/notification.service.ts';
import { checkCode, issueCode } from '../security/one-time-code.ts';
import { findCounterPlaceServing } from '../visit/visit.repository.ts';
import {
  countRecentCodeRequests,
  findCoveringMandate,
  insertMandate,
  listLapsedMandates,
  listMandatesOfPerson,
  lockCodeRequesters,
  moveMandate,
} from './mandate.repository.ts';
import type { MandateRow } from './mandate.table.ts';

/** The agent acting, and the channel they serve through (their role says which). */
export interface ActingAgent {
  agentId: string;
  channel: 'phone' | 'counter';
}

/**
 * How fast consent codes may be asked for, counted over every code sent whatever became of it (a
 * failed round does not reset anything): for one citizen, one a minute and a few an hour (each is
 * an SMS to them, and three guesses at a code); for one agent, enough for a busy hour of calls.
 */
export const codeRequestThrottle = { windowMinutes: 60, resendAfterSeconds: 60, perCitizen: 3, perAgent: 20 } as const;

/** The language the citizen chose, for the messages Guichet sends them on an agent's action. */
export async function languageOf(db: Db, personId: string): Promise<Language> {
  const person = await findPerson(db, personId);
  return isLanguage(person?.language) ? person.language : defaultLanguage;
}

export type MandateRequestOutcome = { kind: 'created'; mandate: MandateRow } | { kind: 'refused'; reason: ConsentRefusal };

/** The service whose procedures a scope covers: the theme itself, or the procedure's service. */
function serviceOfScope(scope: { kind: 'procedure' | 'theme'; value: string }): string {
  return scope.kind === 'theme' ? scope.value : (procedures.find((procedure) => procedure.id === scope.value)?.service ?? '');
}

/**
 * Starts a mandate. By SMS: a pending mandate and its code, sent to the citizen's verified number
 * in the same transaction, waiting for the agent to type what the citizen reads back. In person:
 * only a counter agent, at a place of their unit serving the mandate's service, granted at once
 * with what the agent checked on the identity document. A refusal is a line of the audit log too.
 */
export async function requestMandate(
  db: Db,
  input: { agent: ActingAgent; unit: string | undefined; personId: string; request: MandateRequest; now: Date },
): Promise<MandateRequestOutcome> {
  const { agent, personId, request, now } = input;
  const scope = parseMandateScope(request.scope);
  const base = {
    person_id: personId,
    agent_id: agent.agentId,
    scope_kind: scope.kind,
    scope_value: scope.value,
    duration_hours: mandateDurationHours[request.duration],
    channel: agent.channel,
    requested_at: now,
  };
  const actor = { kind: 'agent' as const, id: agent.agentId };
  const refuse = async (reason: ConsentRefusal): Promise<MandateRequestOutcome> => {
    await recordAudit(db, {
      actor,
      action: 'mandate.refused',
      subject: { type: 'person', id: personId },
      details: { scope, method: request.method, reason },
    });
    return { kind: 'refused', reason };
  };

  if (request.method === 'in_person') {
    // Over the phone nobody sees the document: in person means at a counter, face to face.
    if (agent.channel !== 'counter') return refuse('in_person_needs_counter');
    const place = input.unit ? await findCounterPlaceServing(db, input.unit, serviceOfScope(scope)) : undefined;
    if (!place) return refuse('counter_not_of_service');
    const checks = request.checks.split(',').filter(Boolean);
    const mandate = await db.transaction().execute(async (trx) => {
      const row = await insertMandate(trx, {
        ...base,
        consent_method: 'in_person',
        status: 'granted',
        identity_document: request.document,
        identity_checks: JSON.stringify(checks),
        granted_at: now,
        expires_at: new Date(now.getTime() + base.duration_hours * 3_600_000),
      });
      const subject = { type: 'mandate', id: row.id };
      await recordAudit(trx, {
        actor,
        action: 'mandate.requested',
        subject,
        details: { person: personId, scope, method: 'in_person', place: place.id },
      });
      await recordAudit(trx, {
        actor,
        action: 'mandate.granted',
        subject,
        details: { person: personId, document: request.document, checks, expiresAt: row.expires_at?.toISOString() },
      });
      return row;
    });
    return { kind: 'created', mandate };
  }

  const phone = await latestVerifiedPhone(db, personId);
  if (!phone) return refuse('no_verified_phone');
  const agentRow = await findAgent(db, agent.agentId);
  const language = await languageOf(db, personId);
  const id = randomUUID();
  const outcome = await db.transaction().execute(async (trx): Promise<MandateRequestOutcome> => {
    const throttled = await throttleCodeRequest(trx, personId, agent.agentId, now);
    if (throttled) return { kind: 'refused', reason: throttled };
    const { code, expiresAt } = await issueCode(trx, { purpose: 'mandate_consent', subject: id, phone, now });
    const row = await insertMandate(trx, {
      ...base,
      id,
      consent_method: 'sms_code',
      status: 'pending',
      code_phone: phone,
      code_expires_at: expiresAt,
    });
    await queueNotification(trx, {
      channel: 'sms',
      to: phone,
      template: 'mandate_consent_code',
      language,
      params: { code, minutes: oneTimeCodeRules.mandate_consent.validMinutes, agent: agentRow?.given_name ?? '—' },
      personId,
    });
    await recordAudit(trx, {
      actor,
      action: 'mandate.requested',
      subject: { type: 'mandate', id },
      details: { person: personId, scope, method: 'sms_code' },
    });
    return { kind: 'created', mandate: row };
  });
  return outcome.kind === 'refused' ? refuse(outcome.reason) : outcome;
}

/**
 * Whether one more consent code may go out now (undefined) or why not. Counted inside the
 * transaction that sends it, with the citizen and the agent locked, so requests at once queue up.
 */
async function throttleCodeRequest(trx: Db, personId: string, agentId: string, now: Date): Promise<ConsentRefusal | undefined> {
  await lockCodeRequesters(trx, personId, agentId);
  const since = new Date(now.getTime() - codeRequestThrottle.windowMinutes * 60_000);
  const recent = await countRecentCodeRequests(trx, { personId, agentId, since });
  if (recent.lastToCitizen && now.getTime() - recent.lastToCitizen.getTime() < codeRequestThrottle.resendAfterSeconds * 1000) {
    return 'code_too_soon';
  }
  if (recent.toCitizen >= codeRequestThrottle.perCitizen) return 'too_many_codes_citizen';
  if (recent.byAgent >= codeRequestThrottle.perAgent) return 'too_many_codes_agent';
  return undefined;
}

export type CodeCheck = 'granted' | Extract<OneTimeCodeError, 'code_expired' | 'code_wrong' | 'code_attempts_exhausted'>;

/**
 * The code the citizen read out, checked by the one-time-code rules. A right code grants the
 * mandate for its duration from now; an expired code or the last wrong try ends it.
 */
export async function checkMandateCode(
  db: Db,
  input: { agent: ActingAgent; mandate: MandateRow; code: string; now: Date },
): Promise<CodeCheck> {
  const { agent, mandate, code, now } = input;
  if (mandate.status !== 'pending' || mandate.agent_id !== agent.agentId || mandate.consent_method !== 'sms_code')
    throw new HttpError('mandate_not_pending');
  const actor = { kind: 'agent' as const, id: agent.agentId };
  const subject = { type: 'mandate', id: mandate.id };
  const fail = async (reason: Exclude<CodeCheck, 'granted'>, end: boolean) => {
    await db.transaction().execute(async (trx) => {
      if (end) await moveMandate(trx, mandate.id, 'pending', { status: 'failed', ended_at: now });
      await recordAudit(trx, { actor, action: 'mandate.code_failed', subject, details: { person: mandate.person_id, reason } });
    });
    return reason;
  };

  const checked = await checkCode(db, { purpose: 'mandate_consent', subject: mandate.id, code, now });
  if (!checked.ok) return fail(checked.error, checked.error !== 'code_wrong');
  const expiresAt = new Date(now.getTime() + mandate.duration_hours * 3_600_000);
  await db.transaction().execute(async (trx) => {
    if (!(await moveMandate(trx, mandate.id, 'pending', { status: 'granted', granted_at: now, expires_at: expiresAt }))) {
      throw new HttpError('mandate_not_pending');
    }
    await recordAudit(trx, { actor, action: 'mandate.code_checked', subject, details: { person: mandate.person_id } });
    await recordAudit(trx, {
      actor,
      action: 'mandate.granted',
      subject,
      details: { person: mandate.person_id, expiresAt: expiresAt.toISOString() },
    });
  });
  return 'granted';
}

/**
/**
 * Ends a granted (or pending) mandate now: the citizen takes their consent back from their account
 * page, or an agent ends it. From then on the holder's every on-behalf request is a 403. Another
 * agent's mandate only by an agent of the holder's service, or an admin: 403 otherwise.
 */
export async function revokeMandate(
  db: Db,
  input: { by: { kind: 'citizen'; personId: string } | { kind: 'agent'; agent: AgentPrincipal }; mandate: MandateRow; now: Date },
): Promise<void> {
  const { by, mandate, now } = input;
  if (by.kind === 'agent' && mandate.agent_id !== by.agent.agentId && by.agent.role !== 'admin') {
    const holder = await findAgent(db, mandate.agent_id);
    if (by.agent.serviceId === null || holder?.service_id !== by.agent.serviceId) throw new HttpError('forbidden');
  }
  if (mandate.status !== 'granted' && mandate.status !== 'pending') throw new HttpError('mandate_not_active');
  const actor = by.kind === 'agent' ? { kind: 'agent' as const, id: by.agent.agentId } : { kind: 'citizen' as const, id: by.personId };
  await db.transaction().execute(async (trx) => {
    if (!(await moveMandate(trx, mandate.id, mandate.status, { status: 'revoked', ended_at: now }))) {
      throw new HttpError('mandate_not_active');
    }
    await recordAudit(trx, {
      actor,
      action: 'mandate.revoked',
      subject: { type: 'mandate', id: mandate.id },
      details: { person: mandate.person_id, grantedTo: mandate.agent_id },
    });
  });
}

/** Marks the person's mandates whose time is up as expired, each with its audit line, once. */
export async function expireLapsedMandates(db: Db, personId: string, now: Date): Promise<void> {
  for (const lapsed of await listLapsedMandates(db, personId, now)) {
    await db.transaction().execute(async (trx) => {
      if (!(await moveMandate(trx, lapsed.id, 'granted', { status: 'expired', ended_at: lapsed.expires_at }))) return;
      await recordAudit(trx, {
        actor: { kind: 'system', id: 'mandate-expiry' },
        action: 'mandate.expired',
        subject: { type: 'mandate', id: lapsed.id },
        details: { person: personId, grantedTo: lapsed.agent_id },
      });
    });
  }
}

/**
 * The mandate that lets this agent act on this procedure for this person, now; 403 without one.
 * Every on-behalf route starts here.
 */
export async function requireMandate(
  db: Db,
  input: { agent: ActingAgent; personId: string; procedure: string; service: string; now: Date },
): Promise<MandateRow> {
  await expireLapsedMandates(db, input.personId, input.now);
  const mandate = await findCoveringMandate(db, { ...input, agentId: input.agent.agentId });
  if (!mandate) throw new HttpError('mandate_required');
  return mandate;
}

export async function mandatesOfPerson(db: Db, personId: string, agentId: string, now: Date): Promise<MandateView[]> {
  await expireLapsedMandates(db, personId, now);
  const rows = await listMandatesOfPerson(db, personId);
  return rows.map((row) => mandateView(row, agentId, now, [row.agent_given_name, row.agent_family_name].filter(Boolean).join(' ')));
}

/** The citizen's own mandates, newest first, for their account page (lapsed ones marked expired first). */
export async function ownMandates(db: Db, personId: string, now: Date): Promise<OwnMandateView[]> {
  await expireLapsedMandates(db, personId, now);
  const rows = await listMandatesOfPerson(db, personId);
  return rows.map((row) => {
    const { status, scope, method, channel, grantedAt, expiresAt, id } = mandateView(row, '', now, '');
    return {
      id,
      scope,
      method,
      channel,
      status,
      agentName: [row.agent_given_name, row.agent_family_name].filter(Boolean).join(' '),
      agentService: row.agent_service ?? '',
      grantedAt,
      expiresAt,
    };
  });
}

export function mandateView(row: MandateRow, agentId: string, now: Date, agentName: string): MandateView {
  // A code nobody typed in time ends the request, even before anyone tries it.
  const status: MandateStatus = row.status === 'pending' && (!row.code_expires_at || row.code_expires_at <= now) ? 'failed' : row.status;
  return {
    id: row.id,
    scope: { kind: row.scope_kind, value: row.scope_value },
    method: row.consent_method,
    channel: row.channel,
    status,
    agentName,
    mine: row.agent_id === agentId,
    requestedAt: row.requested_at.toISOString(),
    grantedAt: row.granted_at?.toISOString() ?? null,
    expiresAt: row.expires_at?.toISOString() ?? null,
    codeSentTo: status === 'pending' && row.code_phone ? maskPhone(row.code_phone) : null,
  };
}

/** "06 •• •• •• 78": enough for the agent to say which phone to look at, no more. */
function maskPhone(phone: string): string {
  const written = formatPhone(phone);
  return `${written.slice(0, 2)}${written.slice(2, -2).replace(/\d/g, '•')}${written.slice(-2)}`;
}
