import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GatewayRequest {
  headers: IncomingHttpHeaders;
  body: { to: string; text: string; sender: string; reference?: string };
  at: number;
}

export interface FakeSmsGateway {
  url: string;
  /** Every send request, in order (a repeated reference included). */
  requests: GatewayRequest[];
  /** Messages that went out to a phone, by reference: a repeated reference is answered, not sent again. */
  sent: Map<string, { id: string; count: number }>;
  /** Lookups (`GET url/<reference>`) it answered. */
  lookups: string[];
  /** Statuses to answer next, in order; 200 with a fresh id once they run out. */
  failNext(...statuses: number[]): void;
  /** Delay before answering, to let concurrent workers interleave (or to answer after the caller's timeout). */
  latencyMs: number;
  /** false: behaves like a gateway that ignores the reference, and sends every request. */
  honoursReference: boolean;
  close(): Promise<void>;
}

/**
 * An SMS gateway on a loopback port, speaking the generic gateway's protocol: it stands for the
 * operator outside the machine, and records what it was sent. Like a real gateway with client
 * references, it takes a message as soon as the request arrives (even if its answer comes too late
 * for the caller), sends each reference once, and answers lookups by reference.
 */
export async function startFakeSmsGateway(): Promise<FakeSmsGateway> {
  const requests: GatewayRequest[] = [];
  const failures: number[] = [];
  let nextId = 1;
  const gateway: FakeSmsGateway = {
    url: '',
    requests,
    sent: new Map(),
    lookups: [],
    failNext: (...statuses) => failures.push(...statuses),
    latencyMs: 0,
    honoursReference: true,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((request, response) => {
    const answer = (status: number, body: object) =>
      setTimeout(() => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      }, gateway.latencyMs);
    if (request.method === 'GET') {
      const reference = decodeURIComponent(request.url?.split('/').pop() ?? '');
      gateway.lookups.push(reference);
      const known = gateway.sent.get(reference);
      return answer(known ? 200 : 404, known ? { id: known.id } : { error: 'not_found' });
    }
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (raw += chunk));
    request.on('end', () => {
      const body = JSON.parse(raw) as GatewayRequest['body'];
      requests.push({ headers: request.headers, body, at: Date.now() });
      const status = failures.shift() ?? 200;
      if (status !== 200) return answer(status, { error: 'unavailable' });
      const reference = gateway.honoursReference ? body.reference : undefined;
      const known = reference === undefined ? undefined : gateway.sent.get(reference);
      if (known) return answer(200, { id: known.id });
      const id = `gw-${nextId++}`;
      const key = reference ?? body.reference ?? id;
      const previous = gateway.sent.get(key);
      gateway.sent.set(key, { id, count: (previous?.count ?? 0) + 1 });
      answer(200, { id });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gateway.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/messages`;
  return gateway;
}
