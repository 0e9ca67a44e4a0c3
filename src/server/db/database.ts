import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Dialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { AccessibilityFeedbackTable } from '../accessibility/accessibility-feedback.table.ts';
import type { PersonEmailTable, PersonIdentityTable, PersonPhoneTable, PersonTable } from '../account/person.table.ts';
import type { AgentTable } from '../agent/agent.table.ts';
import type { AuditLogTable } from '../audit/audit.table.ts';
import type { SessionTable } from '../auth/session.table.ts';
import type { CallbackEventTable, CallbackRequestTable } from '../callback/callback-request.table.ts';
import type { DocumentTable, DocumentUploadPartTable, DocumentUploadTable, DossierDocumentTable } from '../documents/document.table.ts';
import type { IdempotencyKeyTable } from '../http/idempotency.table.ts';
import type { MandateTable } from '../mandates/mandate.table.ts';
import type { DevInboxMessageTable, NotificationEventTable, NotificationTable } from '../notifications/notification.table.ts';
import type { DossierEventTable, DossierTable, ProcedureDraftTable } from '../procedures/procedure.table.ts';
import type { OneTimeCodeTable } from '../security/one-time-code.table.ts';
import type { RateLimitTable } from '../security/rate-limit.table.ts';
import type { SatisfactionSurveyTable } from '../survey/satisfaction-survey.table.ts';
import type {
  AppointmentHoldTable,
  AppointmentTable,
  VisitClosureTable,
  VisitCounterTable,
  VisitLocationServiceTable,
  VisitLocationTable,
  VisitPhoneVerificationTable,
  VisitServiceTable,
} from '../visit/visit.table.ts';
import type { Config } from '../config.ts';
import type { LinkSecretTable } from '../security/link-secret.table.ts';
import type { OidcRecordTable } from '../dev-idp/oidc-record.table.ts';

/** Every table, gathered from the features that own them. */
export interface Database {
  accessibility_feedback: AccessibilityFeedbackTable;
  agent: AgentTable;
  appointment: AppointmentTable;
  appointment_hold: AppointmentHoldTable;
  audit_log: AuditLogTable;
  callback_event: CallbackEventTable;
  callback_request: CallbackRequestTable;
  dev_inbox_message: DevInboxMessageTable;
  document: DocumentTable;
  document_upload: DocumentUploadTable;
  document_upload_part: DocumentUploadPartTable;
  dossier: DossierTable;
  dossier_document: DossierDocumentTable;
  dossier_event: DossierEventTable;
  idempotency_key: IdempotencyKeyTable;
  link_secret: LinkSecretTable;
  mandate: MandateTable;
  notification: NotificationTable;
  notification_event: NotificationEventTable;
  oidc_record: OidcRecordTable;

  one_time_code: OneTimeCodeTable;
  person: PersonTable;
  person_email: PersonEmailTable;
  person_identity: PersonIdentityTable;
  person_phone: PersonPhoneTable;
  procedure_draft: ProcedureDraftTable;
  rate_limit: RateLimitTable;
  satisfaction_survey: SatisfactionSurveyTable;
  session: SessionTable;
  visit_closure: VisitClosureTable;
  visit_counter: VisitCounterTable;
  visit_location: VisitLocationTable;
  visit_location_service: VisitLocationServiceTable;
  visit_phone_verification: VisitPhoneVerificationTable;
  visit_service: VisitServiceTable;
}

export type Db = Kysely<Database>;

/**
 * Opens the embedded PGlite (a folder on disk, or memory when `dataDir` is undefined) or a
 * PostgreSQL pool on `database.url`. Both speak the same SQL, so everything above this function is
 * shared. The server opens it through `openMigratedDatabase` (migrate.ts), which migrates first.
 */
export async function openDatabase(database: Config['database']): Promise<Db> {
  return new Kysely<Database>({ dialect: await createDialect(database) });
}

async function createDialect(database: Config['database']): Promise<Dialect> {
  if (database.kind === 'pglite') {
    if (database.dataDir) await mkdir(database.dataDir, { recursive: true });
    const client = await PGlite.create(database.dataDir ? { dataDir: database.dataDir } : {});
    return new PGliteDialect(client);
  }
  const pool = new pg.Pool({
    connectionString: database.url,
    max: 10,
    // A schema per test run (or per tenant) keeps several databases' worth of tables apart. The
    // owner role creates it when migrating (see migrate.ts): the app's role may not.
    ...(database.schema ? { options: `-c search_path=${database.schema}` } : {}),
  });
  // A database restart closes every connection, idle or checked out. Without a listener that is an
  // unhandled 'error' event and the process dies; with one, the pool drops the dead connection, the
  // query in flight fails (answered 503, see isDatabaseUnavailable) and the next one reconnects.
  const dropped = (error: Error & { code?: string }) => console.warn(`database connection lost (${error.code ?? error.message})`);
  pool.on('error', dropped);
  pool.on('connect', (client) => client.on('error', dropped));
  return new PostgresDialect({ pool });
}

/** Errors that mean "the database is away" (restarting, unreachable), not "this request is wrong". */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code === 'string') {
    // 57P01-03: administrator shutdown, crash shutdown, cannot connect now; class 08: connection exceptions.
    if (/^(57P0[123]|08...)$/.test(code)) return true;
    if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)) return true;
  }
  return /Connection terminated|connection timeout|Client has encountered a connection error|Client was closed/i.test(error.message);
}
