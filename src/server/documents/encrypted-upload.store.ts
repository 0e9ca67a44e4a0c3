import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataStore, ERRORS, Upload } from '@tus/server';
import type { Db } from '../db/database.ts';
import type { DocumentStorage } from './document-storage.ts';
import {
  deleteUpload,
  deleteUploadParts,
  findUpload,
  insertUpload,
  insertUploadPart,
  listUploadParts,
  uploadProgress,
} from './document.repository.ts';
import {
  newDataKey,
  segmentDecrypter,
  segmentEncrypter,
  segmentOverhead,
  unwrapDataKey,
  wrapDataKey,
  type MasterKeys,
} from './envelope-encryption.ts';

/** The upload's owner, set by the routes from the session, never by the client. */
export const ownerMetadataKey = 'guichet_person';

/** The tus request at hand: who asks (from the session) and, after creation, which upload (from the route). */
export interface UploadRequest {
  personId: string;
  uploadId: string | undefined;
}

/**
 * Set by the routes around each tus call. tus hands its store only an id, so the store reads the
 * requester here and refuses anyone else's upload itself, whatever id reached it.
 */
export const uploadRequest = new AsyncLocalStorage<UploadRequest>();

/**
 * A tus data store that never writes plaintext: each request's chunk is encrypted with the
 * upload's own data key as it arrives and kept as one **part** (whole segments) in the staging
 * area — the shared staging folder or the S3 bucket — recorded in the database. Where an upload
 * stands is the sum of its parts, so a chunk cut short by a dropped connection resumes after its
 * last whole segment, on this instance or any other.
 */
export class EncryptedUploadStore extends DataStore {
  constructor(
    private readonly db: Db,
    private readonly keys: MasterKeys,
    private readonly staging: DocumentStorage,
  ) {
    super();
    this.extensions = ['creation', 'creation-with-upload', 'termination'];
  }

  override async create(upload: Upload): Promise<Upload> {
    const { [ownerMetadataKey]: personId, ...metadata } = upload.metadata ?? {};
    if (!personId || personId !== uploadRequest.getStore()?.personId) throw ERRORS.FILE_NOT_FOUND;
    if (upload.size === undefined) throw ERRORS.INVALID_LENGTH;
    const wrapped = wrapDataKey(this.keys, newDataKey());
    const strings = Object.fromEntries(Object.entries(metadata).map(([key, value]) => [key, value ?? '']));
    await insertUpload(this.db, {
      id: upload.id,
      person_id: personId,
      size: upload.size,
      metadata: JSON.stringify(strings),
      wrapped_key: wrapped.wrappedKey,
      key_id: wrapped.keyId,
    });
    upload.creation_date = new Date().toISOString();
    return upload;
  }

  override async write(stream: Readable, id: string, offset: number): Promise<number> {
    const row = await this.requestersUpload(id);
    const progress = await uploadProgress(this.db, id);
    if (progress.plaintextBytes !== offset) throw ERRORS.INVALID_OFFSET;
    const dataKey = unwrapDataKey(this.keys, { wrappedKey: row.wrapped_key, keyId: row.key_id });
    // Ciphertext only, for the time of this request, before it goes to the staging area whole.
    const local = path.join(tmpdir(), `guichet-part-${randomUUID()}`);
    const file = await open(local, 'wx');
    let segments = 0;
    let plaintextBytes = 0;
    let ciphertextBytes = 0;
    let failure: unknown;
    try {
      await pipeline(
        stream,
        segmentEncrypter(dataKey, id, progress.segments),
        new Writable({
          write(segment: Buffer, _encoding, done) {
            file.write(segment).then(() => {
              segments += 1;
              plaintextBytes += segment.length - segmentOverhead;
              ciphertextBytes += segment.length;
              done();
            }, done);
          },
        }),
      );
    } catch (error) {
      // A dropped connection: the whole segments received so far are kept all the same.
      failure = error;
    } finally {
      await file.close();
    }
    try {
      if (segments > 0) {
        const key = randomUUID();
        await this.staging.putFile(key, local, ciphertextBytes);
        const recorded = await insertUploadPart(this.db, {
          upload_id: id,
          first_segment: progress.segments,
          segments,
          plaintext_bytes: plaintextBytes,
          storage_key: key,
        });
        if (!recorded) {
          await this.staging.delete(key);
          throw ERRORS.INVALID_OFFSET;
        }
      }
    } finally {
      await rm(local, { force: true });
    }
    if (failure) throw failure;
    return offset + plaintextBytes;
  }

  override async getUpload(id: string): Promise<Upload> {
    const row = await this.requestersUpload(id);
    const offset = row.document_id ? row.size : (await uploadProgress(this.db, id)).plaintextBytes;
    return new Upload({ id, size: row.size, offset, metadata: row.metadata, creation_date: row.created_at.toISOString() });
  }

  override async remove(id: string): Promise<void> {
    const row = await this.requestersUpload(id);
    if (row.document_id) throw ERRORS.FILE_NOT_FOUND;
    await this.discard(id);
  }

  /** The upload, if the person of the tus request at hand owns it; another's is as good as absent. */
  private async requestersUpload(id: string) {
    const row = await findUpload(this.db, id);
    const requester = uploadRequest.getStore()?.personId;
    if (!row || requester === undefined || row.person_id !== requester) throw ERRORS.FILE_NOT_FOUND;
    return row;
  }

  /** Forgets an upload and its parts (refused, finished, or abandoned). */
  async discard(id: string): Promise<void> {
    await this.discardStaging(id);
    await deleteUpload(this.db, id);
  }

  /** Removes the parts once the document is in storage; the upload's row remembers the document. */
  async discardStaging(id: string): Promise<void> {
    const parts = await deleteUploadParts(this.db, id);
    await Promise.all(parts.map((part) => this.staging.delete(part.storage_key)));
  }

  /** The ciphertext of a staged upload, its parts one after the other: one file of segments. */
  async ciphertext(id: string): Promise<Readable> {
    const parts = await listUploadParts(this.db, id);
    const staging = this.staging;
    return Readable.from(
      (async function* () {
        for (const part of parts) yield* (await staging.get(part.storage_key)) as AsyncIterable<Buffer>;
      })(),
    );
  }

  /** The plaintext of a staged upload, decrypted as it is read. */
  async plaintext(id: string): Promise<Readable> {
    const row = await findUpload(this.db, id);
    if (!row) throw ERRORS.FILE_NOT_FOUND;
    const dataKey = unwrapDataKey(this.keys, { wrappedKey: row.wrapped_key, keyId: row.key_id });
    const encrypted = await this.ciphertext(id);
    const decrypter = segmentDecrypter(dataKey, id);
    encrypted.on('error', (error) => decrypter.destroy(error));
    return encrypted.pipe(decrypter);
  }

  /** Copies the staged ciphertext into one local file (for the storage driver), removed by the caller. */
  async assemble(id: string): Promise<{ file: string; size: number }> {
    const file = path.join(tmpdir(), `guichet-upload-${randomUUID()}`);
    const handle = await open(file, 'wx');
    let size = 0;
    try {
      for await (const chunk of (await this.ciphertext(id)) as AsyncIterable<Buffer>) {
        await handle.write(chunk);
        size += chunk.length;
      }
    } finally {
      await handle.close();
    }
    return { file, size };
  }
}
