import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/** What the embedded deployment keeps on disk: the PGlite data folder and the encrypted documents. */
export interface EmbeddedFolders {
  databaseDir: string;
  documentsDir: string;
}

export interface BackupManifest {
  format: 'guichet-embedded-backup/1';
  createdAt: string;
  /** Every document file, relative to the documents folder, with its SHA-256 (of the ciphertext). */
  documents: Record<string, string>;
}

export class BackupError extends Error {}

const databaseFile = 'database.tar.gz';
const documentsFolder = 'documents';
const manifestFile = 'manifest.json';

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.part'))
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)))
    .sort();
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function checksums(folder: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const file of await filesUnder(folder)) result[file] = await sha256Of(path.join(folder, file));
  return result;
}

/**
 * Backs the embedded deployment up into `target` (a new folder): the database as PGlite's own
 * dump of its data folder, the documents as they are (already encrypted), and a manifest of their
 * checksums. The server must be stopped: PGlite's folder belongs to one process at a time. Uploads
 * in progress are not kept (the phone sends them again). The keys are not in it: the master key
 * (DOCUMENT_MASTER_KEY) is kept apart, and the link secret is in the database unless configured.
 */
export async function backupEmbedded(folders: EmbeddedFolders, target: string): Promise<BackupManifest> {
  if ((await readdir(folders.databaseDir).catch(() => [])).length === 0) throw new BackupError(`No database in ${folders.databaseDir}`);
  await mkdir(target, { recursive: false });
  const database = await PGlite.create({ dataDir: folders.databaseDir });
  try {
    const dump = await database.dumpDataDir('gzip');
    await writeFile(path.join(target, databaseFile), Buffer.from(await dump.arrayBuffer()));
  } finally {
    await database.close();
  }
  await cp(folders.documentsDir, path.join(target, documentsFolder), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  const manifest: BackupManifest = {
    format: 'guichet-embedded-backup/1',
    createdAt: new Date().toISOString(),
    documents: await checksums(path.join(target, documentsFolder)),
  };
  await writeFile(path.join(target, manifestFile), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Restores a backup made by `backupEmbedded` into empty folders (never over data: move the old
 * folders aside first), after checking every document against the manifest.
 */
export async function restoreEmbedded(source: string, folders: EmbeddedFolders): Promise<BackupManifest> {
  const manifest = JSON.parse(await readFile(path.join(source, manifestFile), 'utf8')) as BackupManifest;
  if (manifest.format !== 'guichet-embedded-backup/1') throw new BackupError(`${source} is not a Guichet backup`);
  const found = await checksums(path.join(source, documentsFolder));
  for (const [file, sum] of Object.entries(manifest.documents)) {
    if (found[file] !== sum) throw new BackupError(`The backup's document ${file} is missing or altered`);
  }
  for (const folder of [folders.databaseDir, folders.documentsDir]) {
    if ((await readdir(folder).catch(() => [])).length > 0) throw new BackupError(`${folder} is not empty: move it aside first`);
  }
  await mkdir(folders.databaseDir, { recursive: true });
  const dump = new Blob([await readFile(path.join(source, databaseFile))]);
  const database = await PGlite.create({ dataDir: folders.databaseDir, loadDataDir: dump });
  await database.close();
  await cp(path.join(source, documentsFolder), folders.documentsDir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  return manifest;
}
