import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentUploadPath, type DocumentList, type DocumentViewing } from '../../src/shared/documents.ts';
import { ERRORS } from '@tus/server';
import { EncryptedUploadStore, uploadRequest } from '../../src/server/documents/encrypted-upload.store.ts';
import { sendExpiryReminders, sweepStaleUploads } from '../../src/server/documents/expiry-reminder.job.ts';
import { uploadStaging } from '../../src/server/documents/upload-staging.ts';
import { databaseKinds } from '../support/test-database.ts';
import { startTestServer, type TestApp } from '../support/test-app.ts';
import { signInAs } from '../support/sign-in.ts';
import { tusUpload } from '../support/tus-upload.ts';
import { visitor, type Visitor } from '../support/visitor.ts';

const maxBytes = 1024 * 1024;

function pdf(size: number): Buffer {
  const head = Buffer.from('%PDF-1.7\n');
  const tail = Buffer.from('\n%%EOF\n');
  return Buffer.concat([head, randomBytes(size - head.length - tail.length), tail]);
}

function jpeg(size: number): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]), randomBytes(size - 11)]);
}

/** A PNG's signature and header chunk, then noise. */
function png(size: number): Buffer {
  const header = Buffer.from('89504e470d0a1a0a0000000d494844520000000100000001080200000000000000', 'hex');
  return Buffer.concat([header, randomBytes(size - header.length)]);
}

/** The tus creation request a browser sends first: the declared length and the document's metadata, a PDF. */
function createUpload(who: Visitor, length: number, name: string, kind: string) {
  const metadata = Object.entries({ name, kind, filetype: 'application/pdf' })
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',');
  return who.request({
    method: 'POST',
    url: documentUploadPath,
    headers: {
      'x-csrf-token': who.csrfToken,
      'sec-fetch-site': 'same-origin',
      'tus-resumable': '1.0.0',
      'upload-length': String(length),
      'upload-metadata': metadata,
    },
  });
}

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

describe.each(databaseKinds)('document locker on %s', (kind) => {
  let test: TestApp & { url: string };
  let dataDir: string;
  let marie: Visitor;
  let jean: Visitor;
  let mobilityAgent: Visitor;
  let educationAgent: Visitor;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'guichet-documents-'));
    test = await startTestServer(kind, { DATA_DIR: dataDir, DOCUMENT_MAX_BYTES: String(maxBytes) });
    [marie, jean, mobilityAgent, educationAgent] = (await Promise.all([1, 2, 3, 4].map(() => visitor(test.app)))) as [
      Visitor,
      Visitor,
      Visitor,
      Visitor,
    ];
    await signInAs(marie, 'marie-dupont');
    await signInAs(jean, 'jean-martin');
    await signInAs(mobilityAgent, 'julien-roux', { basePath: '/agent/auth' });
    await signInAs(educationAgent, 'nadia-benali', { basePath: '/agent/auth' });
  });
  afterAll(async () => {
    await test.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const db = () => test.database.db;
  const upload = (who: Visitor, content: Buffer, metadata: Record<string, string> = {}) =>
    tusUpload(test.url, who, content, { name: 'Facture EDF', kind: 'proof_of_address', filetype: 'application/pdf', ...metadata });
  const counts = async () => ({
    documents: (await db().selectFrom('document').select('id').execute()).length,
    uploads: (await db().selectFrom('document_upload').select('id').where('document_id', 'is', null).execute()).length,
    staged: (await filesUnder(path.join(dataDir, 'document-uploads'))).length,
  });

  describe('upload and download', () => {
    let content: Buffer;
    let documentId: string;

    beforeAll(async () => {
      content = pdf(300_000);
      const outcome = await upload(marie, content, { expires_on: '2031-05-01' });
      if (!outcome.ok) throw new Error(`upload refused: ${outcome.status} ${outcome.body}`);
      documentId = outcome.documentId ?? '';
    });

    it('lists the document with what the citizen said and what the server found', async () => {
      const response = await marie.get('/api/documents');
      expect(response.statusCode).toBe(200);
      expect(response.headers['guichet-offline']).toBe('keep');
      const list = response.json<DocumentList>();
      expect(list.maxBytes).toBe(maxBytes);
      expect(list.documents).toEqual([
        expect.objectContaining({
          id: documentId,
          name: 'Facture EDF',
          kind: 'proof_of_address',
          mediaType: 'application/pdf',
          size: content.length,
          expiresOn: '2031-05-01',
          status: 'unscanned',
        }),
      ]);
    });

    it('gives the same bytes back as an attachment that cannot be sniffed or run', async () => {
      const response = await marie.get(`/api/documents/${documentId}/content`);
      expect(response.statusCode).toBe(200);
      expect(sha256(response.rawPayload)).toBe(sha256(content));
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="Facture EDF\.pdf"/);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    });

    it('never writes the plaintext to disk, under a name of its own', async () => {
      const files = await filesUnder(dataDir);
      const stored = files.filter((file) => file.includes(`${path.sep}documents${path.sep}`));
      expect(stored).toHaveLength(1);
      expect(path.basename(stored[0] ?? '')).toMatch(/^[0-9a-f-]{36}$/);
      const probes = [0, 1000, 100_000, 250_000].map((offset) => content.subarray(offset, offset + 32));
      for (const file of files.filter((name) => !name.includes('pglite'))) {
        const bytes = await readFile(file);
        for (const probe of probes) expect(bytes.includes(probe)).toBe(false);
      }
      expect(await counts()).toMatchObject({ uploads: 0, staged: 0 });
    });

    it('answers 404 to another citizen, whatever they try', async () => {
      for (const url of [`/api/documents/${documentId}`, `/api/documents/${documentId}/content`]) {
        expect((await jean.get(url)).statusCode).toBe(404);
      }
      const deletion = await jean.request({
        method: 'DELETE',
        url: `/api/documents/${documentId}`,
        headers: { 'x-csrf-token': jean.csrfToken, 'sec-fetch-site': 'same-origin' },
      });
      expect(deletion.statusCode).toBe(404);
      expect((await jean.get('/api/documents')).json<DocumentList>().documents).toEqual([]);
      expect((await marie.get(`/api/documents/${documentId}`)).statusCode).toBe(200);
    });

    it('keeps uploads to their owner: another citizen cannot look at or continue one', async () => {
      const created = await createUpload(marie, 5000, 'Quittance', 'proof_of_address');
      expect(created.statusCode).toBe(201);
      const location = String(created.headers.location);
      expect(location).toMatch(/^\/api\/documents\/uploads\/[0-9a-f-]{36}$/);
      const look = (who: Visitor) => who.request({ method: 'HEAD', url: location, headers: { 'tus-resumable': '1.0.0' } });
      expect((await look(jean)).statusCode).toBe(404);
      const patch = await jean.request({
        method: 'PATCH',
        url: location,
        headers: {
          'x-csrf-token': jean.csrfToken,
          'sec-fetch-site': 'same-origin',
          'tus-resumable': '1.0.0',
          'upload-offset': '0',
          'content-type': 'application/offset+octet-stream',
        },
        payload: pdf(5000),
      });
      expect(patch.statusCode).toBe(404);
      const own = await look(marie);
      expect(own.statusCode).toBe(200);
      expect(own.headers['upload-offset']).toBe('0');
      const cancelled = await marie.request({
        method: 'DELETE',
        url: location,
        headers: { 'x-csrf-token': marie.csrfToken, 'sec-fetch-site': 'same-origin', 'tus-resumable': '1.0.0' },
      });
      expect(cancelled.statusCode).toBe(204);
    });

    describe('an upload id hidden in the query (issue 12)', () => {
      const tusHeaders = (who: Visitor) => ({ 'x-csrf-token': who.csrfToken, 'sec-fetch-site': 'same-origin', 'tus-resumable': '1.0.0' });
      const idOf = (location: unknown) => String(location).split('/').pop() ?? '';
      let victim = '';
      let own = '';

      beforeAll(async () => {
        victim = idOf((await createUpload(marie, 5000, 'Quittance', 'proof_of_address')).headers.location);
        own = idOf((await createUpload(jean, 3000, 'Brouillon', 'other')).headers.location);
        leftovers.push([marie, victim], [jean, own]);
      });
      const leftovers: [Visitor, string][] = [];
      afterAll(async () => {
        for (const [who, id] of leftovers) {
          await who.request({ method: 'DELETE', url: `${documentUploadPath}/${id}`, headers: tusHeaders(who) });
        }
      });
      const victimOffset = async () => {
        const look = await marie.request({ method: 'HEAD', url: `${documentUploadPath}/${victim}`, headers: { 'tus-resumable': '1.0.0' } });
        expect(look.statusCode).toBe(200);
        return look.headers['upload-offset'];
      };
      const tricks = () => [`?x=/${victim}`, `?x=%2F${victim}`, `?a=1&x=/${victim}/`, `#/${victim}`];

      it('HEAD tells the requester about their own upload, never the one named in the query', async () => {
        for (const trick of tricks()) {
          const look = await jean.request({
            method: 'HEAD',
            url: `${documentUploadPath}/${own}${trick}`,
            headers: { 'tus-resumable': '1.0.0' },
          });
          expect(look.statusCode, trick).toBe(200);
          expect(look.headers['upload-length'], trick).toBe('3000');
        }
      });

      it('PATCH writes into the requester’s own upload only', async () => {
        const patch = await jean.request({
          method: 'PATCH',
          url: `${documentUploadPath}/${own}?x=/${victim}`,
          headers: { ...tusHeaders(jean), 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
          payload: randomBytes(1000),
        });
        expect(patch.statusCode).toBe(204);
        expect(await victimOffset()).toBe('0');
      });

      it('DELETE ends the requester’s own upload only', async () => {
        const other = idOf((await createUpload(jean, 3000, 'Autre', 'other')).headers.location);
        const deletion = await jean.request({
          method: 'DELETE',
          url: `${documentUploadPath}/${other}?x=/${victim}`,
          headers: tusHeaders(jean),
        });
        expect(deletion.statusCode).toBe(204);
        expect(await victimOffset()).toBe('0');
        const gone = await jean.request({ method: 'HEAD', url: `${documentUploadPath}/${other}`, headers: { 'tus-resumable': '1.0.0' } });
        expect(gone.statusCode).toBe(404);
      });

      it('a creation naming another upload makes a new one of the requester’s, or nothing', async () => {
        const metadata = `name ${Buffer.from('Piège').toString('base64')},kind ${Buffer.from('other').toString('base64')},filetype ${Buffer.from('application/pdf').toString('base64')}`;
        const created = await jean.request({
          method: 'POST',
          url: `${documentUploadPath}?x=/${victim}`,
          headers: {
            ...tusHeaders(jean),
            'upload-length': '2000',
            'upload-metadata': metadata,
            'content-type': 'application/offset+octet-stream',
          },
          payload: randomBytes(500),
        });
        expect(created.statusCode).toBe(201);
        const made = idOf(created.headers.location);
        leftovers.push([jean, made]);
        expect(made).not.toBe(victim);
        const row = await db().selectFrom('document_upload').select('person_id').where('id', '=', made).executeTakeFirstOrThrow();
        const jeanRow = await db().selectFrom('document_upload').select('person_id').where('id', '=', own).executeTakeFirstOrThrow();
        expect(row.person_id).toBe(jeanRow.person_id);
        const onVictim = await jean.request({
          method: 'POST',
          url: `${documentUploadPath}/${victim}`,
          headers: { ...tusHeaders(jean), 'upload-length': '2000', 'upload-metadata': metadata },
        });
        expect(onVictim.statusCode).toBe(404);
        expect(await victimOffset()).toBe('0');
      });

      it('the upload store itself refuses an upload to anyone but its owner', async () => {
        const store = new EncryptedUploadStore(db(), test.config.documents.masterKeys, uploadStaging(test.config.documents));
        const jeanId = (await db().selectFrom('document_upload').select('person_id').where('id', '=', own).executeTakeFirstOrThrow())
          .person_id;
        await expect(store.getUpload(victim)).rejects.toBe(ERRORS.FILE_NOT_FOUND);
        await expect(uploadRequest.run({ personId: jeanId, uploadId: victim }, () => store.getUpload(victim))).rejects.toBe(
          ERRORS.FILE_NOT_FOUND,
        );
        await expect(uploadRequest.run({ personId: jeanId, uploadId: victim }, () => store.remove(victim))).rejects.toBe(
          ERRORS.FILE_NOT_FOUND,
        );
        await expect(uploadRequest.run({ personId: jeanId, uploadId: own }, () => store.getUpload(own))).resolves.toMatchObject({
          size: 3000,
        });
        expect(await victimOffset()).toBe('0');
      });
    });

    it('refuses an upload without the CSRF token', async () => {
      const created = await marie.request({
        method: 'POST',
        url: documentUploadPath,
        headers: { 'sec-fetch-site': 'same-origin', 'tus-resumable': '1.0.0', 'upload-length': '5000' },
      });
      expect(created.statusCode).toBe(403);
    });
  });

  describe('refusals leave nothing behind', () => {
    it.each([
      [
        'a text file declared as a PDF',
        () => Buffer.from('Hello, this is not a PDF at all.\n'.repeat(50)),
        {},
        415,
        'document_type_refused',
      ],
      ['an HTML page declared as a PDF', () => Buffer.from('<html><script>alert(1)</script></html>'), {}, 415, 'document_type_refused'],
      ['a PDF declared as a PNG', () => pdf(20_000), { filetype: 'image/png' }, 415, 'document_type_mismatch'],
      [
        'a JPEG with a script inside (polyglot)',
        () => Buffer.concat([jpeg(10_000), Buffer.from('<script>fetch("/api/documents")</script>'), randomBytes(1000)]),
        { filetype: 'image/jpeg' },
        415,
        'document_type_refused',
      ],
      [
        'a JPEG that is also a PDF (polyglot)',
        () => Buffer.concat([jpeg(200), Buffer.from('%PDF-1.4\n'), randomBytes(5000)]),
        { filetype: 'image/jpeg' },
        415,
        'document_type_refused',
      ],
      [
        'a PNG followed by an SVG with an event handler (polyglot)',
        () => Buffer.concat([png(5000), Buffer.from('<svg/onload=alert(1)>')]),
        { filetype: 'image/png' },
        415,
        'document_type_refused',
      ],
      [
        'a JPEG followed by an image with onerror (polyglot)',
        () => Buffer.concat([jpeg(10_000), Buffer.from('<img src=x onerror=alert(1)>')]),
        { filetype: 'image/jpeg' },
        415,
        'document_type_refused',
      ],
      [
        'a PDF that runs a script when opened',
        () =>
          Buffer.concat([
            Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog /OpenAction << /S /J#61vaScript /JS (app.alert(1)) >> >>\nendobj\n'),
            pdf(5000),
          ]),
        {},
        415,
        'document_type_refused',
      ],
      ['a name that is a path', () => pdf(5000), { name: '../../etc/passwd' }, 422, 'validation'],
      ['a name with a backslash', () => pdf(5000), { name: '..\\windows\\system.ini' }, 422, 'validation'],
      ['an unknown declared type', () => pdf(5000), { filetype: 'text/html' }, 415, 'document_type_refused'],
    ])('refuses %s', async (_case, content, metadata, status, error) => {
      const before = await counts();
      const outcome = await upload(marie, content(), metadata);
      expect(outcome).toMatchObject({ ok: false, status });
      if (!outcome.ok) expect(JSON.parse(outcome.body)).toMatchObject({ error });
      expect(await counts()).toEqual(before);
    });

    it('refuses a file larger than the limit before reading it', async () => {
      const before = await counts();
      const created = await createUpload(marie, maxBytes + 1, 'Gros', 'other');
      expect(created.statusCode).toBe(413);
      expect(await counts()).toEqual(before);
    });

    it('refuses more bytes than the upload declared', async () => {
      const outcome = await upload(marie, pdf(maxBytes + 10));
      expect(outcome).toMatchObject({ ok: false, status: 413 });
    });
  });

  describe('procedures and agents', () => {
    let documentId = '';
    let reference = '';

    beforeAll(async () => {
      const outcome = await upload(marie, pdf(40_000), { name: 'Quittance de loyer' });
      if (!outcome.ok || !outcome.documentId) throw new Error('upload failed');
      documentId = outcome.documentId;
    });

    const parkingAnswers = (document: string) => ({
      procedure: 'resident-parking-permit',
      answers: {
        'address.line1': '3 place du Marché',
        'address.postcode': '87000',
        'address.city': 'Limoges',
        'resident_since.month': '4',
        'resident_since.year': '2021',
        proof_of_address: document,
        registration: 'AB-123-CD',
        ownership: 'owner',
        electric: 'no',
        phone: '06 12 34 56 78',
        email: 'marie.dupont@example.fr',
      },
    });

    it('refuses a dossier that gives someone else’s document', async () => {
      const response = await jean.postJson('/api/dossiers', parkingAnswers(documentId), { idempotencyKey: `key-${Date.now()}-jean-doc` });
      expect(response.statusCode).toBe(422);
      expect(response.json()).toMatchObject({
        fields: { proof_of_address: 'procedures:errors.document|procedures:resident-parking-permit.questions.proof_of_address.label' },
      });
    });

    it('attaches the citizen’s own document to their dossier, without uploading it again', async () => {
      const response = await marie.postJson('/api/dossiers', parkingAnswers(documentId), { idempotencyKey: `key-${Date.now()}-marie-doc` });
      expect(response.statusCode).toBe(201);
      reference = response.json<{ reference: string }>().reference;
      expect((await db().selectFrom('document').select('id').execute()).length).toBeGreaterThan(0);
    });

    it('lets the case handler of the dossier’s service download it, and writes that down', async () => {
      const list = await mobilityAgent.get(`/api/agent/dossiers/${reference}/documents`);
      expect(list.statusCode).toBe(200);
      expect(list.json()).toEqual([expect.objectContaining({ id: documentId, question: 'proof_of_address', name: 'Quittance de loyer' })]);
      const download = await mobilityAgent.get(`/api/agent/dossiers/${reference}/documents/${documentId}/content`);
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-disposition']).toMatch(/^attachment;/);
      const audit = await db().selectFrom('audit_log').selectAll().where('subject_type', '=', 'document').execute();
      expect(audit).toEqual([expect.objectContaining({ action: 'document.viewed', subject_id: documentId, actor_kind: 'agent' })]);
    });

    it('shows the citizen who viewed their documents', async () => {
      const viewings = (await marie.get('/api/documents/viewings')).json<DocumentViewing[]>();
      expect(viewings).toEqual([
        expect.objectContaining({ documentId, documentName: 'Quittance de loyer', agentName: 'Julien Roux', dossierReference: reference }),
      ]);
      expect((await jean.get('/api/documents/viewings')).json()).toEqual([]);
    });

    it('hides documents from agents of other services and from citizens’ routes', async () => {
      expect((await educationAgent.get(`/api/agent/dossiers/${reference}/documents/${documentId}/content`)).statusCode).toBe(404);
      expect((await educationAgent.get(`/api/agent/dossiers/${reference}/documents`)).statusCode).toBe(404);
      expect((await marie.get(`/api/agent/dossiers/${reference}/documents/${documentId}/content`)).statusCode).toBe(401);
      const other = await upload(marie, pdf(5000), { name: 'Pas joint' });
      if (!other.ok) throw new Error('upload failed');
      const notAttached = await mobilityAgent.get(`/api/agent/dossiers/${reference}/documents/${other.documentId}/content`);
      expect(notAttached.statusCode).toBe(404);
    });

    it('takes an attached document out of the locker but keeps it for the dossier', async () => {
      const deletion = await marie.request({
        method: 'DELETE',
        url: `/api/documents/${documentId}`,
        headers: { 'x-csrf-token': marie.csrfToken, 'sec-fetch-site': 'same-origin' },
      });
      expect(deletion.statusCode).toBe(204);
      expect((await marie.get(`/api/documents/${documentId}`)).statusCode).toBe(404);
      expect((await mobilityAgent.get(`/api/agent/dossiers/${reference}/documents/${documentId}/content`)).statusCode).toBe(200);
    });

    it('deletes a document no dossier needs, file included', async () => {
      const outcome = await upload(marie, pdf(5000), { name: 'Brouillon' });
      if (!outcome.ok) throw new Error('upload failed');
      const before = (await filesUnder(path.join(dataDir, 'documents'))).length;
      const deletion = await marie.request({
        method: 'DELETE',
        url: `/api/documents/${outcome.documentId}`,
        headers: { 'x-csrf-token': marie.csrfToken, 'sec-fetch-site': 'same-origin' },
      });
      expect(deletion.statusCode).toBe(204);
      expect((await filesUnder(path.join(dataDir, 'documents'))).length).toBe(before - 1);
      expect(
        await db()
          .selectFrom('document')
          .select('id')
          .where('id', '=', outcome.documentId ?? '')
          .execute(),
      ).toEqual([]);
    });
  });

  describe('abandoned uploads', () => {
    it('are swept a day later, staged parts included', async () => {
      const created = await createUpload(marie, 200_000, 'Abandon', 'other');
      expect(created.statusCode).toBe(201);
      const sent = await marie.request({
        method: 'PATCH',
        url: String(created.headers.location),
        headers: {
          'x-csrf-token': marie.csrfToken,
          'sec-fetch-site': 'same-origin',
          'tus-resumable': '1.0.0',
          'upload-offset': '0',
          'content-type': 'application/offset+octet-stream',
        },
        payload: pdf(100_000),
      });
      expect(sent.headers['upload-offset']).toBe('100000');
      expect((await counts()).staged).toBe(1);
      const staging = uploadStaging(test.config.documents);
      expect(await sweepStaleUploads(db(), staging, new Date())).toBe(0);
      expect(await sweepStaleUploads(db(), staging, new Date(Date.now() + 2 * 86_400_000))).toBeGreaterThan(0);
      expect(await counts()).toMatchObject({ uploads: 0, staged: 0 });
      expect(
        (await marie.request({ method: 'HEAD', url: String(created.headers.location), headers: { 'tus-resumable': '1.0.0' } })).statusCode,
      ).toBe(404);
    });
  });

  describe('expiry', () => {
    it('reminds once by SMS, a configurable time before the expiry date', async () => {
      const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
      const outcome = await upload(marie, pdf(5000), { name: 'Carte d’identité', kind: 'identity', expires_on: soon });
      if (!outcome.ok) throw new Error('upload failed');
      await upload(marie, pdf(5000), { name: 'Passeport', kind: 'identity', expires_on: '2040-01-01' });
      expect(await sendExpiryReminders(db(), new Date(), 5)).toBe(0);
      expect(await sendExpiryReminders(db(), new Date(), 30)).toBe(1);
      expect(await sendExpiryReminders(db(), new Date(), 30)).toBe(0);
      const messages = await db().selectFrom('notification').selectAll().where('template', '=', 'document_expiry_reminder').execute();
      expect(messages).toEqual([expect.objectContaining({ channel: 'sms', recipient: '+33612345678' })]);
    });
  });
});
