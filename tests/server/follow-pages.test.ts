import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { canteenAnswers } from '../../src/shared/procedures/school-canteen.example.ts';
import { databaseKinds } from '../support/test-database.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { locationOf, signInAs } from '../support/sign-in.ts';
import { visitor, type Visitor } from '../support/visitor.ts';

const maxBytes = 256 * 1024;

function pdf(size: number): Buffer {
  const head = Buffer.from('%PDF-1.7\n');
  const tail = Buffer.from('\n%%EOF\n');
  return Buffer.concat([head, randomBytes(size - head.length - tail.length), tail]);
}

function jpeg(size: number): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]), randomBytes(size - 11)]);
}

/** What a browser sends for a form with `enctype="multipart/form-data"`: the fields in order, then the file. */
function multipart(fields: Record<string, string>, file?: { name: string; type: string; content: Buffer }) {
  const boundary = `----guichet${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  const chosen = file ?? { name: '', type: 'application/octet-stream', content: Buffer.alloc(0) };
  chunks.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${chosen.name}"\r\nContent-Type: ${chosen.type}\r\n\r\n`,
    ),
    chosen.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** The HTML with its entities decoded, to look for what a citizen reads. */
const text = (response: LightMyRequestResponse) =>
  response.body.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');

describe.each(databaseKinds)('My requests and My documents without JavaScript on %s', (kind) => {
  let test: TestApp & { url: string };
  let dataDir: string;
  let marie: Visitor;
  let jean: Visitor;
  let agent: Visitor;
  let anonymous: Visitor;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'guichet-follow-'));
    test = await startTestServer(kind, { DATA_DIR: dataDir, DOCUMENT_MAX_BYTES: String(maxBytes) });
    [marie, jean, agent, anonymous] = (await Promise.all([1, 2, 3, 4].map(() => visitor(test.app)))) as [
      Visitor,
      Visitor,
      Visitor,
      Visitor,
    ];
    await signInAs(marie, 'marie-dupont');
    await signInAs(jean, 'jean-martin');
    await signInAs(agent, 'nadia-benali', { basePath: '/agent/auth' });
  });
  afterAll(async () => {
    await test.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const db = () => test.database.db;

  describe('a dossier and the answer to an agent', () => {
    let reference = '';
    const events = async () =>
      db()
        .selectFrom('dossier_event')
        .innerJoin('dossier', 'dossier.id', 'dossier_event.dossier_id')
        .select(['dossier_event.action', 'dossier_event.message'])
        .where('dossier.reference', '=', reference)
        .where('dossier_event.action', '=', 'provide_information')
        .execute();

    beforeAll(async () => {
      const submitted = await marie.postJson(
        '/api/dossiers',
        { procedure: 'school-canteen', answers: canteenAnswers },
        { idempotencyKey: randomUUID() },
      );
      reference = submitted.json<{ reference: string }>().reference;
      for (const action of ['start_review', 'request_information']) {
        const acted = await agent.postJson(
          `/api/agent/dossiers/${reference}/actions`,
          { action, message: 'Merci d’ajouter le certificat médical.' },
          {},
        );
        expect(acted.statusCode).toBe(200);
      }
    });

    it('renders My requests with the citizen’s dossiers, not "Loading…"', async () => {
      const page = await marie.get('/requests');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`href="/requests/${reference}"`);
      expect(text(page)).toContain('Il nous manque une information');
      expect(text(page)).not.toContain('Chargement');
      expect(page.headers['cache-control']).toBe('no-store');
      // Another citizen's list does not show it.
      expect((await jean.get('/requests')).body).not.toContain(reference);
    });

    it('sends a signed-out visitor to sign in, then back', async () => {
      const page = await anonymous.get(`/requests/${reference}`);
      expect(page.statusCode).toBe(303);
      expect(page.headers.location).toBe(`/auth/login?return=${encodeURIComponent(`/requests/${reference}`)}`);
    });

    it('renders the dossier with the agent’s message and a form that posts', async () => {
      const page = await marie.get(`/requests/${reference}`);
      expect(page.statusCode).toBe(200);
      expect(text(page)).toContain('Merci d’ajouter le certificat médical.');
      expect(page.body).toMatch(new RegExp(`<form[^>]*method="post"[^>]*action="/requests/${reference}/information"`));
      expect(page.body).toContain('name="_csrf"');
      expect(page.body).toContain('name="_idempotency_key"');
    });

    it('answers 404 to another citizen, reading or answering', async () => {
      expect((await jean.get(`/requests/${reference}`)).statusCode).toBe(404);
      const answer = await jean.postForm(`/requests/${reference}/information`, { message: 'Je réponds à sa place' });
      expect(answer.statusCode).toBe(404);
      expect(await events()).toEqual([]);
    });

    it('sends the form back with the translated error and what was typed', async () => {
      const empty = await marie.postForm(`/requests/${reference}/information`, { message: '   ' });
      expect(empty.statusCode).toBe(422);
      expect(text(empty)).toContain('Répondez à cette question');
      const long = `Voici le certificat. ${'x'.repeat(2000)}`;
      const tooLong = await marie.postForm(`/requests/${reference}/information`, { message: long });
      expect(tooLong.statusCode).toBe(422);
      expect(text(tooLong)).toContain('Votre réponse est trop longue');
      expect(tooLong.body).toContain(long);
      expect(await events()).toEqual([]);
    });

    it('refuses a post without the CSRF token', async () => {
      const forged = await marie.request({
        method: 'POST',
        url: `/requests/${reference}/information`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:8080', host: 'localhost:8080' },
        payload: new URLSearchParams({ message: 'Forgé' }).toString(),
      });
      expect(forged.statusCode).toBe(403);
      expect(await events()).toEqual([]);
    });

    it('records the answer once, then redirects to the dossier saying so (post/redirect/get)', async () => {
      const key = randomUUID();
      const sent = await marie.postForm(`/requests/${reference}/information`, {
        message: 'Le certificat est envoyé.',
        _idempotency_key: key,
      });
      expect(sent.statusCode).toBe(303);
      expect(sent.headers.location).toBe(`/requests/${reference}?notice=information_sent`);
      // The same form sent again (a double press): the same answer, nothing twice.
      const again = await marie.postForm(`/requests/${reference}/information`, {
        message: 'Le certificat est envoyé.',
        _idempotency_key: key,
      });
      expect(again.statusCode).toBe(303);
      expect(again.headers.location).toBe(`/requests/${reference}?notice=information_sent`);
      expect(await events()).toEqual([{ action: 'provide_information', message: 'Le certificat est envoyé.' }]);
      const page = await marie.get(locationOf(sent));
      expect(text(page)).toContain('Votre réponse est envoyée');
      expect(page.body).not.toContain('action="/requests/');
      // Another press with a new key, now that nothing is asked: said plainly, not an error page.
      const late = await marie.postForm(`/requests/${reference}/information`, { message: 'Encore moi', _idempotency_key: randomUUID() });
      expect(late.statusCode).toBe(303);
      expect(late.headers.location).toBe(`/requests/${reference}?notice=information_not_needed`);
      expect(await events()).toHaveLength(1);
    });
  });

  describe('My documents', () => {
    const counts = async () => ({
      documents: (await db().selectFrom('document').select('id').execute()).length,
      uploads: (await db().selectFrom('document_upload').select('id').where('document_id', 'is', null).execute()).length,
      staged: (await filesUnder(path.join(dataDir, 'document-uploads'))).length,
    });
    const post = (who: Visitor, fields: Record<string, string>, file?: { name: string; type: string; content: Buffer }) => {
      const body = multipart({ _csrf: who.csrfToken, _idempotency_key: randomUUID(), ...fields }, file);
      return who.request({
        method: 'POST',
        url: '/documents?add',
        headers: { 'content-type': body.contentType, origin: 'http://localhost:8080', host: 'localhost:8080' },
        payload: body.payload,
      });
    };
    const described = {
      name: 'Facture EDF',
      kind: 'proof_of_address',
      'expires_on.day': '1',
      'expires_on.month': '5',
      'expires_on.year': '2031',
    };
    let documentId = '';
    let content: Buffer;

    it('renders the form to add one as a multipart post', async () => {
      const page = await marie.get('/documents?add');
      expect(page.statusCode).toBe(200);
      expect(page.body).toMatch(/<form[^>]*method="post"[^>]*action="\/documents\?add"[^>]*enctype="multipart\/form-data"/);
      expect(page.body).toContain('type="file"');
    });

    it('stores a file posted by a form encrypted, checked by its content, then shows it (post/redirect/get)', async () => {
      content = pdf(100_000);
      const sent = await post(marie, described, { name: 'facture.pdf', type: 'application/pdf', content });
      expect(sent.statusCode).toBe(303);
      const location = locationOf(sent);
      expect(location).toMatch(/^\/documents\?added=[0-9a-f-]{36}$/);
      documentId = location.split('=')[1] ?? '';
      const row = await db().selectFrom('document').selectAll().where('id', '=', documentId).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ name: 'Facture EDF', kind: 'proof_of_address', media_type: 'application/pdf', size: content.length });
      expect(row.expires_on).toBe('2031-05-01');
      // Never in plaintext on disk, staged or stored.
      const probes = [0, 1000, 50_000, 90_000].map((offset) => content.subarray(offset, offset + 32));
      for (const file of (await filesUnder(dataDir)).filter((name) => !name.includes('pglite'))) {
        const bytes = await readFile(file);
        for (const probe of probes) expect(bytes.includes(probe)).toBe(false);
      }
      expect(await counts()).toMatchObject({ documents: 1, uploads: 0, staged: 0 });
      const download = await marie.get(`/api/documents/${documentId}/content`);
      expect(Buffer.compare(download.rawPayload, content)).toBe(0);
      const list = await marie.get(location);
      expect(list.statusCode).toBe(200);
      expect(text(list)).toContain('Facture EDF');
    });

    it('stores the file once when the same form is sent twice', async () => {
      const before = await counts();
      const body = multipart(
        { _csrf: marie.csrfToken, _idempotency_key: randomUUID(), ...described, name: 'Quittance' },
        {
          name: 'quittance.jpg',
          type: 'image/jpeg',
          content: jpeg(20_000),
        },
      );
      const send = () =>
        marie.request({
          method: 'POST',
          url: '/documents?add',
          headers: { 'content-type': body.contentType, origin: 'http://localhost:8080', host: 'localhost:8080' },
          payload: body.payload,
        });
      const first = await send();
      const second = await send();
      expect(first.statusCode).toBe(303);
      expect(second.headers.location).toBe(first.headers.location);
      expect((await counts()).documents).toBe(before.documents + 1);
    });

    it.each([
      [
        'a text file declared as a PDF',
        { name: 'notes.pdf', type: 'application/pdf', content: Buffer.from('Pas un PDF.\n'.repeat(40)) },
        415,
        'Ce type de fichier n’est pas accepté',
      ],
      [
        'a PDF declared as a photo',
        { name: 'photo.jpg', type: 'image/jpeg', content: pdf(5000) },
        415,
        'Le contenu du fichier ne correspond pas à son type',
      ],
      [
        'a JPEG that is also a PDF (polyglot)',
        { name: 'photo.jpg', type: 'image/jpeg', content: Buffer.concat([jpeg(200), Buffer.from('%PDF-1.4\n'), randomBytes(5000)]) },
        415,
        'Ce type de fichier n’est pas accepté',
      ],
      [
        'a file larger than the limit',
        { name: 'gros.pdf', type: 'application/pdf', content: pdf(maxBytes + 50_000) },
        413,
        'Le fichier est trop lourd',
      ],
      [
        'a file twice the limit (refused unread, by its length)',
        { name: 'enorme.pdf', type: 'application/pdf', content: pdf(maxBytes * 2) },
        413,
        'Le fichier est trop lourd',
      ],
      ['no file at all', undefined, 422, 'Choisissez un fichier'],
    ])('refuses %s with a translated error, keeping what was typed and nothing else', async (_case, file, status, message) => {
      const before = await counts();
      const refused = await post(marie, { ...described, name: 'Mon justificatif' }, file);
      expect(refused.statusCode).toBe(status);
      expect(text(refused)).toContain(message);
      expect(refused.body).toContain('value="Mon justificatif"');
      expect(refused.body).toMatch(/value="proof_of_address"[^>]*checked|checked[^>]*value="proof_of_address"/);
      expect(refused.body).toContain('value="2031"');
      expect(await counts()).toEqual(before);
    });

    it('refuses the fields the shared schema refuses, keeping what was typed', async () => {
      const before = await counts();
      const refused = await post(
        marie,
        { ...described, name: '', 'expires_on.day': '31', 'expires_on.month': '2' },
        {
          name: 'facture.pdf',
          type: 'application/pdf',
          content: pdf(5000),
        },
      );
      expect(refused.statusCode).toBe(422);
      expect(text(refused)).toContain('Donnez un nom au document');
      expect(text(refused)).toContain('La date de fin de validité doit être une vraie date');
      expect(refused.body).toContain('value="31"');
      expect(await counts()).toEqual(before);
    });

    it('refuses a post without the CSRF token before storing a byte', async () => {
      const before = await counts();
      const body = multipart({ ...described }, { name: 'facture.pdf', type: 'application/pdf', content: pdf(50_000) });
      const forged = await marie.request({
        method: 'POST',
        url: '/documents?add',
        headers: { 'content-type': body.contentType, origin: 'http://localhost:8080', host: 'localhost:8080' },
        payload: body.payload,
      });
      expect(forged.statusCode).toBe(403);
      expect(await counts()).toEqual(before);
    });

    it('shows one document, and answers 404 to another citizen, reading or deleting it', async () => {
      const own = await marie.get(`/documents?document=${documentId}`);
      expect(own.statusCode).toBe(200);
      expect(text(own)).toContain('Facture EDF');
      expect((await jean.get(`/documents?document=${documentId}`)).statusCode).toBe(404);
      expect((await jean.get('/documents')).body).not.toContain('Facture EDF');
      expect((await jean.postForm(`/documents/${documentId}/delete`, {})).statusCode).toBe(404);
      expect(await db().selectFrom('document').select('id').where('id', '=', documentId).executeTakeFirst()).toBeDefined();
    });

    it('asks before deleting, then deletes (post/redirect/get)', async () => {
      const question = await marie.get(`/documents?document=${documentId}&delete`);
      expect(question.statusCode).toBe(200);
      expect(text(question)).toContain('Supprimer « Facture EDF » ?');
      expect(question.body).toMatch(new RegExp(`<form[^>]*method="post"[^>]*action="/documents/${documentId}/delete"`));
      const deleted = await marie.postForm(`/documents/${documentId}/delete`, {});
      expect(deleted.statusCode).toBe(303);
      expect(deleted.headers.location).toBe('/documents?deleted=1');
      expect(await db().selectFrom('document').select('id').where('id', '=', documentId).executeTakeFirst()).toBeUndefined();
      expect(text(await marie.get('/documents?deleted=1'))).toContain('Le document a été supprimé.');
    });

    it('added from a procedure\'s document question, goes back to that question, which offers it; nowhere else', async () => {
      const step = '/procedures/resident-parking-permit/steps/proof';
      const form = await marie.get(`/documents?add&kind=proof_of_address&return=${encodeURIComponent(step)}`);
      expect(form.body).toContain(`name="return" value="${step}"`);
      expect(form.body).toMatch(/value="proof_of_address"[^>]*checked/);
      const sent = await post(marie, { ...described, name: 'Quittance', return: step }, { name: 'q.pdf', type: 'application/pdf', content: pdf(20_000) });
      expect(sent.statusCode).toBe(303);
      expect(sent.headers.location).toBe(step);
      const question = await marie.get(step);
      expect(question.body).toMatch(/<input[^>]*type="radio"[^>]*>\s*<label[^>]*>Quittance</);
      // Any other address is not a way back: the locker shows the new document instead.
      const elsewhere = await post(marie, { ...described, name: 'Autre', return: 'https://example.org/' }, { name: 'a.pdf', type: 'application/pdf', content: pdf(20_000) });
      expect(elsewhere.headers.location).toMatch(/^\/documents\?added=/);
    });
  });
});
