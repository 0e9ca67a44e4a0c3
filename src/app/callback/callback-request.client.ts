import type { CallbackRequest, CallbackRequestCreated } from '../../shared/callback-request.ts';
import type { OutboxSubmission } from '../offline/submit-through-outbox.ts';

export const callbackRequestsUrl = '/api/callback-requests';

/** Through the outbox (kept on the device counts as sent, `saved` set), loaded when the citizen sends (not with the page): it is not needed to draw the form. */
export async function sendCallbackRequest(
  request: CallbackRequest,
  formValues: Record<string, string>,
  idempotencyKey: string,
  /** The outbox entry this sends again, opened from "needs your attention". */
  replaces?: string,
): Promise<OutboxSubmission<CallbackRequestCreated>> {
  const { savedAsSent, submitThroughOutbox } = await import('../offline/submit-through-outbox.ts');
  const submission = await submitThroughOutbox<CallbackRequestCreated>(
    {
      key: idempotencyKey,
      kind: 'callback-request',
      url: callbackRequestsUrl,
      body: { ...request },
      formValues,
    },
    replaces,
  );
  return savedAsSent(submission, { reference: '' });
}
