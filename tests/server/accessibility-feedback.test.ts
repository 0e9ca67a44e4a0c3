import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/test-database.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { signInAs } from '../support/sign-in.ts';
import { visitor } from '../support/visitor.ts';

describe.each(databaseKinds)('accessibility feedback on %s', (kind) => {
  let test: TestApp;

  beforeAll(async () => {
    test = await createTestApp(kind, {
      ACCESSIBILITY_CONTACT_EMAIL: 'referent.accessibilite@mairie.example.fr',
      NOTIFICATION_WORKER: 'false',
    });
  });
  afterAll(() => test.close());

  const feedbackRows = () => test.database.db.selectFrom('accessibility_feedback').selectAll().orderBy('created_at').execute();
  const mailsToContact = () =>
    test.database.db
      .selectFrom('notification')
      .select(['channel', 'template', 'params'])
      .where('recipient', '=', 'referent.accessibilite@mairie.example.fr')
      .execute();

  it('stores feedback sent by the app once, however often it is retried, and e-mails the accessibility contact', async () => {
    const someone = await visitor(test.app, { language: 'en' });
    const feedback = { message: 'The date boxes are not read by my screen reader', page: '/procedures', contact: 'a.reader@example.org' };
    const first = await someone.postJson('/api/accessibility-feedback', feedback, { idempotencyKey: 'feedback-0000000001' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ received: true });
    const retried = await someone.postJson('/api/accessibility-feedback', feedback, { idempotencyKey: 'feedback-0000000001' });
    expect(retried.statusCode).toBe(201);
    const rows = await feedbackRows();
    expect(rows.filter((row) => row.message === feedback.message)).toMatchObject([
      { page: '/procedures', contact: 'a.reader@example.org', language: 'en', person_id: null },
    ]);
    const mails = (await mailsToContact()).filter((mail) => JSON.stringify(mail.params).includes('screen reader'));
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ channel: 'email', template: 'accessibility_feedback' });
  });

  it('refuses an empty message with a translated key, and a post without the CSRF token', async () => {
    const someone = await visitor(test.app);
    const empty = await someone.postJson('/api/accessibility-feedback', { message: '  ' }, { idempotencyKey: 'feedback-0000000002' });
    expect(empty.statusCode).toBe(422);
    expect(empty.json()).toEqual({ error: 'validation', fields: { message: 'accessibility:feedback.errors.message_required' } });
    const forged = await test.app.inject({
      method: 'POST',
      url: '/api/accessibility-feedback',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'feedback-0000000003' },
      payload: JSON.stringify({ message: 'Hello' }),
    });
    expect(forged.statusCode).toBe(403);
  });

  it('works without JavaScript: errors on the statement page with what was typed kept, then a thank-you', async () => {
    const someone = await visitor(test.app);
    const refused = await someone.postForm('/accessibility/feedback', { message: '', page: 'Prendre rendez-vous' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Décrivez le problème');
    expect(refused.body).toMatch(/class="error-summary"/);
    expect(refused.body).toContain('value="Prendre rendez-vous"');
    const sent = await someone.postForm('/accessibility/feedback', { message: 'Le contraste des boutons est trop faible', page: '' });
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain('Merci, votre message est bien envoyé');
    expect(sent.body).toContain('<h1');
    expect((await feedbackRows()).some((row) => row.message === 'Le contraste des boutons est trop faible' && row.page === null)).toBe(
      true,
    );
  });

  it('links the feedback to the citizen who sent it signed in', async () => {
    const citizen = await visitor(test.app);
    await signInAs(citizen, 'jean-martin');
    await citizen.postJson('/api/accessibility-feedback', { message: 'Signed in feedback' }, { idempotencyKey: 'feedback-0000000004' });
    const row = (await feedbackRows()).find((candidate) => candidate.message === 'Signed in feedback');
    expect(row?.person_id).toEqual(expect.any(String));
  });
});
