import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Language } from '../../shared/languages.ts';
import type { AppointmentStatus, WeeklyOpeningHours } from '../../shared/visit.ts';

/** jsonb: read as the parsed value, written as a JSON string. */
type Json<T> = ColumnType<T, string, string>;

export interface VisitServiceTable {
  id: string;
  slot_minutes: number;
}

export interface VisitLocationTable {
  id: string;
  name: string;
  street: string;
  postcode: string;
  city: string;
  latitude: number;
  longitude: number;
  wheelchair_access: boolean;
  hearing_loop: boolean;
  languages: Json<string[]>;
  opening_hours: Json<WeeklyOpeningHours>;
  staff_unit: string | null;
}

export interface VisitLocationServiceTable {
  location_id: string;
  service_id: string;
}

export interface VisitClosureTable {
  location_id: string;
  day: string;
}

export interface VisitCounterTable {
  id: string;
  location_id: string;
  label: string;
}

export interface AppointmentTable {
  id: Generated<string>;
  reference: string;
  manage_token_hash: string;
  service_id: string;
  location_id: string;
  counter_id: string;
  starts_at: Date;
  ends_at: Date;
  phone: string;
  name: string;
  language: Language;
  person_id: string | null;
  status: Generated<AppointmentStatus>;
  walk_in: Generated<boolean>;
  checked_in_at: Date | null;
  reminder_sent_at: Date | null;
  status_changed_at: Date | null;
  /** Set when the citizen moved it: the visit that replaced it. */
  moved_to_id: Generated<string | null>;
  created_at: ColumnType<Date, never, never>;
}

export interface AppointmentHoldTable {
  counter_id: string;
  starts_at: Date;
  appointment_id: string;
}

/** A booking waiting for its SMS code (the code itself: `one_time_code`, subject `id_hash`). */
export interface VisitPhoneVerificationTable {
  id_hash: string;
  service_id: string;
  location_id: string;
  starts_at: Date;
  phone: string;
  name: string;
  language: Language;
  /** A signed-in citizen confirming another number: the visit is theirs once booked. */
  person_id: string | null;
}

export type AppointmentRow = Selectable<AppointmentTable>;
export type VisitLocationRow = Selectable<VisitLocationTable>;
