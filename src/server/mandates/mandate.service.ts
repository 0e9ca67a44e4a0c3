import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { defaultLanguage, isLanguage, type Language } from '../../shared/languages.ts';
import {
  mandateCodeRules,
  mandateDurationHours,
  parseMandateScope,
  type MandateRequest,
  type MandateStatus,
  type MandateView,
} from '../../shared/mandate.ts';
import { formatPhone } from '../../shared/phone.ts';
import { findPerson, latestVerifiedPhone } from '../account/person.repository.ts';
import { findAgent } from '../agent/agent.repository.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { AgentPrincipal } from '../auth/principal.ts';
import type { Db } from '../db/database.ts';
import { HttpError } from '../http/http-error.ts';
import { queueNotification } from '../notifications/notification.service.ts';
import {
  countCodeTry,
  findCoveringMandate,
  insertMandate,
  listLapsedMandates,
  listMandatesOfPerson,
  moveMandate,
} from './mandate.repository.ts';
import type { MandateRow } from './mandate.table.ts';

/** The agent acting, and the channel they serve through (their role says which). */
export interface ActingAgent {
  agentId: string;
  channel: 'phone' | 'counter';
}

// A new code for the same citizen no sooner than this: each one is an SMS the citizen pays attention to.
const resendAfterMs = 60_000;

/** The language the citizen chose, for the messages Guichet sends them on an agent's action. */
export async function languageOf(db: Db, personId: string): Promise<Language> {
  const person = await findPerson(db, personId);
  return isLanguage(person?.language) ? person.language : defaultLanguage;
}

export type MandateRequestOutcome = { kind: 'created'; mandate: MandateRow } | { kind: 'no_verified_phone' } | { kind: 'too_soon' };

/**
 * Starts a mandate. By SMS: a pending mandate and its code, sent in the same transaction, waiting
 * for the agent to type what the citizen reads back. In person: granted at once, with what the
 * agent checked on the identity document.
 */
export async function requestMandate(
  db: Db,
  input: { agent: ActingAgent; personId: string; request: MandateRequest; now: Date },
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

  if (request.method === 'in_person') {
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
      await recordAudit(trx, { actor, action: 'mandate.requested', subject, details: { person: personId, scope, method: 'in_person' } });
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
  if (!phone) return { kind: 'no_verified_phone' };
  const latest = (await listMandatesOfPerson(db, personId)).find((row) => row.status === 'pending');
  if (latest && now.getTime() - latest.requested_at.getTime() < resendAfterMs) return { kind: 'too_soon' };
  const agentRow = await findAgent(db, agent.agentId);
  const language = await languageOf(db, personId);
  const code = String(randomInt(0, 10 ** mandateCodeRules.digits)).padStart(mandateCodeRules.digits, '0');
  const id = randomUUID();
  const mandate = await db.transaction().execute(async (trx) => {
    const row = await insertMandate(trx, {
      ...base,
      id,
      consent_method: 'sms_code',
      status: 'pending',
      code_phone: phone,
      code_hash: hashCode(id, code),
      code_expires_at: new Date(now.getTime() + mandateCodeRules.validMinutes * 60_000),
    });
    await queueNotification(trx, {
      channel: 'sms',
      to: phone,
      template: 'mandate_consent_code',
      language,
      params: { code, minutes: mandateCodeRules.validMinutes, agent: agentRow?.given_name ?? '—' },
      personId,
    });
    await recordAudit(trx, {
      actor,
      action: 'mandate.requested',
      subject: { type: 'mandate', id },
      details: { person: personId, scope, method: 'sms_code' },
    });
    return row;
  });
  return { kind: 'created', mandate };
}

export type CodeCheck = 'granted' | 'wrong' | 'expired' | 'too_many_tries';

/**
 * The code the citizen read out: at most `maxTries` tries, within `validMinutes`. A right code
 * grants the mandate for its duration from now; an expired code or the last wrong try ends it.
 */
export async function checkMandateCode(
  db: Db,
  input: { agent: ActingAgent; mandate: MandateRow; code: string; now: Date },
): Promise<CodeCheck> {
  const { agent, mandate, code, now } = input;
  if (mandate.status !== 'pending' || mandate.agent_id !== agent.agentId || !mandate.code_hash)
    throw new HttpError(409, 'mandate_not_pending');
  const actor = { kind: 'agent' as const, id: agent.agentId };
  const subject = { type: 'mandate', id: mandate.id };
  const fail = async (reason: Exclude<CodeCheck, 'granted'>, end: boolean) => {
    await db.transaction().execute(async (trx) => {
      if (end) await moveMandate(trx, mandate.id, 'pending', { status: 'failed', ended_at: now });
      await recordAudit(trx, { actor, action: 'mandate.code_failed', subject, details: { person: mandate.person_id, reason } });
    });
    return reason;
  };

  if (!mandate.code_expires_at || mandate.code_expires_at <= now) return fail('expired', true);
  const tries = await countCodeTry(db, mandate.id, mandateCodeRules.maxTries);
  if (tries === undefined) return fail('too_many_tries', true);
  const expected = Buffer.from(mandate.code_hash);
  const given = Buffer.from(hashCode(mandate.id, code));
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    const last = tries >= mandateCodeRules.maxTries;
    return fail(last ? 'too_many_tries' : 'wrong', last);
  }
  const expiresAt = new Date(now.getTime() + mandate.duration_hours * 3_600_000);
  await db.transaction().execute(async (trx) => {
    if (!(await moveMandate(trx, mandate.id, 'pending', { status: 'granted', granted_at: now, expires_at: expiresAt }))) {
      throw new HttpError(409, 'mandate_not_pending');
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
 * Ends a granted (or pending) mandate now; the citizen may ask for it, or the agent has finished.
 * Another agent's mandate only by an agent of the holder's service, or an admin: 403 otherwise.
 */
export async function revokeMandate(db: Db, input: { agent: AgentPrincipal; mandate: MandateRow; now: Date }): Promise<void> {
  const { agent, mandate, now } = input;
  if (mandate.agent_id !== agent.agentId && agent.role !== 'admin') {
    const holder = await findAgent(db, mandate.agent_id);
    if (agent.serviceId === null || holder?.service_id !== agent.serviceId) throw new HttpError(403, 'forbidden');
  }
  if (mandate.status !== 'granted' && mandate.status !== 'pending') throw new HttpError(409, 'mandate_not_active');
  await db.transaction().execute(async (trx) => {
    if (!(await moveMandate(trx, mandate.id, mandate.status, { status: 'revoked', ended_at: now }))) {
      throw new HttpError(409, 'mandate_not_active');
    }
    await recordAudit(trx, {
      actor: { kind: 'agent', id: agent.agentId },
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
  if (!mandate) throw new HttpError(403, 'mandate_required');
  return mandate;
}

export async function mandatesOfPerson(db: Db, personId: string, agentId: string, now: Date): Promise<MandateView[]> {
  await expireLapsedMandates(db, personId, now);
  const rows = await listMandatesOfPerson(db, personId);
  return rows.map((row) => mandateView(row, agentId, now, [row.agent_given_name, row.agent_family_name].filter(Boolean).join(' ')));
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

/** Salted with the row's id: the same code sent twice never hashes the same. */
function hashCode(id: string, code: string): string {
  return createHash('sha256').update(`${id}:${code}`).digest('base64url');
}
