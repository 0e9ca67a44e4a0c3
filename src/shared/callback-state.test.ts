import { describe, expect, it } from 'vitest';
import { callbackStatuses } from './callback-request.ts';
import { afterNoAnswer, applyCallbackAction, callbackActions, callbackOutcomeSchema } from './callback-state.ts';
import { validate } from './validation.ts';

describe('the call-back status machine', () => {
  it('follows requested → scheduled → in_progress → done | no_answer, and cancels only before the call', () => {
    expect(applyCallbackAction('requested', 'claim', 'agent')).toEqual({ ok: true, to: 'in_progress' });
    expect(applyCallbackAction('requested', 'schedule', 'system')).toEqual({ ok: true, to: 'scheduled' });
    expect(applyCallbackAction('scheduled', 'claim', 'agent')).toEqual({ ok: true, to: 'in_progress' });
    expect(applyCallbackAction('in_progress', 'complete', 'agent')).toEqual({ ok: true, to: 'done' });
    expect(applyCallbackAction('in_progress', 'retry', 'agent')).toEqual({ ok: true, to: 'scheduled' });
    expect(applyCallbackAction('in_progress', 'give_up', 'agent')).toEqual({ ok: true, to: 'no_answer' });
    expect(applyCallbackAction('scheduled', 'cancel', 'citizen')).toEqual({ ok: true, to: 'cancelled' });
  });

  it('refuses every other transition', () => {
    expect(applyCallbackAction('in_progress', 'cancel', 'citizen')).toEqual({ ok: false, reason: 'not_from_this_status' });
    expect(applyCallbackAction('requested', 'complete', 'agent')).toEqual({ ok: false, reason: 'not_from_this_status' });
    expect(applyCallbackAction('requested', 'claim', 'citizen')).toEqual({ ok: false, reason: 'not_allowed_for_actor' });
    // Nothing leaves a final status.
    for (const final of ['done', 'no_answer', 'cancelled'] as const) {
      for (const action of callbackActions) {
        for (const actor of ['citizen', 'agent', 'system'] as const) expect(applyCallbackAction(final, action, actor).ok).toBe(false);
      }
    }
    // Every status is reachable from "requested".
    const reachable = new Set(['requested']);
    for (let round = 0; round < 4; round += 1) {
      for (const from of [...reachable]) {
        for (const action of callbackActions) {
          const result = applyCallbackAction(from as (typeof callbackStatuses)[number], action, 'agent');
          if (result.ok) reachable.add(result.to);
        }
      }
    }
    reachable.add('cancelled');
    expect([...reachable].sort()).toEqual([...callbackStatuses].sort());
  });

  it('tries again while attempts are left, then gives up', () => {
    expect(afterNoAnswer(1, 3)).toBe('retry');
    expect(afterNoAnswer(2, 3)).toBe('retry');
    expect(afterNoAnswer(3, 3)).toBe('give_up');
  });

  it('asks when to call back only for a rescheduled call', () => {
    expect(validate(callbackOutcomeSchema, { outcome: 'done' })).toEqual({
      ok: true,
      value: { outcome: 'done', delay: '', note: undefined },
    });
    expect(validate(callbackOutcomeSchema, { outcome: 'reschedule', delay: '5' })).toEqual({
      ok: false,
      errors: { delay: 'callback-queue:errors.delay_required' },
    });
    expect(validate(callbackOutcomeSchema, {})).toEqual({ ok: false, errors: { outcome: 'callback-queue:errors.outcome_required' } });
  });
});
