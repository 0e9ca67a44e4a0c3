import type { Config } from '../config.ts';

/**
 * Fastify's `trustProxy` for TRUSTED_PROXIES. Fastify refuses a bare hop count, since it cannot
 * tell a proxy from a client that reaches the server directly; an operator who gives one says the
 * server is reachable only through that many proxies, so it becomes a function of the hop: the
 * address the last trusted proxy saw connect is `request.ip`, whatever a client wrote before it.
 */
export function trustProxy(trusted: Config['trustedProxies']): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trusted !== 'number') return trusted;
  return (_address, hop) => hop < trusted;
}
