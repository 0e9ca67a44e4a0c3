import { connect, type Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { ScannerUnavailableError, type ScanResult, type VirusScanner } from './virus-scanner.ts';

export interface ClamdConfig {
  host: string;
  port: number;
  timeoutMs: number;
}

/**
 * ClamAV's daemon over TCP with the INSTREAM command: the plaintext is sent in length-prefixed
 * chunks and never written to disk for the scan. clamd answers `stream: OK` or
 * `stream: <signature> FOUND`; anything else (a size limit, an error) is not a clean answer.
 */
export function clamdScanner(config: ClamdConfig): VirusScanner {
  return {
    name: 'clamd',
    scan: (content) => scanStream(config, content),
  };
}

async function scanStream(config: ClamdConfig, content: Readable): Promise<ScanResult> {
  const socket = connect({ host: config.host, port: config.port });
  socket.setTimeout(config.timeoutMs);
  const answer = readAnswer(socket);
  // Read below; until then a refused connection must not count as an unhandled rejection.
  answer.catch(() => undefined);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    await write(socket, Buffer.from('zINSTREAM\0'));
    for await (const chunk of content as AsyncIterable<Buffer>) {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(chunk.length);
      await write(socket, Buffer.concat([length, chunk]));
    }
    await write(socket, Buffer.alloc(4));
    const reply = (await answer).replace(/\0/g, '').trim();
    const found = /^stream: (.+) FOUND$/.exec(reply);
    if (found?.[1]) return { infected: true, signature: found[1] };
    if (reply === 'stream: OK') return { infected: false };
    throw new ScannerUnavailableError(`clamd answered: ${reply.slice(0, 120)}`);
  } catch (error) {
    if (error instanceof ScannerUnavailableError) throw error;
    throw new ScannerUnavailableError(`clamd at ${config.host}:${config.port} failed: ${(error as Error).message}`);
  } finally {
    socket.destroy();
  }
}

function write(socket: Socket, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => socket.write(data, (error) => (error ? reject(error) : resolve())));
}

function readAnswer(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (chunk.includes(0)) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    socket.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.once('timeout', () => reject(new Error('timed out')));
    socket.once('error', reject);
  });
}
