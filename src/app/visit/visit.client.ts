import type {
  AppointmentView,
  VerificationSummary,
  VisitBooked,
  VisitDetails,
  VisitStepData,
  VisitVerificationCreated,
} from '../../shared/visit.ts';
import { getJson, postJson } from '../http/api-client.ts';
import type { OutboxSubmission } from '../offline/submit-through-outbox.ts';

export const fetchVisitStep = (search: string) => getJson<VisitStepData>(`/api/visit/step${search}`);
export const fetchVerification = (verification: string) => getJson<VerificationSummary>(`/api/visit/verifications/${verification}`);
export const fetchAppointment = (manageToken: string) => getJson<AppointmentView>(`/api/visit/appointments/${manageToken}`);

/**
 * The booking request, through the outbox: offline it waits on the device and goes when the
 * network returns. No time is held meanwhile: only the server's answer books or sends a code.
 */
export async function sendVisitDetails(
  details: VisitDetails,
  formValues: Record<string, string>,
  idempotencyKey: string,
): Promise<OutboxSubmission<VisitVerificationCreated>> {
  const { submitThroughOutbox } = await import('../offline/submit-through-outbox.ts');
  return submitThroughOutbox<VisitVerificationCreated>({
    key: idempotencyKey,
    kind: 'visit-booking',
    url: '/api/visit/verifications',
    body: { ...details },
    formValues,
  });
}

export const confirmVisitCode = (verification: string, code: string, idempotencyKey: string) =>
  postJson<VisitBooked>(`/api/visit/verifications/${verification}/booking`, { code }, { idempotencyKey });

export const cancelVisit = (manageToken: string, idempotencyKey: string) =>
  postJson<{ cancelled: true }>(`/api/visit/appointments/${manageToken}/cancellation`, { confirm: 'yes' }, { idempotencyKey });

export const moveVisit = (manageToken: string, start: string, idempotencyKey: string) =>
  postJson<VisitBooked>(`/api/visit/appointments/${manageToken}/move`, { start }, { idempotencyKey });
