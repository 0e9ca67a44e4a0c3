import type { DocumentsConfig } from '../config.ts';
import type { DocumentStorage } from './document-storage.ts';
import { localStorageDriver } from './local-storage.driver.ts';
import { s3StorageDriver } from './s3-storage.driver.ts';

/**
 * Where the encrypted parts of uploads in progress wait: beside the documents in the S3 bucket
 * (under `uploads/`), so every instance reaches them; with local storage, the staging folder,
 * which several instances must then share.
 */
export function uploadStaging(config: Pick<DocumentsConfig, 'storage' | 'stagingDir'>): DocumentStorage {
  return config.storage.kind === 's3'
    ? s3StorageDriver({ ...config.storage, prefix: `${config.storage.prefix}uploads/` })
    : localStorageDriver(config.stagingDir);
}
