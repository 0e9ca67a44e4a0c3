import type { ColumnType, Generated } from 'kysely';

export interface IdempotencyKeyTable {
  /** Whose key this is (a person, or an anonymous device), so one user can never replay another's. */
  scope: string;
  key: string;
  request_hash: string;
  state: 'in_progress' | 'completed';
  response_status: number | null;
  response_body: ColumnType<unknown, string | null, string | null>;
  /** How many times the stored response was replayed. */
  replays: Generated<number>;
  created_at: ColumnType<Date, never, never>;
}
