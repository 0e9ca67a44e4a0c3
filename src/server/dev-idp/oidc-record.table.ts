import type { ColumnType } from 'kysely';

/** One record of the development identity provider (a session, an interaction, a grant, a code…). */
export interface OidcRecordTable {
  /** oidc-provider's model name: `Session`, `Interaction`, `Grant`, `AuthorizationCode`… */
  model: string;
  id: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  grant_id: string | null;
  uid: string | null;
  user_code: string | null;
  consumed_at: Date | null;
  /** Null: kept until destroyed. */
  expires_at: Date | null;
}
