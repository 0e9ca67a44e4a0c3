import type {
  AppointmentView,
  VerificationSummary,
  VisitBooked,
  VisitDetails,
  VisitStepData,
  VisitVerificationCreated,
} from '../../shared/visit.ts';
import { getJson, postJson } from '../http/api-client.ts';

export const fetchVisitStep = (search: string) => getJson<VisitStepData>(`/api/visit/step${search}`);
export const fetchVerification = (verification: string) => getJson<VerificationSummary>(`/api/visit/verifications/${verification}`);
export const fetchAppointment = (manageToken: string) => getJson<AppointmentView>(`/api/visit/appointments/${manageToken}`);

export const requestVisitCode = (details: VisitDetails, idempotencyKey: string) =>
  postJson<VisitVerificationCreated>('/api/visit/verifications', details, { idempotencyKey });

export const confirmVisitCode = (verification: string, code: string, idempotencyKey: string) =>
  postJson<VisitBooked>(`/api/visit/verifications/${verification}/booking`, { code }, { idempotencyKey });

export const cancelVisit = (manageToken: string, idempotencyKey: string) =>
  postJson<{ cancelled: true }>(`/api/visit/appointments/${manageToken}/cancellation`, {}, { idempotencyKey });

export const moveVisit = (manageToken: string, start: string, idempotencyKey: string) =>
  postJson<VisitBooked>(`/api/visit/appointments/${manageToken}/move`, { start }, { idempotencyKey });
