import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { checkStorageKey, type DocumentStorage } from './document-storage.ts';

export interface S3StorageConfig {
  bucket: string;
  region: string;
  /** For any S3-compatible store (Garage, MinIO, Scaleway, OVH…); AWS when absent. */
  endpoint: string | undefined;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
  /** A prefix inside the bucket, so one bucket can hold several instances' documents. */
  prefix: string;
}

/** Encrypted documents in an S3-compatible bucket; what the bucket holds is useless without the master key. */
export function s3StorageDriver(config: S3StorageConfig): DocumentStorage {
  const client = new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    // Checksums only where S3 demands them: many compatible stores do not understand the
    // aws-chunked bodies that carry them, and GCM already authenticates every byte.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const objectKey = (key: string) => `${config.prefix}${checkStorageKey(key)}`;
  return {
    name: 's3',
    async putFile(key, filePath, size) {
      await client.send(
        new PutObjectCommand({
          Bucket: config.bucket,
          Key: objectKey(key),
          Body: createReadStream(filePath),
          ContentLength: size,
          ContentType: 'application/octet-stream',
        }),
      );
    },
    async get(key) {
      const object = await client.send(new GetObjectCommand({ Bucket: config.bucket, Key: objectKey(key) }));
      if (!(object.Body instanceof Readable)) throw new Error('S3 answered without a body stream');
      return object.Body;
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: objectKey(key) }));
    },
  };
}
