import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ApiError } from '../../shared/http.ts';
import type { WriteMethod } from '../http/api-client.ts';
import { whenDeviceClaimed } from './device-owner.ts';

/**
 * The outbox: every write the citizen makes is kept here, on the device, until the server has
 * it. Pages and the service worker share this module (it uses nothing a worker lacks).
 */

/** What a write is for, so the app can show it and reopen the right form to fix it. */
export type OutboxKind = 'callback-request' | 'dossier-submission' | 'visit-booking' | 'accessibility-feedback' | 'document-upload';

/**
 * A document on its way to the locker: the file itself (IndexedDB keeps Blobs), and once the server
 * has created the upload, where it lives and how much of it the server confirmed, so a later
 * attempt resumes there instead of sending the whole file again.
 */
export interface PendingUpload {
  file: Blob;
  fileName: string;
  /** The tus upload's address; absent until the server created it (or after it forgot it). */
  location?: string;
  offset: number;
}

/**
 * `waiting-for-sign-in`: refused only because the session had ended (a 401). It is kept as it is,
 * never counted as sent, and goes by itself once the citizen has signed in again.
 */
export type OutboxState = 'pending' | 'needs-attention' | 'waiting-for-sign-in';

/** Why an entry waits for the citizen: the server refused it (a 4xx), or it is too old to send blindly. */
export type AttentionReason = { kind: 'refused'; status: number; error: ApiError } | { kind: 'expired' };

export interface OutboxEntry {
  /** The idempotency key: the server stores the write at most once, however often it is replayed. */
  key: string;
  kind: OutboxKind;
  url: string;
  method: WriteMethod;
  body: Record<string, unknown>;
  /** What the citizen typed, as strings, to reopen the form with exactly that. */
  formValues: Record<string, string>;
  createdAt: number;
  state: OutboxState;
  attempts: number;
  lastAttemptAt?: number;
  attention?: AttentionReason;
  /** Only for `document-upload`: `body` then holds the document's metadata. */
  upload?: PendingUpload;
}

/** A write the server accepted: what it answered (a reference), never what was sent. */
export interface SentRecord {
  key: string;
  kind: OutboxKind;
  sentAt: number;
  response: unknown;
}

export interface GuichetDb extends DBSchema {
  outbox: { key: string; value: OutboxEntry; indexes: { 'by-created': number } };
  sent: { key: string; value: SentRecord; indexes: { 'by-sent': number } };
}

export const databaseName = 'guichet';

/** After this long, a write is not sent without the citizen looking at it again (a callback "this morning" a week later). */
export const outboxMaxAgeMs = 7 * 24 * 60 * 60 * 1000;

/** Pages and the service worker tell each other here that the outbox changed. */
export const outboxChannelName = 'guichet-outbox';

export type OutboxMessage = { type: 'changed' } | { type: 'sent'; records: SentRecord[] };

let opened: Promise<IDBPDatabase<GuichetDb>> | undefined;

/** The app's database, once the device belongs to whoever is signed in (see device-owner). */
export async function openGuichetDb(): Promise<IDBPDatabase<GuichetDb>> {
  await whenDeviceClaimed();
  opened ??= open();
  return opened;
}

function open(): Promise<IDBPDatabase<GuichetDb>> {
  return openDB<GuichetDb>(databaseName, 1, {
    upgrade(db) {
      db.createObjectStore('outbox', { keyPath: 'key' }).createIndex('by-created', 'createdAt');
      db.createObjectStore('sent', { keyPath: 'key' }).createIndex('by-sent', 'sentAt');
    },
    // Another tab (or the wipe on sign-out) wants the database: let go so it is not blocked.
    blocking() {
      void opened?.then((db) => db.close());
      opened = undefined;
    },
  });
}

/** Closes this context's connection, so the database can be deleted (tests, the personal-data wipe). */
export async function closeGuichetDb(): Promise<void> {
  const current = opened;
  opened = undefined;
  if (current) (await current).close();
}

/** The browser said the device is full: the citizen must be told, the write cannot wait here. */
export class StorageFullError extends Error {
  constructor() {
    super('The device storage is full');
    this.name = 'StorageFullError';
  }
}

export interface NewOutboxEntry {
  key: string;
  kind: OutboxKind;
  url: string;
  method?: WriteMethod;
  body: Record<string, unknown>;
  formValues: Record<string, string>;
  upload?: PendingUpload;
}

/** Keeps a write on the device. The first write asks the browser to keep our storage through clean-ups. */
export async function addToOutbox(input: NewOutboxEntry, now = Date.now()): Promise<OutboxEntry> {
  const entry: OutboxEntry = { method: 'POST', ...input, createdAt: now, state: 'pending', attempts: 0 };
  const db = await openGuichetDb();
  const firstWrite = (await db.count('outbox')) === 0 && (await db.count('sent')) === 0;
  try {
    await db.put('outbox', entry);
  } catch (error) {
    throw isQuotaError(error) ? new StorageFullError() : error;
  }
  if (firstWrite) await requestPersistentStorage();
  announce({ type: 'changed' });
  return entry;
}

/**
 * Runs a read on the database, and once more on a fresh connection when the one it got was closed
 * under it (the personal-data wipe, or another tab that needs the database, closes it at any time).
 */
async function reading<Result>(work: (db: IDBPDatabase<GuichetDb>) => Promise<Result>): Promise<Result> {
  try {
    return await work(await openGuichetDb());
  } catch (error) {
    if (!(error instanceof DOMException && error.name === 'InvalidStateError')) throw error;
    return work(await openGuichetDb());
  }
}

export async function listOutbox(): Promise<OutboxEntry[]> {
  return reading((db) => db.getAllFromIndex('outbox', 'by-created'));
}

export async function getOutboxEntry(key: string): Promise<OutboxEntry | undefined> {
  return reading((db) => db.get('outbox', key));
}

/** Puts back in line an entry the citizen looked at and sends as it is; it counts as saved now, so its age starts again. */
export async function requeueOutboxEntry(key: string, now = Date.now()): Promise<void> {
  const db = await openGuichetDb();
  const entry = await db.get('outbox', key);
  if (!entry) return;
  const { attention: _seen, ...rest } = entry;
  await db.put('outbox', { ...rest, state: 'pending', createdAt: now });
  announce({ type: 'changed' });
}

export async function deleteOutboxEntry(key: string): Promise<void> {
  await (await openGuichetDb()).delete('outbox', key);
  announce({ type: 'changed' });
}

export async function getSentRecord(key: string): Promise<SentRecord | undefined> {
  return reading((db) => db.get('sent', key));
}

/** Writes the server has accepted from this device, newest first. */
export async function listSent(kind: OutboxKind): Promise<SentRecord[]> {
  const all = await reading((db) => db.getAllFromIndex('sent', 'by-sent'));
  return all.filter((record) => record.kind === kind).reverse();
}

export interface OutboxCounts {
  pending: number;
  needsAttention: number;
  waitingForSignIn: number;
}

export async function countOutbox(): Promise<OutboxCounts> {
  const entries = await listOutbox();
  return {
    pending: entries.filter((entry) => entry.state === 'pending').length,
    needsAttention: entries.filter((entry) => entry.state === 'needs-attention').length,
    waitingForSignIn: entries.filter((entry) => entry.state === 'waiting-for-sign-in').length,
  };
}

/** Tells every page of the app (and this one) that the outbox changed. */
export function announce(message: OutboxMessage): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(outboxChannelName);
  channel.postMessage(message);
  channel.close();
}

/** Calls `listener` on every change, from this page, another tab or the service worker. */
export function onOutboxMessage(listener: (message: OutboxMessage) => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  // A channel hears every other channel of the same name, those of this very page included.
  const channel = new BroadcastChannel(outboxChannelName);
  channel.onmessage = (event: MessageEvent<OutboxMessage>) => listener(event.data);
  return () => channel.close();
}

async function requestPersistentStorage(): Promise<void> {
  const storage = (globalThis as { navigator?: { storage?: StorageManager } }).navigator?.storage;
  if (!storage?.persist) return;
  try {
    if (!(await storage.persisted())) await storage.persist();
  } catch {
    // Refused or unsupported: the data is still kept, only less firmly.
  }
}

function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException ? error.name === 'QuotaExceededError' : (error as { name?: string })?.name === 'QuotaExceededError';
}
