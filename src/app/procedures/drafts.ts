import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { whenDeviceClaimed } from '../offline/device-owner.ts';
import type { PrefillView } from '../../shared/dossier.ts';
import type { FormValues } from '../../shared/procedures/answers.ts';

/** A procedure being filled on this device: the answers as typed, and where pre-filled ones came from. */
export interface LocalDraft {
  procedure: string;
  values: FormValues;
  origins: PrefillView['origins'];
  /** Whether pre-filled answers were fetched once; they are never fetched over the citizen's edits. */
  prefilled: boolean;
  /** Kept with the answers, so sending again after a reload can never make a second dossier. */
  submissionKey: string;
  updatedAt: string;
}

interface DraftsSchema extends DBSchema {
  drafts: { key: string; value: LocalDraft };
}

/** Drafts live in their own database, apart from the outbox: a draft is edited, an outbox entry is sent. */
export const draftsDatabaseName = 'guichet-drafts';

let database: Promise<IDBPDatabase<DraftsSchema>> | undefined;

async function open(): Promise<IDBPDatabase<DraftsSchema>> {
  // Someone else's drafts are wiped first when another person signs in on this phone.
  await whenDeviceClaimed();
  database ??= openDrafts();
  return database;
}

function openDrafts(): Promise<IDBPDatabase<DraftsSchema>> {
  return openDB<DraftsSchema>(draftsDatabaseName, 1, {
    upgrade(db) {
      db.createObjectStore('drafts', { keyPath: 'procedure' });
    },
    // The personal-data wipe wants the database gone: let go so it is not blocked.
    blocking() {
      void database?.then((db) => db.close());
      database = undefined;
    },
  });
}

export const drafts = {
  async get(procedure: string): Promise<LocalDraft | undefined> {
    return (await open()).get('drafts', procedure);
  },
  async put(draft: LocalDraft): Promise<void> {
    await (await open()).put('drafts', { ...draft, updatedAt: new Date().toISOString() });
  },
  async delete(procedure: string): Promise<void> {
    await (await open()).delete('drafts', procedure);
  },
};

export function newDraft(procedure: string): LocalDraft {
  return { procedure, values: {}, origins: {}, prefilled: false, submissionKey: crypto.randomUUID(), updatedAt: new Date().toISOString() };
}
