import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/db/database.ts';
import { checkCode, issueCode, pendingCode, smsRefusal, type SmsPolicy } from '../../src/server/security/one-time-code.ts';
import { oneTimeCodeRules } from '../../src/shared/one-time-code.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/test-database.ts';

const minutes = (count: number) => count * 60_000;
const wrongFor = (code: string) => (code === '000000' ? '111111' : '000000');

describe.each(databaseKinds)('the one-time-code module on %s', (kind) => {
  let database: TestDatabase;
  let db: Db;
  const start = new Date('2026-12-03T09:00:00Z');
  let subjectCounter = 0;
  const subject = () => `subject-${(subjectCounter += 1)}`;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = database.db;
  });
  afterAll(() => database.drop());

  const stored = (subject: string) =>
    db.selectFrom('one_time_code').selectAll().where('subject', '=', subject).orderBy('sent_at', 'desc').executeTakeFirstOrThrow();

  it('keeps only a salted hash, and takes the right code once', async () => {
    const who = subject();
    const { code } = await issueCode(db, { purpose: 'phone_verification', subject: who, phone: '+33612345678', now: start });
    expect(JSON.stringify(await stored(who))).not.toContain(code);
    expect(await checkCode(db, { purpose: 'phone_verification', subject: who, code, now: start })).toEqual({
      ok: true,
      phone: '+33612345678',
    });
    expect(await checkCode(db, { purpose: 'phone_verification', subject: who, code, now: start })).toEqual({
      ok: false,
      error: 'code_expired',
    });
  });

  it('expires on the clock it is given: right up to the last millisecond, not after', async () => {
    const { validMinutes } = oneTimeCodeRules.visit_booking;
    const early = subject();
    const { code } = await issueCode(db, { purpose: 'visit_booking', subject: early, phone: '+33612345678', now: start });
    const lastMoment = new Date(start.getTime() + minutes(validMinutes) - 1);
    expect(await pendingCode(db, 'visit_booking', early, lastMoment)).toBeDefined();
    expect((await checkCode(db, { purpose: 'visit_booking', subject: early, code, now: lastMoment })).ok).toBe(true);

    const late = subject();
    const second = await issueCode(db, { purpose: 'visit_booking', subject: late, phone: '+33612345678', now: start });
    const expiry = new Date(start.getTime() + minutes(validMinutes));
    expect(await pendingCode(db, 'visit_booking', late, expiry)).toBeUndefined();
    expect(await checkCode(db, { purpose: 'visit_booking', subject: late, code: second.code, now: expiry })).toEqual({
      ok: false,
      error: 'code_expired',
    });
    // An expired code counts no try.
    expect((await stored(late)).attempts).toBe(0);
  });

  it('counts every try; after the last one even the right code is refused', async () => {
    const who = subject();
    const { maxAttempts } = oneTimeCodeRules.mandate_consent;
    const { code } = await issueCode(db, { purpose: 'mandate_consent', subject: who, phone: '+33612345678', now: start });
    const tries = [];
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      tries.push(await checkCode(db, { purpose: 'mandate_consent', subject: who, code: wrongFor(code), now: start }));
    }
    expect(tries.map((result) => (result.ok ? 'ok' : result.error))).toEqual([
      ...Array<string>(maxAttempts - 1).fill('code_wrong'),
      'code_attempts_exhausted',
    ]);
    expect(await checkCode(db, { purpose: 'mandate_consent', subject: who, code, now: start })).toEqual({
      ok: false,
      error: 'code_attempts_exhausted',
    });
    expect((await stored(who)).attempts).toBe(maxAttempts);
  });

  it('lets the database settle tries made at once: never more than the allowed number, one success at most', async () => {
    const who = subject();
    const { maxAttempts } = oneTimeCodeRules.phone_verification;
    const { code } = await issueCode(db, { purpose: 'phone_verification', subject: who, phone: '+33612345678', now: start });
    const wrong = await Promise.all(
      Array.from({ length: 20 }, () => checkCode(db, { purpose: 'phone_verification', subject: who, code: wrongFor(code), now: start })),
    );
    expect(wrong.filter((result) => !result.ok && result.error === 'code_wrong')).toHaveLength(maxAttempts - 1);
    expect((await stored(who)).attempts).toBe(maxAttempts);

    const other = subject();
    const second = await issueCode(db, { purpose: 'phone_verification', subject: other, phone: '+33612345678', now: start });
    const right = await Promise.all(
      Array.from({ length: 3 }, () => checkCode(db, { purpose: 'phone_verification', subject: other, code: second.code, now: start })),
    );
    expect(right.filter((result) => result.ok)).toHaveLength(1);
  });

  it('replaces an earlier code: only the latest SMS works', async () => {
    const who = subject();
    const first = await issueCode(db, { purpose: 'phone_verification', subject: who, phone: '+33612345678', now: start });
    const later = new Date(start.getTime() + minutes(1));
    const second = await issueCode(db, { purpose: 'phone_verification', subject: who, phone: '+33612345678', now: later });
    const refused = await checkCode(db, { purpose: 'phone_verification', subject: who, code: first.code, now: later });
    expect(refused).toEqual({ ok: false, error: first.code === second.code ? 'code_expired' : 'code_wrong' });
    expect((await checkCode(db, { purpose: 'phone_verification', subject: who, code: second.code, now: later })).ok).toBe(true);
  });

  describe('SMS limits', () => {
    const policy: SmsPolicy = { allowedCountries: ['+33', '+262'], maxPerNumber: 3, maxPerAddress: 5, windowMinutes: 60 };

    it('per number, whatever the address, in a window that starts again once passed', async () => {
      const phone = '+33699000001';
      const answers = [];
      for (let sent = 0; sent < 4; sent += 1) {
        answers.push(
          await smsRefusal(db, policy, { phone, address: `198.51.100.${sent}`, now: new Date(start.getTime() + minutes(sent)) }),
        );
      }
      expect(answers).toEqual([undefined, undefined, undefined, 'code_throttled']);
      const stillInWindow = new Date(start.getTime() + minutes(59));
      expect(await smsRefusal(db, policy, { phone, address: '198.51.100.9', now: stillInWindow })).toBe('code_throttled');
      const nextWindow = new Date(start.getTime() + minutes(60));
      expect(await smsRefusal(db, policy, { phone, address: '198.51.100.10', now: nextWindow })).toBeUndefined();
    });

    it('per address, whatever the number', async () => {
      const address = '203.0.113.7';
      const answers = [];
      for (let sent = 0; sent < 6; sent += 1) {
        answers.push(await smsRefusal(db, policy, { phone: `+3369900010${sent}`, address, now: start }));
      }
      expect(answers).toEqual([undefined, undefined, undefined, undefined, undefined, 'code_throttled']);
    });

    it('only to the countries allowed, and a refused country counts nothing', async () => {
      const address = '203.0.113.8';
      for (let sent = 0; sent < 10; sent += 1) {
        expect(await smsRefusal(db, policy, { phone: '+88213212345', address, now: start })).toBe('phone_country_not_allowed');
      }
      expect(await smsRefusal(db, policy, { phone: '+262692000001', address, now: start })).toBeUndefined();
    });
  });
});
