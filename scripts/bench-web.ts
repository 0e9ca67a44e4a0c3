import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import lighthouse, { type Flags, type Result } from 'lighthouse';
import { chromium } from 'playwright-core';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { openMigratedDatabase } from '../src/server/db/migrate.ts';
import { canteenAnswers } from '../src/shared/procedures/school-canteen.example.ts';
import { signInForBenchmark } from './bench-sign-in.ts';

/**
 * `npm run bench:web`: Lighthouse 12 (default mobile profile: simulated 150 ms RTT, 1.6 Mbps,
 * CPU ×4) with Debian's Chromium, on the production build (`npm run build` first) served by the
 * real server on loopback. For each page: a first visit (Lighthouse clears the cache and the
 * service worker before each run) and a repeat visit (same profile, storage kept, service worker
 * installed). One warm-up run is discarded, then the median of BENCH_RUNS runs (3) per metric.
 * Prints a table and writes bench-results/web.json.
 */

// The pages measured; the signed-in ones are opened by a citizen who has sent three requests.
const pages: { name: string; path: string; signedIn?: boolean }[] = [
  { name: 'home', path: '/' },
  { name: 'call me back', path: '/callback' },
  { name: 'book a visit', path: '/visit' },
  { name: 'accessibility', path: '/accessibility' },
  { name: 'my call-back requests (device)', path: '/callback/mine' },
  { name: 'saved on this device (outbox)', path: '/outbox' },
  { name: 'a procedure step (signed in)', path: '/procedures/civil-status-certificate/steps/certificate', signedIn: true },
  { name: 'my requests (signed in)', path: '/requests', signedIn: true },
  { name: 'a canteen step (signed in)', path: '/procedures/school-canteen/steps/household', signedIn: true },
  { name: 'the canteen’s first step (signed in)', path: '/procedures/school-canteen/steps/child', signedIn: true },
];

const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const chromeFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const runs = Number(process.env.BENCH_RUNS ?? 3);
const only = process.env.BENCH_PAGES?.split(',');
const categories = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

interface Figures {
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  bytes: number;
  /** Audits of accessibility, best practices and SEO that did not pass: what to look at when a score drops. */
  failedAudits?: string[];
}

const server = await startServer();
const results: { page: string; path: string; visit: 'first' | 'repeat'; median: Figures; runs: Figures[] }[] = [];
try {
  for (const page of pages.filter((candidate) => !only || only.includes(candidate.path))) {
    for (const visit of ['first', 'repeat'] as const) {
      const chrome = await launchChrome();
      try {
        if (page.signedIn) await giveCookies(chrome.port, server.url, server.citizen.cookie);
        const measured: Figures[] = [];
        for (let run = 0; run <= runs; run += 1) {
          const figures = await audit(`${server.url}${page.path}`, chrome.port, { disableStorageReset: visit === 'repeat' });
          if (run > 0) measured.push(figures);
        }
        results.push({ page: page.name, path: page.path, visit, median: median(measured), runs: measured });
        console.log(`measured ${page.path} (${visit} visit)`);
      } finally {
        await chrome.close();
      }
    }
  }
} finally {
  await server.close();
}

console.table(
  results.map(({ page, visit, median: figures }) => ({
    page,
    visit,
    perf: figures.performance,
    a11y: figures.accessibility,
    'best pr.': figures.bestPractices,
    seo: figures.seo,
    'FCP ms': Math.round(figures.fcpMs),
    'LCP ms': Math.round(figures.lcpMs),
    'TBT ms': Math.round(figures.tbtMs),
    CLS: Number(figures.cls.toFixed(3)),
    'KB transferred': Number((figures.bytes / 1024).toFixed(1)),
  })),
);
const output = path.resolve(import.meta.dirname, '../bench-results/web.json');
await mkdir(path.dirname(output), { recursive: true });
await writeFile(
  output,
  JSON.stringify(
    { measuredAt: new Date().toISOString(), lighthouse: '12.2.3', profile: 'mobile, simulated throttling', runs, results },
    null,
    2,
  ),
);
console.log(`Written to ${path.relative(process.cwd(), output)}`);

async function audit(url: string, port: number, flags: Pick<Flags, 'disableStorageReset'>): Promise<Figures> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: (process.env.BENCH_LOG as 'error' | undefined) ?? 'error',
    onlyCategories: [...categories],
    ...flags,
  });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`Lighthouse failed on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const score = (id: (typeof categories)[number]) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const value = (id: string) => (lhr.audits[id] as Result['audits'][string] | undefined)?.numericValue ?? Number.NaN;
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    seo: score('seo'),
    fcpMs: value('first-contentful-paint'),
    lcpMs: value('largest-contentful-paint'),
    tbtMs: value('total-blocking-time'),
    cls: value('cumulative-layout-shift'),
    bytes: value('total-byte-weight'),
    failedAudits: (['accessibility', 'best-practices', 'seo'] as const).flatMap((id) =>
      (lhr.categories[id]?.auditRefs ?? []).filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1).map((ref) => ref.id),
    ),
  };
}

function median(runsMeasured: Figures[]): Figures {
  const pick = (key: Exclude<keyof Figures, 'failedAudits'>) => {
    const sorted = runsMeasured.map((figures) => figures[key]).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  };
  return {
    performance: pick('performance'),
    accessibility: pick('accessibility'),
    bestPractices: pick('bestPractices'),
    seo: pick('seo'),
    fcpMs: pick('fcpMs'),
    lcpMs: pick('lcpMs'),
    tbtMs: pick('tbtMs'),
    cls: pick('cls'),
    bytes: pick('bytes'),
    failedAudits: [...new Set(runsMeasured.flatMap((figures) => figures.failedAudits ?? []))],
  };
}

/**
 * The real server, as main.ts builds it, on a fresh PGlite data folder and a free loopback port,
 * with a signed-in citizen who has sent three requests (Lighthouse sends its cookie as a header).
 */
async function startServer() {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'guichet-bench-web-'));
  const config = loadConfig({
    NODE_ENV: 'production',
    DEV_IDP_ENABLED: 'true',
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'http://localhost:8080',
    DATA_DIR: dataDir,
    DOCUMENT_MASTER_KEY: randomBytes(32).toString('base64'),
  });
  const db = await openMigratedDatabase(config.database);
  const app = await buildApp(config, { db });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('The server has no port');
  const url = `http://localhost:${address.port}`;
  const citizen = await signInForBenchmark(app, 'marie-dupont');
  for (let count = 0; count < 3; count += 1) {
    const sent = await app.inject({
      method: 'POST',
      url: '/api/dossiers',
      headers: {
        cookie: citizen.cookie,
        'content-type': 'application/json',
        'x-csrf-token': citizen.csrfToken,
        'sec-fetch-site': 'same-origin',
        'idempotency-key': randomUUID(),
      },
      payload: JSON.stringify({ procedure: 'school-canteen', answers: canteenAnswers }),
    });
    if (sent.statusCode !== 201) throw new Error(`A dossier for the benchmark answered ${sent.statusCode}: ${sent.body}`);
  }
  return {
    url,
    citizen,
    async close() {
      await app.close();
      await db.destroy();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Puts a signed-in visitor's cookies in the browser's profile, as a sign-in would have. Lighthouse's
 * storage reset keeps cookies, and its `extraHeaders` would lose them to the first Set-Cookie.
 */
async function giveCookies(port: number, url: string, cookieHeader: string): Promise<void> {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  try {
    const [context] = browser.contexts();
    if (!context) throw new Error('Chromium has no default context');
    await context.addCookies(
      cookieHeader.split('; ').map((pair) => {
        const separator = pair.indexOf('=');
        return { name: pair.slice(0, separator), value: pair.slice(separator + 1), url };
      }),
    );
  } finally {
    await browser.close();
  }
}

/** Chromium with its own profile folder (kept across the runs of one series), for Lighthouse to drive. */
async function launchChrome(): Promise<{ port: number; close(): Promise<void> }> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'guichet-bench-chrome-'));
  const child: ChildProcess = spawn(
    chromePath,
    [...chromeFlags, '--remote-debugging-port=0', `--user-data-dir=${userDataDir}`, 'about:blank'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start: ${output}`)), 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`Chromium exited (${code}): ${output}`)));
  });
  return {
    port,
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
