import path from 'node:path';
import { backupEmbedded, restoreEmbedded, BackupError } from '../src/server/backup/embedded-backup.ts';
import { ConfigError, loadConfig } from '../src/server/config.ts';

/**
 * `npm run backup [-- <folder>]` and `npm run restore -- <folder>`: the embedded deployment's
 * database and documents, with the server stopped, read from the same environment as the server
 * (DATA_DIR, DOCUMENT_STORAGE_DIR). PostgreSQL and S3 have their own tools (README, "Backups").
 */
class UsageError extends Error {}

async function main() {
  const [command, folder] = process.argv.slice(2);
  const config = loadConfig();
  if (config.database.kind !== 'pglite' || !config.database.dataDir || config.documents.storage.kind !== 'local') {
    throw new UsageError(
      'This backup is for the embedded database with local documents; use pg_dump and the bucket’s versioning otherwise.',
    );
  }
  const folders = { databaseDir: config.database.dataDir, documentsDir: config.documents.storage.dir };
  if (command === 'backup') {
    const target = path.resolve(
      folder ?? path.join(config.dataDir, '..', `guichet-backup-${new Date().toISOString().replaceAll(':', '-')}`),
    );
    const manifest = await backupEmbedded(folders, target);
    console.log(`Backed up the database and ${Object.keys(manifest.documents).length} document files to ${target}`);
  } else if (command === 'restore' && folder) {
    const manifest = await restoreEmbedded(path.resolve(folder), folders);
    console.log(`Restored the backup of ${manifest.createdAt} into ${config.dataDir}`);
  } else {
    throw new UsageError('Usage: npm run backup [-- <folder>]   or   npm run restore -- <folder>');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof BackupError || error instanceof UsageError ? error.message : error);
  process.exit(1);
});
