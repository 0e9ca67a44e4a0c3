import type { FastifyInstance } from 'fastify';
import { signInAs } from '../tests/support/sign-in.ts';
import { visitor } from '../tests/support/visitor.ts';

/** What a signed-in browser sends: its cookies and the CSRF token its pages echo on writes. */
export interface SignedInVisitor {
  cookie: string;
  csrfToken: string;
}

/**
 * Signs a persona of the development provider in, replaying the browser's steps in-process, so the
 * benchmarks can then send its cookies over HTTP. The server must run with
 * PUBLIC_URL=http://localhost:8080, the origin the replayed form posts claim.
 */
export async function signInForBenchmark(app: FastifyInstance, personaId: string): Promise<SignedInVisitor> {
  const browser = await visitor(app);
  const landed = await signInAs(browser, personaId);
  if (landed.statusCode !== 303) throw new Error(`Signing in as ${personaId} answered ${landed.statusCode}`);
  const cookie = Object.entries(browser.cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
  return { cookie, csrfToken: browser.csrfToken };
}
