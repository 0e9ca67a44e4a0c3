import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { freePort } from './test-app.ts';

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** What the process printed, for the assertion messages when something goes wrong. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  exited: Promise<number | string>;
}

const root = path.resolve(import.meta.dirname, '../..');

/**
 * The real server (`src/server/main.ts`, exactly as production starts it) in a child process, so a
 * test can kill it (SIGKILL: a crash) or stop it (SIGTERM: a deploy). `environment` names the
 * database: `DATA_DIR` (PGlite in a folder) or `DATABASE_URL` and `DATABASE_SCHEMA`.
 */
export async function startServerProcess(environment: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const {
    child,
    output: printed,
    exited,
  } = spawnServer({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: url,
    SEED_DEMO_DATA: 'false',
    CALLBACK_RATE_LIMIT_MAX: '100000',
    CALLBACK_MAX_PER_PHONE: '100000',
    SMS_MAX_PER_NUMBER: '1000',
    SMS_MAX_PER_ADDRESS: '1000',
    ...environment,
  });
  await new Promise<void>((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`The server did not start:\n${printed()}`)), 60_000);
    const ready = () => {
      if (!printed().includes('Guichet is ready')) return;
      clearTimeout(timeout);
      resolve();
    };
    child.stdout?.on('data', ready);
    void exited.then((code) => {
      clearTimeout(timeout);
      reject(new Error(`The server exited (${code}) before it was ready:\n${printed()}`));
    });
  });
  return { url, child, output: printed, exited };
}

/** `main.ts` in a child process with exactly this environment (and PATH), not waiting for it to be ready. */
export function spawnServer(environment: Record<string, string | undefined>): Omit<ServerProcess, 'url'> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/server/main.ts')], {
    cwd: root,
    env: { PATH: process.env.PATH, ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return { child, output: () => output, exited };
}

/**
 * A device talking to servers over HTTP: one CSRF cookie for all its requests (to whichever
 * instance), so its idempotency keys share a scope, as a citizen's outbox replaying after a restart.
 */
export function httpDevice() {
  const csrf = randomBytes(32).toString('base64url');
  return {
    postJson(url: string, body: unknown, idempotencyKey: string): Promise<Response> {
      return fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: `csrf=${csrf}`,
          'x-csrf-token': csrf,
          'sec-fetch-site': 'same-origin',
          'idempotency-key': idempotencyKey,
        },
        body: JSON.stringify(body),
      });
    },
  };
}
