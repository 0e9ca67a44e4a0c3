import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorCodeForStatus, errorCodes, errorMessageKey, isRetryable, type ErrorCode } from '../../src/shared/error-codes.ts';
import { languages } from '../../src/shared/languages.ts';

const localesDir = path.resolve(import.meta.dirname, '../../locales');
const codes = Object.keys(errorCodes) as ErrorCode[];

/** `errors:<code>` read the way i18next does: the language's own string (fr-easy falls back to fr). */
function sentence(language: string, code: ErrorCode, part: 'title' | 'text'): unknown {
  const strings = JSON.parse(readFileSync(path.join(localesDir, language, 'errors.json'), 'utf8')) as Record<
    string,
    Record<string, unknown>
  >;
  return strings[code]?.[part];
}

describe('the error-code registry', () => {
  it.each(codes)('%s has an HTTP error status and a retry decision', (code) => {
    const { status, retryable } = errorCodes[code];
    expect(Number.isInteger(status) && status >= 400 && status <= 599).toBe(true);
    expect(typeof retryable).toBe('boolean');
    expect(errorMessageKey(code)).toBe(`errors:${code}`);
  });

  describe.each(languages)('in %s', (language) => {
    it.each(codes)('%s has a title and a sentence', (code) => {
      for (const part of ['title', 'text'] as const) {
        const text = sentence(language, code, part);
        expect(typeof text === 'string' && text.trim() !== '', `${language} errors:${code}.${part}`).toBe(true);
      }
    });
  });

  it('retries what a later attempt can get past, and never a business refusal', () => {
    expect(isRetryable(409, 'request_in_progress')).toBe(true);
    expect(isRetryable(403, 'csrf')).toBe(true);
    expect(isRetryable(429, 'rate_limited')).toBe(true);
    expect(isRetryable(500, 'internal')).toBe(true);
    expect(isRetryable(409, 'slot_taken')).toBe(false);
    expect(isRetryable(422, 'validation')).toBe(false);
    expect(isRetryable(422, 'text_not_allowed')).toBe(false);
  });

  it('goes by the status for a code it does not know: 5xx and network retried, 4xx not', () => {
    expect(isRetryable(0, 'network')).toBe(true);
    expect(isRetryable(502, 'unexpected')).toBe(true);
    expect(isRetryable(409, 'unexpected')).toBe(false);
    expect(isRetryable(400, 'toString')).toBe(false);
  });

  it('names a bare status with a code of that status', () => {
    for (const status of [400, 401, 403, 404, 405, 408, 413, 415, 429, 500, 502, 503]) {
      const code = errorCodeForStatus(status);
      expect(Math.floor(errorCodes[code].status / 100)).toBe(Math.floor(status / 100));
    }
  });
});
