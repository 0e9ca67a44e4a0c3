import type { CallbackRequest, CallbackRequestCreated } from '../../shared/callback-request.ts';
import { postJson } from '../http/api-client.ts';

export function sendCallbackRequest(request: CallbackRequest, idempotencyKey: string) {
  return postJson<CallbackRequestCreated>('/api/callback-requests', request, { idempotencyKey });
}
