import { describe, expect, it } from 'vitest';
import { procedures } from '../../src/shared/procedures/catalogue.ts';
import { phoneOnlyAnswers, phoneOnlyPersona } from '../support/phone-only-walk.ts';

/** DESIGN.md: an SMS reaches everyone; no procedure may stop a citizen who has no e-mail address. */
describe('every procedure, for a citizen with a phone and no e-mail address', () => {
  it('is the persona the development provider signs in as "phone only"', () => {
    expect(phoneOnlyPersona().claims.email).toBeUndefined();
  });

  it.each(procedures.map((procedure) => [procedure.id, procedure] as const))('%s can be answered to the end', async (_, procedure) => {
    const answers = await phoneOnlyAnswers(procedure, '3f1d2c4b-5a69-4e7f-8b9c-0d1e2f3a4b5c');
    expect(answers, `${procedure.id} has no path without an e-mail address`).toBeDefined();
    expect(Object.keys(answers ?? {}).some((name) => name === 'email')).toBe(false);
  });
});
