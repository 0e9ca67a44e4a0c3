import { sql } from 'kysely';
import type { Db } from '../../src/server/db/database.ts';

/**
 * Grows a migrated database (with the demo data, for its agents and counter places) from `from`
 * to `to` rows of the large tables, in SQL (`generate_series`), so a million rows take minutes:
 * `to` call backs and dossiers (two events each), `to / 10` people, documents and counter visits.
 * What a town's years of use look like: nearly everything is over (done, closed), one in a hundred
 * is waiting, a third of the call backs belong to a signed-in citizen. Run as the tables' owner
 * (it vacuums and analyses them). Used by `npm run bench:scale` and `tests/server/query-plans.test.ts`.
 */
export async function growScaleData(db: Db, from: number, to: number): Promise<void> {
  const people = Math.max(1, Math.floor(to / 10));
  const person = (index: ReturnType<typeof sql>) => sql`md5('scale-person-' || ${index})::uuid`;
  await sql`insert into person (id, language, created_at)
    select ${person(sql`p`)}, 'fr', now() - make_interval(days => p % 730)
    from generate_series(${Math.floor(from / 10) + 1}::int, ${people}::int) as p`.execute(db);
  const agent = sql`(select id from agent order by id limit 1)`;
  // The person a row `i` belongs to, among the people there are at its size.
  const owner = sql`${person(sql`(1 + i % ${people})`)}`;
  await sql`insert into callback_request (reference, phone, topic, time_window, language, status, person_id,
      next_attempt_at, claimed_by, attempts, created_at)
    select 'SCL-C-' || i, '+336' || lpad((i % 100000000)::text, 8, '0'), 'school',
      (array['morning', 'afternoon', 'any'])[1 + i % 3], 'fr',
      case i % 100 when 0 then 'requested' when 1 then 'scheduled' when 2 then 'in_progress' when 3 then 'cancelled' else 'done' end,
      case when i % 3 = 0 then ${owner} end,
      case when i % 100 = 1 then now() + make_interval(hours => (i % 48) - 24) end,
      case when i % 100 = 2 then ${agent} end,
      (i % 3), now() - make_interval(mins => i % (730 * 24 * 60))
    from generate_series(${from + 1}::int, ${to}::int) as i`.execute(db);
  await sql`with created as (
      insert into dossier (reference, procedure, service, person_id, status, answers, language, submission_key, created_at, updated_at)
      select 'SCL-D-' || i, 'school-canteen', (array['civil_status', 'education', 'mobility'])[1 + i % 3], ${owner}::text,
        case i % 100 when 0 then 'submitted' when 1 then 'in_review' when 2 then 'needs_information' when 3 then 'draft'
          when 4 then 'rejected' else 'closed' end,
        '{}', 'fr', 'scale-' || i, now() - make_interval(mins => i % (730 * 24 * 60)), now() - make_interval(mins => i % (365 * 24 * 60))
      from generate_series(${from + 1}::int, ${to}::int) as i
      returning id, status, created_at
    )
    insert into dossier_event (dossier_id, at, actor_kind, channel, kind, action, from_status, to_status)
    select created.id, created.created_at + make_interval(days => step), case step when 0 then 'citizen' else 'agent' end, 'web',
      'status_changed', case step when 0 then 'submit' else 'decide' end, case step when 0 then 'draft' else 'submitted' end,
      case step when 0 then 'submitted' else created.status end
    from created, generate_series(0, 1) as step`.execute(db);
  const tenth = (value: number) => Math.floor(value / 10);
  await sql`insert into document (id, person_id, name, kind, media_type, size, sha256, status, storage_key, wrapped_key, key_id, in_locker, created_at)
    select md5('scale-document-' || i)::uuid, ${person(sql`(1 + i % ${people})`)}::text, 'Avis ' || i, 'income', 'application/pdf', 1000,
      md5(i::text), 'clean', 'scale/' || i, 'wrapped', 'scale', true, now() - make_interval(days => i % 730)
    from generate_series(${tenth(from) + 1}::int, ${tenth(to)}::int) as i`.execute(db);
  // Counter visits: one place's counters, every quarter hour of the working day, over the years.
  await sql`insert into appointment (reference, manage_token_hash, service_id, location_id, counter_id, starts_at, ends_at, phone, name,
      language, person_id, status)
    select 'SCL-V-' || i, md5('scale-visit-' || i), location.service_id, location.id, counter.id, slot, slot + interval '15 minutes',
      '+33612345678', 'Visite ' || i, 'fr', case when i % 2 = 0 then ${owner} end,
      case when slot < now() then 'seen' else 'booked' end
    from generate_series(${tenth(from) + 1}::int, ${tenth(to)}::int) as i
    cross join lateral (select date_trunc('day', now()) + interval '9 hours' - make_interval(days => i / 32) + make_interval(mins => 15 * (i % 32)) as slot) as at
    cross join (select id, (select service_id from visit_location_service where location_id = visit_location.id order by service_id limit 1) as service_id
      from visit_location order by id limit 1) as location
    cross join lateral (select id from visit_counter where location_id = location.id order by id limit 1) as counter`.execute(db);
  // As autovacuum leaves a table that has lived: statistics, and rows known visible to every reader.
  for (const table of ['person', 'callback_request', 'dossier', 'dossier_event', 'document', 'appointment']) {
    await sql`vacuum (analyze) ${sql.table(table)}`.execute(db);
  }
}
