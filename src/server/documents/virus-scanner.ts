import type { Readable } from 'node:stream';

export type ScanResult = { infected: false } | { infected: true; signature: string };

/** The antivirus hook: every finished upload goes through it before anyone can download it. */
export interface VirusScanner {
  readonly name: string;
  scan(content: Readable): Promise<ScanResult>;
}

export class ScannerUnavailableError extends Error {}
