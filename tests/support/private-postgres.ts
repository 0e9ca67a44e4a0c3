import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './test-app.ts';

const run = promisify(execFile);
const bin = '/usr/lib/postgresql/15/bin';

/** Whether this machine can run a PostgreSQL server of a test's own (Debian's PostgreSQL 15). */
export const privatePostgresAvailable = existsSync(path.join(bin, 'initdb'));

export interface PrivatePostgres {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** `pg_ctl restart -m fast`: every session is terminated ("administrator command"), then it comes back. */
  restart(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * A PostgreSQL server of the test's own, in a temporary folder on a free port, for tests that stop
 * or restart the database: the shared cluster on 5432 is never touched. Runs as the `postgres`
 * user when started as root (initdb refuses root).
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = await mkdtemp(path.join(tmpdir(), 'guichet-pg-'));
  const dataDir = path.join(dir, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: group } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(group.trim()));
  }
  const pg = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]) : run(path.join(bin, tool), args);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const ctl = (...args: string[]) => pg('pg_ctl', ['-D', dataDir, '-l', path.join(dir, 'log'), '-w', '-o', options, ...args]);

  await pg('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  await ctl('start');
  await pg('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'guichet']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/guichet`,
    stop: async () => void (await ctl('stop', '-m', 'fast')),
    start: async () => void (await ctl('start')),
    restart: async () => void (await ctl('restart', '-m', 'fast')),
    async destroy() {
      await ctl('stop', '-m', 'immediate').catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
