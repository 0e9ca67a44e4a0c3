import { AsyncLocalStorage } from 'node:async_hooks';
import { createReadStream } from 'node:fs';
import { mkdir, open, rm, stat, truncate } from 'node:fs/promises';
import path from 'node:path';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataStore, ERRORS, Upload } from '@tus/server';
import type { Db } from '../db/database.ts';
import { checkStorageKey } from './document-storage.ts';
import { deleteUpload, findUpload, insertUpload } from './document.repository.ts';
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
 * A tus data store that never writes plaintext: each chunk is encrypted with the upload's own
 * data key as it arrives and appended as segments to a staging file. Where an upload stands (its
 * offset) is read back from the segments themselves, so a chunk cut short by a dropped connection
 * resumes exactly after its last byte received.
 */
export class EncryptedUploadStore extends DataStore {
  constructor(
    private readonly db: Db,
    private readonly keys: MasterKeys,
    private readonly stagingDir: string,
  ) {
    super();
    this.extensions = ['creation', 'creation-with-upload', 'termination'];
  }

  stagingPath(id: string): string {
    return path.join(this.stagingDir, checkStorageKey(id));
  }

  override async create(upload: Upload): Promise<Upload> {
    const { [ownerMetadataKey]: personId, ...metadata } = upload.metadata ?? {};
    if (!personId || personId !== uploadRequest.getStore()?.personId) throw ERRORS.FILE_NOT_FOUND;
    if (upload.size === undefined) throw ERRORS.INVALID_LENGTH;
    const wrapped = wrapDataKey(this.keys, newDataKey());
    await mkdir(this.stagingDir, { recursive: true });
    await (await open(this.stagingPath(upload.id), 'wx')).close();
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
    const { segments, plaintextBytes } = await this.scan(id);
    if (plaintextBytes !== offset) throw ERRORS.INVALID_OFFSET;
    const dataKey = unwrapDataKey(this.keys, { wrappedKey: row.wrapped_key, keyId: row.key_id });
    const file = await open(this.stagingPath(id), 'a');
    let written = 0;
    try {
      await pipeline(
        stream,
        segmentEncrypter(dataKey, id, segments),
        new Writable({
          // One write per segment: a crash can tear only the last one, which `scan` cuts off.
          write(segment: Buffer, _encoding, done) {
            file.write(segment).then(() => {
              written += segment.length - segmentOverhead;
              done();
            }, done);
          },
        }),
      );
    } finally {
      await file.close();
    }
    return offset + written;
  }

  override async getUpload(id: string): Promise<Upload> {
    const row = await this.requestersUpload(id);
    const offset = row.document_id ? row.size : (await this.scan(id)).plaintextBytes;
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

  /** Forgets an upload and its staging file (refused, finished, or abandoned). */
  async discard(id: string): Promise<void> {
    await rm(this.stagingPath(id), { force: true });
    await deleteUpload(this.db, id);
  }

  /** Removes the staging file once its bytes are in storage; the row remembers the document. */
  async discardStaging(id: string): Promise<void> {
    await rm(this.stagingPath(id), { force: true });
  }

  /** The plaintext of a staged upload, decrypted as it is read. */
  async plaintext(id: string): Promise<Readable> {
    const row = await findUpload(this.db, id);
    if (!row) throw ERRORS.FILE_NOT_FOUND;
    const dataKey = unwrapDataKey(this.keys, { wrappedKey: row.wrapped_key, keyId: row.key_id });
    return createReadStream(this.stagingPath(id)).pipe(segmentDecrypter(dataKey, id));
  }

  /** Counts the whole segments of a staging file, and cuts off a torn last one. */
  private async scan(id: string): Promise<{ segments: number; plaintextBytes: number }> {
    const filePath = this.stagingPath(id);
    const size = (await stat(filePath).catch(() => undefined))?.size;
    if (size === undefined) throw ERRORS.FILE_NOT_FOUND;
    const file = await open(filePath, 'r');
    const header = Buffer.alloc(4);
    let position = 0;
    let segments = 0;
    let plaintextBytes = 0;
    try {
      while (position + 4 <= size) {
        await file.read(header, 0, 4, position);
        const length = header.readUInt32BE(0);
        if (position + length + segmentOverhead > size) break;
        position += length + segmentOverhead;
        plaintextBytes += length;
        segments += 1;
      }
    } finally {
      await file.close();
    }
    if (position < size) await truncate(filePath, position);
    return { segments, plaintextBytes };
  }
}
