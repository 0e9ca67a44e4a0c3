import type { ColumnType } from 'kysely';
import type { Viewer } from '../../shared/viewer.ts';

/** A pending sign-in: what the callback must find again, bound to this browser's session. */
export interface PendingLogin {
  audience: 'citizen' | 'agent';
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

type Json<T> = ColumnType<T | null, string | null, string | null>;

export interface SessionTable {
  /** SHA-256 of the cookie's value: a copy of the table does not let anyone in. */
  id_hash: string;
  person_id: string | null;
  agent_id: string | null;
  /** Who is signed in, as the header shows them; a snapshot taken at sign-in. */
  viewer: Json<Viewer>;
  /** Kept for the provider's logout (`id_token_hint`). */
  id_token: string | null;
  login: Json<PendingLogin>;
  created_at: Date;
  last_seen_at: Date;
}
