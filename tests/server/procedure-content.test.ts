import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DossierView, PrefillView } from '../../src/shared/dossier.ts';
import { procedures } from '../../src/shared/procedures/catalogue.ts';
import { phoneOnlyAnswers } from '../support/phone-only-walk.ts';
import { databaseKinds } from '../support/test-database.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { signInAs } from '../support/sign-in.ts';
import { tusUpload } from '../support/tus-upload.ts';
import { visitor, type Visitor } from '../support/visitor.ts';

function pdf(size: number): Buffer {
  const head = Buffer.from('%PDF-1.7\n');
  const tail = Buffer.from('\n%%EOF\n');
  return Buffer.concat([head, randomBytes(size - head.length - tail.length), tail]);
}

describe.each(databaseKinds)('procedure content for every citizen on %s', (kind) => {
  let test: TestApp & { url: string };
  let dataDir: string;
  let odette: Visitor;
  let amadou: Visitor;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'guichet-content-'));
    test = await startTestServer(kind, { DATA_DIR: dataDir });
    [odette, amadou] = (await Promise.all([1, 2].map(() => visitor(test.app)))) as [Visitor, Visitor];
    await signInAs(odette, 'odette-leroy');
    await signInAs(amadou, 'amadou-diallo');
  });
  afterAll(async () => {
    await test.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('the phone-only citizen submits every procedure through the API, with no e-mail address', async () => {
    const uploaded = await tusUpload(test.url, odette, pdf(20_000), {
      name: 'Facture',
      kind: 'proof_of_address',
      filetype: 'application/pdf',
    });
    if (!uploaded.ok || !uploaded.documentId) throw new Error(`upload refused: ${uploaded.ok ? 'no id' : uploaded.body}`);
    for (const procedure of procedures) {
      const answers = await phoneOnlyAnswers(procedure, uploaded.documentId);
      expect(answers, procedure.id).toBeDefined();
      const response = await odette.postJson(
        '/api/dossiers',
        { procedure: procedure.id, answers },
        { idempotencyKey: `key-${Date.now()}-odette-${procedure.id}` },
      );
      expect(response.statusCode, `${procedure.id}: ${response.body}`).toBe(201);
    }
    const dossiers = await test.database.db.selectFrom('dossier').select(['procedure', 'answers']).execute();
    expect(new Set(dossiers.map((dossier) => dossier.procedure))).toEqual(new Set(procedures.map((procedure) => procedure.id)));
    for (const dossier of dossiers) expect(JSON.stringify(dossier.answers)).not.toContain('@');
  });

  it('pre-fills a birthplace as the commune’s name and a date the registry knows, never a code', async () => {
    const prefill = (await odette.get('/api/procedures/civil-status-certificate/prefill')).json<PrefillView>();
    expect(prefill.values).toMatchObject({ born_abroad: 'no', birthplace: 'Lille', 'birthdate.year': '1938', 'birthdate.day': '20' });
    expect(JSON.stringify(prefill.values)).not.toMatch(/59350|99100/);
  });

  it('gives a citizen born abroad the country’s name in the page language and asks for the city, not a French commune', async () => {
    const french = (await amadou.get('/api/procedures/civil-status-certificate/prefill')).json<PrefillView>();
    expect(french.values).toMatchObject({ born_abroad: 'yes', birth_country: 'Sénégal' });
    expect(french.values.birthplace).toBeUndefined();
    expect(french.values.birth_city).toBeUndefined();
    expect(french.origins.birth_country?.frozen).toBe(true);
    const arabic = (
      await amadou.request({ method: 'GET', url: '/api/procedures/civil-status-certificate/prefill', headers: { 'accept-language': 'ar' } })
    ).json<PrefillView>();
    expect(arabic.values.birth_country).toBe('السنغال');

    const response = await amadou.postJson(
      '/api/dossiers',
      {
        procedure: 'civil-status-certificate',
        // A code typed over the frozen answers is replaced by what sign-in says, as names.
        answers: {
          ...french.values,
          birth_country: '99341',
          birth_city: 'Dakar',
          kind: 'full_copy',
          copies: '1',
          delivery: 'post',
          'postal_address.line1': '1 place de la Gare',
          'postal_address.postcode': '87000',
          'postal_address.city': 'Limoges',
          phone: '06 12 34 56 78',
        },
      },
      { idempotencyKey: `key-${Date.now()}-amadou` },
    );
    expect(response.statusCode, response.body).toBe(201);
    const { reference } = response.json<{ reference: string }>();
    const view = (await amadou.get(`/api/dossiers/${reference}`)).json<DossierView>();
    expect(view.answers).toMatchObject({ born_abroad: 'yes', birth_country: 'Sénégal', birth_city: 'Dakar' });
    expect(view.answers.birthplace).toBeUndefined();
  });

  it('shows the account’s identity with names, not INSEE codes', async () => {
    const page = await odette.get('/account');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Lille');
    expect(page.body).toContain('20 janvier 1938');
    expect(page.body).not.toMatch(/code INSEE|59350|99100/);
    const abroad = await amadou.get('/account');
    expect(abroad.body).toContain('Sénégal');
    expect(abroad.body).not.toContain('99341');
  });
});
