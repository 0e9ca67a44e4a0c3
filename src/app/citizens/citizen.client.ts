import type { CitizenFile, CitizenSummary } from '../../shared/citizen.ts';
import type { MandateView } from '../../shared/mandate.ts';
import { getJson, postJson } from '../http/api-client.ts';

export function searchCitizens(query: string) {
  return getJson<CitizenSummary[]>(`/api/agent/citizens?q=${encodeURIComponent(query)}`);
}

export function fetchCitizenFile(citizen: string) {
  return getJson<CitizenFile>(`/api/agent/citizens/${encodeURIComponent(citizen)}`);
}

export function requestMandate(citizen: string, request: Record<string, string>, idempotencyKey: string) {
  return postJson<MandateView>(`/api/agent/citizens/${encodeURIComponent(citizen)}/mandates`, request, { idempotencyKey });
}

export function checkMandateCode(citizen: string, mandate: string, code: string, idempotencyKey: string) {
  return postJson<MandateView>(
    `/api/agent/citizens/${encodeURIComponent(citizen)}/mandates/${encodeURIComponent(mandate)}/code`,
    { code },
    { idempotencyKey },
  );
}

export function revokeMandate(citizen: string, mandate: string, idempotencyKey: string) {
  return postJson<MandateView>(
    `/api/agent/citizens/${encodeURIComponent(citizen)}/mandates/${encodeURIComponent(mandate)}/revoke`,
    {},
    { idempotencyKey },
  );
}
