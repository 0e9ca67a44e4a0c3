import type { TimelineEntry } from '../../shared/citizen.ts';
import { listOwnCallbackRequests } from '../account/person.repository.ts';
import type { Db } from '../db/database.ts';
import { listMandatesOfPerson } from '../mandates/mandate.repository.ts';
import { listDossierEventsOfPerson, listNotificationsOfPerson } from './citizen.repository.ts';

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

export const timelineSources: readonly TimelineSource[] = [dossierEvents, callbackRequests, messagesSent, mandates];

/** Every source's entries, newest first; entries at the same instant keep their sources' order. */
export async function citizenTimeline(
  db: Db,
  personId: string,
  sources: readonly TimelineSource[] = timelineSources,
): Promise<TimelineEntry[]> {
  const lists = await Promise.all(sources.map((source) => source(db, personId)));
  return lists.flat().sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
