import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorAnswer, HttpError } from '../../src/server/http/http-error.ts';
import { errorCodes, isErrorCode, type ErrorCode } from '../../src/shared/error-codes.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { databaseKinds } from '../support/test-database.ts';
import { visitor } from '../support/visitor.ts';

const serverDir = path.resolve(import.meta.dirname, '../../src/server');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('every error the server answers goes through the registry', () => {
  it.each(Object.keys(errorCodes) as ErrorCode[])('HttpError(%s) answers the registry’s status and its own code', (code) => {
    const error = new HttpError(code);
    expect(error.statusCode).toBe(errorCodes[code].status);
    expect(errorAnswer(error)).toEqual({ status: errorCodes[code].status, code });
  });

  // HttpError's code is typed; the bodies some routes send themselves (`{ error: 'validation' }`,
  // tus refusals) are plain objects, so their codes are read from the source. Only the files that
  // answer HTTP: a job's `{ error: 'worker_stopped' }` is a note on a message, not an answer.
  it('names only registered codes in the bodies routes send themselves', () => {
    const unknown: string[] = [];
    const answering = (file: string) => file.endsWith('.routes.ts') || file.includes(`${path.sep}http${path.sep}`);
    for (const file of sourceFiles(serverDir).filter(answering)) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/\berror: '([a-z_]+)'/g)) {
        if (!isErrorCode(match[1] ?? '')) unknown.push(`${path.relative(serverDir, file)}: ${match[1]}`);
      }
      for (const match of source.matchAll(/\berror: `([a-z_]+)\$\{/g)) {
        const prefix = match[1] ?? '';
        if (!Object.keys(errorCodes).some((code) => code.startsWith(prefix))) unknown.push(`${path.relative(serverDir, file)}: ${prefix}…`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('names Fastify’s own errors by their status, and keeps a code set on purpose', () => {
    expect(errorAnswer({ statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' })).toEqual({
      status: 415,
      code: 'unsupported_media_type',
    });
    expect(errorAnswer({ statusCode: 400, code: 'FST_ERR_CTP_EMPTY_JSON_BODY' })).toEqual({ status: 400, code: 'bad_request' });
    expect(errorAnswer({ statusCode: 429, code: 'rate_limited' })).toEqual({ status: 429, code: 'rate_limited' });
    expect(errorAnswer({ code: 'ECONNRESET' })).toEqual({ status: 500, code: 'internal' });
  });
});

describe.each(databaseKinds)('errors over HTTP on %s', (kind) => {
  let test: TestApp;

  beforeAll(async () => {
    test = await createTestApp(kind, { NOTIFICATION_WORKER: 'false' });
  });
  afterAll(() => test.close());

  it('answers malformed requests with registered 4xx codes, never a 500', async () => {
    const someone = await visitor(test.app);
    const post = (headers: Record<string, string>, payload: string) =>
      someone.request({
        method: 'POST',
        url: '/api/callback-requests',
        headers: {
          'x-csrf-token': someone.csrfToken,
          'sec-fetch-site': 'same-origin',
          'idempotency-key': 'errors-test-key-000001',
          ...headers,
        },
        payload,
      });
    const answers = [
      await post({ 'content-type': 'application/json' }, '{"phone": '),
      await post({ 'content-type': 'application/xml' }, '<phone/>'),
      await post({ 'content-type': 'application/json' }, JSON.stringify({ topicDetail: 'x'.repeat(2_000_000) })),
      await someone.get('/api/no-such-thing'),
    ];
    expect(answers.map((answer) => [answer.statusCode, answer.json<{ error: string }>().error])).toEqual([
      [400, 'bad_request'],
      [415, 'unsupported_media_type'],
      [413, 'payload_too_large'],
      [404, 'not_found'],
    ]);
  });

  // The schemas refuse control characters first; this is what a field they missed would meet.
  it('answers PostgreSQL’s refusal of a NUL byte as text_not_allowed (422), not a server failure', async () => {
    const refusal = async (query: ReturnType<typeof sql>) => {
      try {
        await query.execute(test.database.db);
      } catch (error) {
        return errorAnswer(error as { code?: string });
      }
      throw new Error('PostgreSQL stored a NUL');
    };
    expect(await refusal(sql`select ${'a\u0000b'}::text`)).toEqual({ status: 422, code: 'text_not_allowed' });
    expect(await refusal(sql`select ${JSON.stringify({ a: 'a\u0000b' })}::jsonb`)).toEqual({ status: 422, code: 'text_not_allowed' });
  });
});
