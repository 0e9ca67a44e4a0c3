import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CounterAgendaView } from '../../src/shared/counter-agenda.ts';
import type { VisitBooked, VisitVerificationCreated } from '../../src/shared/visit.ts';
import { auditTrail } from '../../src/server/audit/audit.repository.ts';
import { seedDemoData } from '../../src/server/seed/demo-seed.ts';
import { memoryVisitNotifier } from '../support/memory-visit-notifier.ts';
import type { VisitSms } from '../../src/server/visit/visit-notifier.ts';
import { signInAs } from '../support/sign-in.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { databaseKinds } from '../support/test-database.ts';
import { visitor, type Visitor } from '../support/visitor.ts';

// Monday 30 November 2026, 07:00 in Paris.
const monday = new Date('2026-11-30T06:00:00Z');
const at = (paris: string) => new Date(`${paris}+01:00`).toISOString();

describe.each(databaseKinds)('the counter agenda on %s', (kind) => {
  let test: TestApp;
  let agent: Visitor;
  const notifier = memoryVisitNotifier();
  const booked: Record<string, string> = {};

  async function book(location: string, start: string, phone: string): Promise<string> {
    const citizen = await visitor(test.app);
    const started = await citizen.postJson(
      '/api/visit/verifications',
      { service: 'civil_status', location, start, phone, name: `Citizen ${phone.slice(-2)}` },
      { idempotencyKey: `agenda-${phone.slice(1)}-0001` },
    );
    const { verification } = started.json<VisitVerificationCreated>();
    const code = notifier.sent.findLast((sms): sms is Extract<VisitSms, { template: 'visit_code' }> => sms.template === 'visit_code')
      ?.params.code;
    const done = await citizen.postJson(
      `/api/visit/verifications/${verification}/booking`,
      { code },
      { idempotencyKey: `agenda-${phone.slice(1)}-0002` },
    );
    const row = await test.database.db
      .selectFrom('appointment')
      .select('id')
      .where('reference', '=', done.json<VisitBooked>().reference)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  beforeAll(async () => {
    test = await createTestApp(kind, {}, { clock: () => monday, visitNotifier: notifier });
    await seedDemoData(test.database.db);
    booked.first = await book('limoges-hotel-de-ville', at('2026-11-30T09:00:00'), '+33600000001');
    booked.second = await book('limoges-hotel-de-ville', at('2026-11-30T09:00:00'), '+33600000002');
    booked.tomorrow = await book('limoges-hotel-de-ville', at('2026-12-01T09:00:00'), '+33600000003');
    booked.elsewhere = await book('bellac', at('2026-11-30T09:00:00'), '+33600000004');
    agent = await visitor(test.app);
    await signInAs(agent, 'karim-haddad', { basePath: '/agent/auth' });
  });
  afterAll(() => test.close());

  const agenda = async () => (await agent.get('/api/agent/counter/agenda')).json<CounterAgendaView>();
  const status = (id: string | undefined) =>
    test.database.db
      .selectFrom('appointment')
      .select(['status', 'checked_in_at', 'walk_in'])
      .where('id', '=', id ?? '')
      .executeTakeFirstOrThrow();
  const audited = async (id: string | undefined) => {
    const { reference } = await test.database.db
      .selectFrom('appointment')
      .select('reference')
      .where('id', '=', id ?? '')
      .executeTakeFirstOrThrow();
    const trail = await auditTrail(test.database.db, { type: 'appointment', id: reference });
    return trail.map((line) => ({ action: line.action, actor: `${line.actor_kind}:${line.actor_id}` }));
  };
  const agentActor = async () => {
    const row = await test.database.db.selectFrom('agent').select('id').where('role', '=', 'counter_agent').executeTakeFirstOrThrow();
    return `agent:${row.id}`;
  };

  it('shows today at the agent’s own location, counter by counter', async () => {
    const today = await agenda();
    expect(today.location).toEqual({ id: 'limoges-hotel-de-ville', name: 'Mairie de Limoges' });
    expect(today.day).toBe('2026-11-30');
    expect(today.counters.map((counter) => counter.label)).toEqual(['Guichet 1', 'Guichet 2', 'Guichet 3']);
    expect(today.counters.map((counter) => counter.appointments.map((entry) => entry.id))).toEqual([[booked.first], [booked.second], []]);
    expect(today.counters[0]?.appointments[0]).toMatchObject({
      time: '09:00',
      serviceId: 'civil_status',
      status: 'booked',
      checkedIn: false,
    });
    const page = await agent.get('/agent/counter');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Agenda du guichet');
  });

  it('records an arrival, then the visit seen; a no-show frees the counter', async () => {
    const checkIn = await agent.postForm(`/agent/counter/appointments/${booked.first}`, { action: 'check_in' });
    expect(checkIn.statusCode).toBe(303);
    expect(checkIn.headers.location).toBe(`/agent/counter?done=checked_in#appointment-${booked.first}`);
    expect((await status(booked.first)).checked_in_at).toEqual(monday);
    await agent.postForm(`/agent/counter/appointments/${booked.first}`, { action: 'seen' });
    expect((await status(booked.first)).status).toBe('seen');
    const again = await agent.postForm(`/agent/counter/appointments/${booked.first}`, { action: 'no_show' });
    expect(again.statusCode).toBe(409);

    await agent.postForm(`/agent/counter/appointments/${booked.second}`, { action: 'no_show' });
    expect((await status(booked.second)).status).toBe('no_show');
    const actor = await agentActor();
    expect(await audited(booked.first)).toEqual([
      { action: 'appointment.check_in', actor },
      { action: 'appointment.seen', actor },
    ]);
    expect(await audited(booked.second)).toEqual([{ action: 'appointment.no_show', actor }]);
    const holds = await test.database.db
      .selectFrom('appointment_hold')
      .select('starts_at')
      .where('appointment_id', '=', booked.second ?? '')
      .execute();
    expect(holds).toEqual([]);

    // The visit seen is rated on a one-question survey sent by SMS; the no-show is not.
    const surveys = await test.database.db
      .selectFrom('satisfaction_survey')
      .select(['channel', 'subject_id'])
      .where('subject_type', '=', 'appointment')
      .execute();
    expect(surveys).toEqual([{ channel: 'counter', subject_id: booked.first }]);
    const invitations = await test.database.db
      .selectFrom('notification')
      .select('template')
      .where('template', '=', 'satisfaction_survey')
      .execute();
    expect(invitations).toHaveLength(1);
  });

  it('cancels a visit as the service: the counter is free again and the citizen is told by SMS', async () => {
    const cancelled = await agent.postForm(`/agent/counter/appointments/${booked.tomorrow}`, { action: 'cancel_by_service' });
    expect(cancelled.statusCode).toBe(303);
    expect(cancelled.headers.location).toBe(`/agent/counter?done=cancel_by_service#appointment-${booked.tomorrow}`);
    expect((await status(booked.tomorrow)).status).toBe('cancelled_by_service');
    expect(notifier.sent.filter((sms) => sms.template === 'visit_cancelled_by_service').map((sms) => sms.phone)).toEqual(['+33600000003']);
    expect(await audited(booked.tomorrow)).toEqual([{ action: 'appointment.cancel_by_service', actor: await agentActor() }]);
    const holds = await test.database.db
      .selectFrom('appointment_hold')
      .select('starts_at')
      .where('appointment_id', '=', booked.tomorrow ?? '')
      .execute();
    expect(holds).toEqual([]);
    expect((await agent.postForm(`/agent/counter/appointments/${booked.tomorrow}`, { action: 'cancel_by_service' })).statusCode).toBe(409);
  });

  it('never touches a visit at another location, and refuses other roles and strangers', async () => {
    expect((await agent.postForm(`/agent/counter/appointments/${booked.elsewhere}`, { action: 'seen' })).statusCode).toBe(404);
    expect((await status(booked.elsewhere)).status).toBe('booked');
    expect(await audited(booked.elsewhere)).toEqual([]);

    const phoneAgent = await visitor(test.app);
    await signInAs(phoneAgent, 'sophie-moreau', { basePath: '/agent/auth' });
    expect((await phoneAgent.get('/api/agent/counter/agenda')).statusCode).toBe(403);
    expect((await phoneAgent.postForm(`/agent/counter/appointments/${booked.tomorrow}`, { action: 'seen' })).statusCode).toBe(403);

    const citizen = await visitor(test.app);
    await signInAs(citizen, 'marie-dupont');
    expect((await citizen.get('/api/agent/counter/agenda')).statusCode).toBe(401);
    const stranger = await visitor(test.app);
    expect((await stranger.get('/agent/counter')).headers.location).toBe('/agent/auth/login?return=%2Fagent%2Fcounter');
    expect((await stranger.postForm(`/agent/counter/appointments/${booked.tomorrow}`, { action: 'seen' })).statusCode).toBe(401);
  });

  it('registers a walk-in on the first free time today, already arrived', async () => {
    const invalid = await agent.postForm('/agent/counter', { service: '', name: '', phone: '12' });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.body).toContain('Choisissez la démarche');

    const response = await agent.postForm('/agent/counter', { service: 'civil_status', name: 'Nadia Walk', phone: '' });
    expect(response.statusCode).toBe(303);
    const walkIn = (await agenda()).counters.flatMap((counter) => counter.appointments).find((entry) => entry.name === 'Nadia Walk');
    expect(walkIn).toMatchObject({ time: '08:30', walkIn: true, checkedIn: true, status: 'booked' });
    expect(await audited(walkIn?.id)).toEqual([{ action: 'appointment.walk_in', actor: await agentActor() }]);
    // Reading the agenda (names of the day's visitors) is recorded too.
    const views = await test.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'counter_agenda.viewed')
      .where('subject_id', '=', 'limoges-hotel-de-ville')
      .execute();
    expect(views.length).toBeGreaterThan(0);
  });
});
