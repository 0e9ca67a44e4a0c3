import { civilStatusCertificate } from './civil-status-certificate.ts';
import type { ProcedureDefinition } from './definition.ts';
import { residentParkingPermit } from './resident-parking-permit.ts';
import { schoolCanteen } from './school-canteen.ts';

/** Every procedure Guichet offers, in the order the list shows them. */
export const procedures: readonly ProcedureDefinition[] = [civilStatusCertificate, schoolCanteen, residentParkingPermit];

export const procedureIds = procedures.map((procedure) => procedure.id);

export function findProcedure(id: string): ProcedureDefinition | undefined {
  return procedures.find((procedure) => procedure.id === id);
}

/**
 * Earlier-dossier pre-fills point across procedures; checked here, once all are loaded, so a
 * renamed question breaks the build's tests and the start, not a citizen's form.
 */
for (const procedure of procedures) {
  for (const question of procedure.steps.flatMap((step) => step.questions)) {
    if (question.prefill?.source !== 'earlier_dossier') continue;
    for (const origin of question.prefill.from) {
      const source = findProcedure(origin.procedure)
        ?.steps.flatMap((step) => step.questions)
        .find((candidate) => candidate.id === origin.question);
      if (!source || source.type !== question.type) {
        throw new Error(
          `Procedure ${procedure.id}: ${question.id} reuses ${origin.procedure}/${origin.question}, which is not a ${question.type}`,
        );
      }
    }
  }
}
