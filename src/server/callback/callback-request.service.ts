import type { CallbackRequest, CallbackRequestCreated, CallbackRequestStatus, OwnCallbackRequest } from '../../shared/callback-request.ts';
import { afterNoAnswer, statusesAllowing, type CallbackOutcomeRequest } from '../../shared/callback-state.ts';
import type { Language } from '../../shared/languages.ts';
import type { ReadingMode } from '../../shared/reading.ts';
import { service } from '../../shared/service.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { queueNotification } from '../notifications/notification.service.ts';
import { newQuotedReference } from '../security/random-reference.ts';
import { absoluteLink, newSignedToken, type SignedLinks } from '../security/signed-token.ts';
import { inviteToSatisfactionSurvey } from '../survey/satisfaction-survey.service.ts';
import { isUniqueViolation, runOnceInOneStatement, type IdempotentOutcome } from '../http/idempotency.ts';
import { notificationRow } from '../notifications/notification.service.ts';
import { isAllowedDestination, smsLimitKeys, type SmsPolicy } from '../security/one-time-code.ts';
import { oneTimeCodeMessage } from '../../shared/one-time-code.ts';
import type { FieldErrors } from '../../shared/validation.ts';
import {
  findCallbackRequestByReference,
  insertCallbackEvent,
  insertCallbackRequestOnce,
  updateCallbackRequestIf,
  listCallbackRequestsOfPerson,
} from './callback-request.repository.ts';

export interface CreateContext {
  /** The language the site was read in: the SMS is written in it, and the call is in it unless asked otherwise. */
  language: Language;
  /** How the site was read (easy-to-read or not): the confirmation SMS is written the same way. */
  reading: ReadingMode;
  /** The signed-in citizen, if any: the request joins their timeline when the number is a verified one of theirs. */
  personId: string | undefined;
  /** The visitor's address, for the SMS limit per address. */
  address: string;
  now: Date;
  links: SignedLinks;
  callbacks: Pick<Config['callbacks'], 'windowMinutes' | 'maxPerPhone'>;
  sms: SmsPolicy;
}

/** What asking answers: the reference the citizen quotes, or the limit or country that refused it. */
export type CallbackCreated = CallbackRequestCreated | { error: 'validation'; fields: FieldErrors };

/**
 * Stores a request to be called back, at most once per idempotency key, unless its number asked
 * too often (a limit per number, beside the route's per address) or the SMS policy refuses its
 * confirmation (a foreign number, too many SMS); with its first timeline event and the
 * confirmation SMS (with the cancel link). One statement: one round trip, all or nothing.
 */
export async function createCallbackRequestOnce(
  db: Db,
  claim: { scope: string; key: string },
  request: CallbackRequest,
  context: CreateContext,
): Promise<IdempotentOutcome<CallbackCreated>> {
  const refusal = (status: number, phone: string) => ({ status, body: { error: 'validation', fields: { phone } } as CallbackCreated });
  // 32^8 references: a clash is rare, and the unique index turns one into a retry, not a duplicate.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const reference = newQuotedReference('RAP');
    const cancel = newSignedToken(context.links.secret, 'callback-cancel');
    try {
      return await runOnceInOneStatement(db, { ...claim, request }, async (record) => {
        const stored = await insertCallbackRequestOnce(db, record, {
          row: {
            reference,
            phone: request.phone,
            topic: request.topic,
            topic_detail: request.topicDetail ?? null,
            time_window: request.window,
            name: request.name ?? null,
            language: context.language,
            call_language: request.callLanguage ?? null,
            dossier_reference: request.dossier ?? null,
            cancel_token_hash: cancel.hash,
          },
          personId: context.personId ?? null,
          notification: notificationRow({
            channel: 'sms',
            to: request.phone,
            template: 'callback_confirmation',
            language: context.language,
            reading: context.reading,
            params: { reference, window: request.window, link: absoluteLink(context.links, `/callback/cancel/${cancel.token}`) },
          }),
          perPhone: {
            key: `callback-phone:${request.phone}`,
            windowMs: context.callbacks.windowMinutes * 60_000,
            max: context.callbacks.maxPerPhone,
          },
          sms: {
            countryAllowed: isAllowedDestination(context.sms, request.phone),
            keys: smsLimitKeys({ phone: request.phone, address: context.address }),
            windowMs: context.sms.windowMinutes * 60_000,
            at: context.now,
            maxPerNumber: context.sms.maxPerNumber,
            maxPerAddress: context.sms.maxPerAddress,
          },
          answers: {
            phone_limit: refusal(422, 'callback:errors.phone_limit'),
            country_refused: refusal(422, oneTimeCodeMessage('phone_country_not_allowed')),
            sms_throttled: refusal(429, oneTimeCodeMessage('code_throttled')),
            created: { status: 201, body: { reference } },
          },
        });
        return stored && { status: stored.status, body: stored.body as CallbackCreated };
      });
    } catch (error) {
      if (!isUniqueViolation(error, 'callback_request_reference_key')) throw error;
    }
  }
  throw new Error('Could not find a free callback reference');
}

/** Where a request stands, by its reference; nothing of its content. */
export async function callbackRequestStatus(db: Db, reference: string): Promise<CallbackRequestStatus | undefined> {
  const row = await findCallbackRequestByReference(db, reference);
  return row && { reference: row.reference, status: row.status };
}

/** The citizen cancels from the link in the SMS: only while nobody is calling and nothing is over. */
export async function cancelCallbackRequest(db: Db, reference: string): Promise<boolean> {
  const cancelled = await updateCallbackRequestIf(
    db,
    { reference, from: statusesAllowing('cancel') },
    { status: 'cancelled', claimed_by: null, next_attempt_at: null },
  );
  if (!cancelled) return false;
  await insertCallbackEvent(db, {
    callback_request_id: cancelled.id,
    status: 'cancelled',
    actor_kind: 'citizen',
    actor_id: null,
    note: null,
  });
  await recordAudit(db, {
    actor: { kind: 'citizen', id: 'cancel-link' },
    action: 'callback.cancelled',
    subject: { type: 'callback_request', id: reference },
  });
  return true;
}

export type ClaimResult = { ok: true } | { ok: false; reason: 'not_found' | 'taken' };

/**
 * A phone agent takes a request. The conditional UPDATE is the lock: of two agents claiming at
 * once, the database lets exactly one change the row; the other finds it already taken.
 */
export async function claimCallbackRequest(db: Db, reference: string, agentId: string, now: Date): Promise<ClaimResult> {
  const claimed = await updateCallbackRequestIf(
    db,
    { reference, from: statusesAllowing('claim'), dueBy: now },
    { status: 'in_progress', claimed_by: agentId, claimed_at: now },
  );
  if (!claimed) {
    const existing = await findCallbackRequestByReference(db, reference);
    if (!existing) return { ok: false, reason: 'not_found' };
    // Claiming again what one already holds (a double tap) is not an error.
    return existing.status === 'in_progress' && existing.claimed_by === agentId ? { ok: true } : { ok: false, reason: 'taken' };
  }
  await insertCallbackEvent(db, {
    callback_request_id: claimed.id,
    status: 'in_progress',
    actor_kind: 'agent',
    actor_id: agentId,
    note: null,
  });
  await recordAudit(db, {
    actor: { kind: 'agent', id: agentId },
    action: 'callback.claimed',
    subject: { type: 'callback_request', id: reference },
  });
  return { ok: true };
}

export type OutcomeResult = { ok: true } | { ok: false; reason: 'not_yours' };

/**
 * What the call gave: done (and the citizen is invited to rate it), no answer (another attempt
 * later while some are left, else the request ends and the citizen gets an SMS), or a new attempt
 * at a time agreed with the citizen. Only the agent holding the request can record it.
 */
export async function recordCallbackOutcome(
  db: Db,
  reference: string,
  agentId: string,
  outcome: CallbackOutcomeRequest,
  settings: { now: Date; callbacks: Config['callbacks']; links: SignedLinks },
): Promise<OutcomeResult> {
  const current = await findCallbackRequestByReference(db, reference);
  if (!current || current.status !== 'in_progress' || current.claimed_by !== agentId) return { ok: false, reason: 'not_yours' };
  const held = { reference, from: ['in_progress'] as const, claimedBy: agentId };
  const note = outcome.note ?? null;
  const hoursLater = (hours: number) => new Date(settings.now.getTime() + hours * 3_600_000);
  let changed;
  let audit: string;
  if (outcome.outcome === 'done') {
    changed = await updateCallbackRequestIf(db, held, { status: 'done' });
    audit = 'callback.done';
  } else if (outcome.outcome === 'reschedule') {
    changed = await updateCallbackRequestIf(db, held, {
      status: 'scheduled',
      claimed_by: null,
      next_attempt_at: hoursLater(Number(outcome.delay)),
    });
    audit = 'callback.rescheduled';
  } else {
    const attempts = current.attempts + 1;
    const next = afterNoAnswer(attempts, settings.callbacks.maxAttempts);
    changed = await updateCallbackRequestIf(
      db,
      held,
      next === 'retry'
        ? { status: 'scheduled', attempts, claimed_by: null, next_attempt_at: hoursLater(settings.callbacks.retryMinutes / 60) }
        : { status: 'no_answer', attempts, claimed_by: null },
    );
    audit = next === 'retry' ? 'callback.no_answer_retry' : 'callback.no_answer_final';
  }
  if (!changed) return { ok: false, reason: 'not_yours' };
  await insertCallbackEvent(db, { callback_request_id: changed.id, status: changed.status, actor_kind: 'agent', actor_id: agentId, note });
  await recordAudit(db, {
    actor: { kind: 'agent', id: agentId },
    action: audit,
    subject: { type: 'callback_request', id: reference },
    details: { attempts: changed.attempts, ...(changed.next_attempt_at ? { nextAttemptAt: changed.next_attempt_at.toISOString() } : {}) },
  });
  if (changed.status === 'no_answer') {
    await queueNotification(db, {
      channel: 'sms',
      to: changed.phone,
      template: 'callback_no_answer',
      language: changed.language,
      params: { reference, attempts: changed.attempts, phone: nationalPhone(service.phone) },
      ...(changed.person_id ? { personId: changed.person_id } : {}),
    });
  }
  if (changed.status === 'done') {
    await inviteToSatisfactionSurvey(
      db,
      {
        channel: 'phone',
        service: changed.topic,
        phone: changed.phone,
        language: changed.language,
        subject: { type: 'callback_request', id: reference },
        ...(changed.person_id ? { personId: changed.person_id } : {}),
      },
      settings.links,
    );
  }
  return { ok: true };
}

/** "+33555000000" as French people dial it: "05 55 00 00 00". */
function nationalPhone(e164: string): string {
  const digits = e164.startsWith('+33') ? `0${e164.slice(3)}` : e164;
  return digits.replace(/(\d{2})(?=\d)/g, '$1 ');
}

/** The signed-in citizen's call-back requests, for "My requests" (its API and its page). */
export async function ownCallbackRequests(db: Db, personId: string): Promise<OwnCallbackRequest[]> {
  const rows = await listCallbackRequestsOfPerson(db, personId);
  return rows.map((row) => ({
    reference: row.reference,
    topic: row.topic,
    window: row.time_window,
    status: row.status,
    createdAt: row.created_at.toISOString(),
  }));
}
