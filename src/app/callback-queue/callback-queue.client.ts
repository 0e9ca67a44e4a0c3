import type { CallbackCallView, CallbackOutcomeRequest, CallbackQueueItem } from '../../shared/callback-state.ts';
import type { CallbackStatus } from '../../shared/callback-request.ts';
import { getJson, postJson } from '../http/api-client.ts';

const base = '/api/agent/callbacks';

export function fetchCallbackQueue() {
  return getJson<CallbackQueueItem[]>(base);
}

export function fetchCall(reference: string) {
  return getJson<CallbackCallView>(`${base}/${encodeURIComponent(reference)}`);
}

export function claimCall(reference: string, idempotencyKey: string) {
  return postJson<CallbackCallView>(`${base}/${encodeURIComponent(reference)}/claim`, {}, { idempotencyKey });
}

export function recordOutcome(reference: string, outcome: CallbackOutcomeRequest, idempotencyKey: string) {
  return postJson<{ reference: string; status: CallbackStatus }>(`${base}/${encodeURIComponent(reference)}/outcome`, outcome, {
    idempotencyKey,
  });
}
