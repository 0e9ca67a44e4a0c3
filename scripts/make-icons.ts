import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

/**
 * Draws the app's PNG icons from the same shapes as public/favicon.svg (a speech bubble on the
 * brand blue), so no image tool is needed: `npx tsx scripts/make-icons.ts` rewrites public/icons/.
 * Maskable icons keep the bubble inside the safe circle (80 % of the width) on a full square.
 */
const blue: Rgb = [0x1b, 0x3a, 0x6b];
const white: Rgb = [0xff, 0xff, 0xff];
type Rgb = [number, number, number];

const outDir = path.resolve(import.meta.dirname, '../public/icons');
await mkdir(outDir, { recursive: true });
for (const size of [192, 512]) {
  await writeFile(
    path.join(outDir, `icon-${size}.png`),
    png(size, (x, y) => pixel(x, y, { maskable: false })),
  );
  await writeFile(
    path.join(outDir, `maskable-${size}.png`),
    png(size, (x, y) => pixel(x, y, { maskable: true })),
  );
}
console.log(`Icons written to ${outDir}`);

/** The colour at (x, y) in the favicon's 64-unit square, or undefined outside the rounded corners. */
function pixel(x: number, y: number, options: { maskable: boolean }): Rgb | undefined {
  if (!options.maskable && outsideRoundedSquare(x, y, 12)) return undefined;
  // The maskable glyph is drawn smaller, centred, so every mask shape keeps it whole.
  const scale = options.maskable ? 0.7 : 1;
  const u = (x - 32) / scale + 32;
  const v = (y - 32) / scale + 32;
  const inBubble = (u >= 16 && u <= 48 && v >= 20 && v <= 44) || (v > 44 && v <= 50 && Math.abs(u - 32) <= (50 - v) * (4 / 6));
  if (!inBubble) return blue;
  const onLine = nearSegment(u, v, 22, 28, 42, 28, 2) || nearSegment(u, v, 22, 35, 36, 35, 2);
  return onLine ? blue : white;
}

function outsideRoundedSquare(x: number, y: number, radius: number): boolean {
  const cx = Math.min(Math.max(x, radius), 64 - radius);
  const cy = Math.min(Math.max(y, radius), 64 - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 > radius ** 2;
}

function nearSegment(x: number, y: number, x1: number, y1: number, x2: number, y2: number, radius: number): boolean {
  const t = Math.max(0, Math.min(1, ((x - x1) * (x2 - x1) + (y - y1) * (y2 - y1)) / ((x2 - x1) ** 2 + (y2 - y1) ** 2)));
  return (x - (x1 + t * (x2 - x1))) ** 2 + (y - (y1 + t * (y2 - y1))) ** 2 <= radius ** 2;
}

/** An RGBA PNG, each pixel averaged over 4×4 samples so edges are smooth. */
function png(size: number, colourAt: (x: number, y: number) => Rgb | undefined): Buffer {
  const samples = 4;
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let row = 0; row < size; row += 1) {
    const offset = row * (size * 4 + 1);
    for (let column = 0; column < size; column += 1) {
      const total = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const colour = colourAt(((column + (sx + 0.5) / samples) / size) * 64, ((row + (sy + 0.5) / samples) / size) * 64);
          if (!colour) continue;
          total[0] = (total[0] ?? 0) + colour[0];
          total[1] = (total[1] ?? 0) + colour[1];
          total[2] = (total[2] ?? 0) + colour[2];
          total[3] = (total[3] ?? 0) + 1;
        }
      }
      const covered = total[3] ?? 0;
      const at = offset + 1 + column * 4;
      rows[at] = covered ? Math.round((total[0] ?? 0) / covered) : 0;
      rows[at + 1] = covered ? Math.round((total[1] ?? 0) / covered) : 0;
      rows[at + 2] = covered ? Math.round((total[2] ?? 0) / covered) : 0;
      rows[at + 3] = Math.round((covered / samples ** 2) * 255);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
