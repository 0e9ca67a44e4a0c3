import * as v from 'valibot';
import { DeliveryError, type SmsSender } from './notification-channel.ts';

const gatewayAnswer = v.object({ id: v.optional(v.union([v.string(), v.number()])) });

/**
 * A generic HTTP SMS gateway: `POST url` with JSON `{ to, text, sender }` and a bearer token; a
 * 2xx answer may carry `{ id }`, the id its delivery receipts will quote. Most commercial
 * gateways take this shape directly or through a thin proxy.
 */
export function createSmsGatewaySender(options: { url: URL; token: string; sender: string; timeoutMs: number }): SmsSender {
  return {
    async send({ to, text }) {
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${options.token}` },
          body: JSON.stringify({ to, text, sender: options.sender }),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        throw new DeliveryError(error instanceof Error && error.name === 'TimeoutError' ? 'gateway_timeout' : 'gateway_unreachable', true);
      }
      if (!response.ok) {
        await response.body?.cancel();
        // Rate limited or down: later may work. Any other 4xx is our request, and will not.
        const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
        throw new DeliveryError(`gateway_http_${response.status}`, retryable);
      }
      const answer = v.safeParse(gatewayAnswer, await response.json().catch(() => ({})));
      const id = answer.success ? answer.output.id : undefined;
      return { providerMessageId: id === undefined ? null : String(id) };
    },
  };
}
