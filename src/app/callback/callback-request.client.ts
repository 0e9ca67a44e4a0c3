import type { CallbackRequest, CallbackRequestCreated } from '../../shared/callback-request.ts';
import type { OutboxSubmission } from '../offline/submit-through-outbox.ts';

export const callbackRequestsUrl = '/api/callback-requests';

/** Through the outbox, loaded when the citizen sends (not with the page): it is not needed to draw the form. */
export async function sendCallbackRequest(
  request: CallbackRequest,
  formValues: Record<string, string>,
  idempotencyKey: string,
): Promise<OutboxSubmission<CallbackRequestCreated>> {
  const { submitThroughOutbox } = await import('../offline/submit-through-outbox.ts');
  return submitThroughOutbox<CallbackRequestCreated>({
    key: idempotencyKey,
    kind: 'callback-request',
    url: callbackRequestsUrl,
    body: { ...request },
    formValues,
  });
}
