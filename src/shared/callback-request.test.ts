import { describe, expect, it } from 'vitest';
import { callbackReferencePattern, callbackRequestSchema, callbackTopics, callbackWindows } from './callback-request.ts';
import { validate } from './validation.ts';

const check = (input: unknown) => validate(callbackRequestSchema, input);

describe('the callback request schema', () => {
  it('accepts a complete request and stores the phone in E.164, the name trimmed', () => {
    expect(check({ phone: ' 06 12 34 56 78 ', topic: 'school', window: 'morning', name: '  Camille  ' })).toEqual({
      ok: true,
      value: { phone: '+33612345678', topic: 'school', window: 'morning', name: 'Camille' },
    });
  });

  it('keeps the name optional: empty or blank becomes undefined', () => {
    for (const name of [undefined, '', '   ']) {
      const result = check({ phone: '0123456789', topic: 'school', window: 'any', name });
      expect(result).toEqual({ ok: true, value: { phone: '+33123456789', topic: 'school', window: 'any', name: undefined } });
    }
  });

  it('accepts every topic and every window the form offers', () => {
    for (const topic of callbackTopics) {
      for (const window of callbackWindows) {
        expect(check({ phone: '0612345678', topic, topicDetail: 'Une question', window }).ok).toBe(true);
      }
    }
  });

  it('names every missing field with an i18n key, not a sentence', () => {
    expect(check({})).toEqual({
      ok: false,
      errors: {
        phone: 'callback:errors.phone_required',
        topic: 'callback:errors.topic_required',
        window: 'callback:errors.window_required',
      },
    });
  });

  it('tells a blank phone from an invalid one', () => {
    expect(check({ phone: '   ', topic: 'school', window: 'any' })).toEqual({
      ok: false,
      errors: { phone: 'callback:errors.phone_required' },
    });
    expect(check({ phone: '06 12', topic: 'school', window: 'any' })).toEqual({
      ok: false,
      errors: { phone: 'callback:errors.phone_invalid' },
    });
  });

  it('refuses a topic or a window that is not offered', () => {
    expect(check({ phone: '0612345678', topic: 'weather', window: 'night' })).toEqual({
      ok: false,
      errors: { topic: 'callback:errors.topic_required', window: 'callback:errors.window_required' },
    });
  });

  it('limits the name to 100 characters', () => {
    const base = { phone: '0612345678', topic: 'school', window: 'any' };
    expect(check({ ...base, name: 'a'.repeat(100) }).ok).toBe(true);
    expect(check({ ...base, name: 'a'.repeat(101) })).toEqual({ ok: false, errors: { name: 'callback:errors.name_too_long' } });
  });

  it('refuses values of the wrong type without throwing', () => {
    const result = check({ phone: 612345678, topic: ['school'], window: null, name: {} });
    expect(result.ok).toBe(false);
    expect(Object.keys(result.ok ? {} : result.errors).sort()).toEqual(['name', 'phone', 'topic', 'window']);
    expect(check('not an object').ok).toBe(false);
    expect(check(null).ok).toBe(false);
  });

  it('needs the citizen’s words for "other", takes a dossier reference in any case and a call language from the list', () => {
    const base = { phone: '0612345678', window: 'any' };
    expect(check({ ...base, topic: 'other', topicDetail: '  ' })).toEqual({
      ok: false,
      errors: { topicDetail: 'callback:errors.topic_detail_required' },
    });
    expect(check({ ...base, topic: 'school', dossier: ' gu-2026-000123 ', callLanguage: 'ar' })).toEqual({
      ok: true,
      value: { phone: '+33612345678', topic: 'school', window: 'any', dossier: 'GU-2026-000123', callLanguage: 'ar' },
    });
    expect(check({ ...base, topic: 'school', dossier: 'GU-26-1', callLanguage: 'xx' })).toEqual({
      ok: false,
      errors: { dossier: 'callback:errors.dossier_invalid', callLanguage: 'callback:errors.call_language_invalid' },
    });
  });

  it('drops fields it does not know (the CSRF token, the idempotency key)', () => {
    const result = check({ phone: '0612345678', topic: 'school', window: 'any', _csrf: 'x', admin: true });
    expect(result).toEqual({ ok: true, value: { phone: '+33612345678', topic: 'school', window: 'any', name: undefined } });
  });
});

describe('callback references', () => {
  it.each(['RAP-7K4Q-9XZ2', 'RAP-0000-ZZZZ'])('%s is a reference', (reference) => {
    expect(reference).toMatch(callbackReferencePattern);
  });

  it.each(['RAP-7K4Q-9XZ', 'rap-7k4q-9xz2', 'RAP-IL0U-AAAA', 'RAP-7K4Q-9XZ2 ', 'XRAP-7K4Q-9XZ2'])('%s is not', (reference) => {
    expect(reference).not.toMatch(callbackReferencePattern);
  });
});
