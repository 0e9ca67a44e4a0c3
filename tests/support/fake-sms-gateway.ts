import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GatewayRequest {
  headers: IncomingHttpHeaders;
  body: { to: string; text: string; sender: string };
  at: number;
}

export interface FakeSmsGateway {
  url: string;
  requests: GatewayRequest[];
  /** Statuses to answer next, in order; 200 with a fresh id once they run out. */
  failNext(...statuses: number[]): void;
  /** Delay before answering, to let concurrent workers interleave. */
  latencyMs: number;
  close(): Promise<void>;
}

/**
 * An SMS gateway on a loopback port, speaking the generic gateway's protocol: it stands for the
 * operator outside the machine, and records what it was sent.
 */
export async function startFakeSmsGateway(): Promise<FakeSmsGateway> {
  const requests: GatewayRequest[] = [];
  const failures: number[] = [];
  let nextId = 1;
  const gateway: FakeSmsGateway = {
    url: '',
    requests,
    failNext: (...statuses) => failures.push(...statuses),
    latencyMs: 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer((request, response) => {
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (raw += chunk));
    request.on('end', () => {
      requests.push({ headers: request.headers, body: JSON.parse(raw) as GatewayRequest['body'], at: Date.now() });
      const status = failures.shift() ?? 200;
      setTimeout(() => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(status === 200 ? { id: `gw-${nextId++}` } : { error: 'unavailable' }));
      }, gateway.latencyMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gateway.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/messages`;
  return gateway;
}
