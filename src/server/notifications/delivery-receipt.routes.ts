import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { smsReceiptSchema } from '../../shared/notifications.ts';
import { validate } from '../../shared/validation.ts';
import type { Db } from '../db/database.ts';
import { HttpError } from '../http/http-error.ts';
import { recordDeliveryReceipt } from './notification.repository.ts';

export const smsReceiptPath = '/api/notifications/sms-receipts';

/**
 * Delivery receipts from the SMS gateway (a server, not a browser: no CSRF token, a shared bearer
 * token instead). A receipt turns a `sent` message into `delivered`, or `failed` with the
 * gateway's code. An unknown id answers 404 so the gateway can retry a receipt that came early.
 */
export async function deliveryReceiptRoutes(app: FastifyInstance, options: { db: Db; token: string }) {
  const expected = digest(`Bearer ${options.token}`);

  // Public to the router: the gateway proves itself with the bearer token checked below.
  app.post(smsReceiptPath, { config: { csrf: false, access: 'public' } }, async (request, reply) => {
    if (!timingSafeEqual(digest(String(request.headers.authorization ?? '')), expected)) {
      throw new HttpError('unauthorized');
    }
    const checked = validate(smsReceiptSchema, request.body);
    if (!checked.ok) return reply.status(422).send({ error: 'validation', fields: checked.errors });
    const { id, status, error } = checked.value;
    const recorded = await recordDeliveryReceipt(options.db, {
      channel: 'sms',
      providerMessageId: id,
      status,
      error: status === 'failed' ? `gateway_${error ?? 'failure'}` : null,
    });
    if (!recorded) throw new HttpError('unknown_message');
    return reply.status(204).send();
  });
}

/** Equal-length digests, so comparing them takes the same time whatever was sent. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
