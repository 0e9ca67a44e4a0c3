import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actorKinds, applyAction, availableActions, dossierActions, finalStatuses, type DossierStatus } from './dossier-state.ts';

const step = fc.record({ action: fc.constantFrom(...dossierActions), actor: fc.constantFrom(...actorKinds) });

/** The picture of the life of a dossier, written independently of the table in the module. */
const allowedEdges = new Set([
  'draft>submitted',
  'submitted>in_review',
  'in_review>needs_information',
  'needs_information>in_review',
  'in_review>accepted',
  'in_review>rejected',
  'submitted>closed',
  'in_review>closed',
  'needs_information>closed',
]);

describe('dossier state machine', () => {
  it('over any sequence of actions, only moves along the allowed edges and never leaves a final status', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (sequence) => {
        let status: DossierStatus = 'draft';
        for (const { action, actor } of sequence) {
          const result = applyAction(status, action, actor);
          if (finalStatuses.includes(status)) expect(result.ok).toBe(false);
          if (result.ok) {
            expect(allowedEdges.has(`${status}>${result.to}`)).toBe(true);
            status = result.to;
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('lets citizens only submit and provide information; only agents decide', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...dossierActions),
        fc.constantFrom<DossierStatus>('draft', 'submitted', 'in_review', 'needs_information'),
        (action, from) => {
          const result = applyAction(from, action, 'citizen');
          if (result.ok) expect(['submit', 'provide_information']).toContain(action);
        },
      ),
    );
    expect(applyAction('in_review', 'accept', 'citizen')).toEqual({ ok: false, reason: 'not_allowed_for_actor' });
    expect(applyAction('in_review', 'accept', 'agent')).toEqual({ ok: true, to: 'accepted' });
  });

  it('offers exactly the actions that would succeed', () => {
    for (const from of ['draft', 'submitted', 'in_review', 'needs_information', 'accepted'] as const) {
      for (const actor of actorKinds) {
        for (const action of dossierActions) {
          expect(availableActions(from, actor).includes(action)).toBe(applyAction(from, action, actor).ok);
        }
      }
    }
    expect(availableActions('in_review', 'agent')).toEqual(['request_information', 'accept', 'reject', 'close']);
  });
});
