import * as v from 'valibot';
import { DeliveryError, type SentMessage, type SmsSender } from './notification-channel.ts';

const gatewayAnswer = v.object({ id: v.optional(v.union([v.string(), v.number()])) });

/**
 * A generic HTTP SMS gateway: `POST url` with JSON `{ to, text, sender, reference }`, the header
 * `Idempotency-Key: <reference>` and a bearer token; a 2xx answer may carry `{ id }`, the id its
 * delivery receipts will quote. `GET url/<reference>` answers 200 `{ id }` for a message it has,
 * 404 for one it never got. The reference is the message's id in the outbox: a gateway that
 * honours it sends each message once however often it is asked. Most commercial gateways take this
 * shape (a "client reference") directly or through a thin proxy.
 */
export function createSmsGatewaySender(options: { url: URL; token: string; sender: string; timeoutMs: number }): SmsSender {
  const headers = { accept: 'application/json', authorization: `Bearer ${options.token}` };

  /** Calls the gateway; no answer (a timeout, a connection cut) leaves the outcome unknown. */
  async function call(url: URL, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError') throw new DeliveryError('gateway_timeout', true, true);
      // Refused: the request never left, so trying again later is a plain retry.
      const refused = error instanceof Error && (error.cause as { code?: unknown } | undefined)?.code === 'ECONNREFUSED';
      throw new DeliveryError('gateway_unreachable', true, !refused);
    }
  }

  async function answered(response: Response): Promise<SentMessage> {
    const answer = v.safeParse(gatewayAnswer, await response.json().catch(() => ({})));
    const id = answer.success ? answer.output.id : undefined;
    return { providerMessageId: id === undefined ? null : String(id) };
  }

  return {
    async send({ to, text, reference }) {
      const response = await call(options.url, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': reference },
        body: JSON.stringify({ to, text, sender: options.sender, reference }),
      });
      if (!response.ok) {
        await response.body?.cancel();
        // Rate limited or down: later may work. Any other 4xx is our request, and will not.
        const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
        throw new DeliveryError(`gateway_http_${response.status}`, retryable);
      }
      return answered(response);
    },
    async lookup(reference) {
      const response = await call(new URL(`${options.url.pathname.replace(/\/$/, '')}/${encodeURIComponent(reference)}`, options.url), {
        method: 'GET',
        headers,
      });
      // 404: it never got the message. 405 / 501: it has no lookup, so no way to know (at least once, see the README).
      if ([404, 405, 501].includes(response.status)) {
        await response.body?.cancel();
        return undefined;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new DeliveryError(`gateway_http_${response.status}`, true, true);
      }
      return answered(response);
    },
  };
}
