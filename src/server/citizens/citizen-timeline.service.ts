import type { TimelineEntry } from '../../shared/citizen.ts';
import { listOwnCallbackRequests } from '../account/person.repository.ts';
import type { Db } from '../db/database.ts';
import { listMandatesOfPerson } from '../mandates/mandate.repository.ts';
import { listViewingsOfPerson } from '../documents/document.repository.ts';
import { listPersonAppointments } from '../visit/visit.repository.ts';
import { listDossierEventsOfPerson, listNotificationsOfPerson, listSharedDocumentsOfPerson } from './citizen.repository.ts';

/**
 * Where a citizen's timeline comes from: one function per source, each answering the person's
 * entries in any order. A new channel (counter visits, shared documents) adds its function to
 * `timelineSources` and its wording under `timeline.<what>` in `locales/<language>/citizens.json`.
 */
export type TimelineSource = (db: Db, personId: string) => Promise<TimelineEntry[]>;

const dossierEvents: TimelineSource = async (db, personId) =>
  (await listDossierEventsOfPerson(db, personId)).map((event) => ({
    at: event.at.toISOString(),
    source: 'dossier',
    what: 'dossier_event',
    params: { reference: event.reference, procedure: event.procedure, action: event.action ?? 'message', channel: event.channel },
    href: `/agent/dossiers/${encodeURIComponent(event.reference)}`,
  }));

const callbackRequests: TimelineSource = async (db, personId) =>
  (await listOwnCallbackRequests(db, personId)).map((request) => ({
    at: request.created_at.toISOString(),
    source: 'callback',
    what: 'callback_request',
    params: { reference: request.reference, topic: request.topic, status: request.status },
  }));

const messagesSent: TimelineSource = async (db, personId) =>
  (await listNotificationsOfPerson(db, personId)).map((message) => ({
    at: message.created_at.toISOString(),
    source: 'message',
    what: 'message_sent',
    params: { template: message.template, channel: message.channel, status: message.status },
  }));

const mandates: TimelineSource = async (db, personId) =>
  (await listMandatesOfPerson(db, personId)).flatMap((mandate) => {
    const params = {
      agent: [mandate.agent_given_name, mandate.agent_family_name].filter(Boolean).join(' '),
      method: mandate.consent_method,
      scope: mandate.scope_kind === 'procedure' ? `procedures:${mandate.scope_value}.title` : `citizens:themes.${mandate.scope_value}`,
    };
    const entries: TimelineEntry[] = [{ at: mandate.requested_at.toISOString(), source: 'mandate', what: 'mandate_requested', params }];
    if (mandate.granted_at) entries.push({ at: mandate.granted_at.toISOString(), source: 'mandate', what: 'mandate_granted', params });
    if (mandate.ended_at && mandate.status !== 'granted' && mandate.status !== 'pending') {
      entries.push({ at: mandate.ended_at.toISOString(), source: 'mandate', what: `mandate_${mandate.status}`, params });
    }
    return entries;
  });

// Counter visits of the last year, whatever became of them (booked, seen, missed, cancelled).
const counterVisits: TimelineSource = async (db, personId) =>
  (await listPersonAppointments(db, personId, new Date(Date.now() - 365 * 24 * 3600 * 1000))).map((visit) => ({
    at: visit.starts_at.toISOString(),
    source: 'visit',
    what: 'counter_visit',
    params: { reference: visit.reference, place: visit.location_name, status: visit.status },
  }));

// Documents given with a request, and every time an agent opened one: what the citizen has shared.
const sharedDocuments: TimelineSource = async (db, personId) => [
  ...(await listSharedDocumentsOfPerson(db, personId)).map((shared) => ({
    at: shared.created_at.toISOString(),
    source: 'document',
    what: 'document_shared',
    params: { name: shared.name, reference: shared.reference },
  })),
  ...(await listViewingsOfPerson(db, personId)).map((viewing) => ({
    at: viewing.at.toISOString(),
    source: 'document',
    what: 'document_viewed',
    params: { name: viewing.document_name, agent: [viewing.given_name, viewing.family_name].filter(Boolean).join(' ') },
  })),
];

export const timelineSources: readonly TimelineSource[] = [
  dossierEvents,
  callbackRequests,
  counterVisits,
  sharedDocuments,
  messagesSent,
  mandates,
];

/** Every source's entries, newest first; entries at the same instant keep their sources' order. */
export async function citizenTimeline(
  db: Db,
  personId: string,
  sources: readonly TimelineSource[] = timelineSources,
): Promise<TimelineEntry[]> {
  const lists = await Promise.all(sources.map((source) => source(db, personId)));
  return lists.flat().sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
