// Preview lane benchmark (not a test): POST /preview/sitefit:1.0.0 (one placement evaluated) against a
// `kuduso appserver` process, at 1 and 16 concurrent clients, with and without a batch load (sitefit solves
// kept running on every batch seat). Every request is a different placement, so the LRU cache never answers.
// Writes its table into bench/README.md between <!-- preview:start --> and <!-- preview:end -->.
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { loadRegistry } from '@kuduso/core/node';
import { replaceSection } from './readme-section.ts';

const LOAD_AT_START = loadavg()[0];

const DURATION_MS = 5000;
const contract = loadRegistry().get('sitefit', '1.0.0')!;
const typical = contract.examples.valid.find((e) => e.name === 'typical.json')!.inputs as Record<
  string,
  unknown
>;
const lshape = contract.examples.valid.find((e) => e.name === 'l-shaped-parcel.json')!.inputs;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const child = spawn(process.execPath, ['packages/cli/src/main.ts', 'appserver'], {
  env: {
    ...process.env,
    APPSERVER_PORT: String(port),
    APPSERVER_SEATS: '1',
    APPSERVER_PREVIEW_SEATS: '16',
    BLOB_DIR: join(await mkdtemp(join(tmpdir(), 'kuduso-bench-preview-')), 'blobs'),
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${url}/livez`)).ok) break;
  } catch {}
  if (i > 200) throw new Error('appserver did not start');
  await new Promise((r) => setTimeout(r, 100));
}

const post = (path: string, body: unknown) =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

let n = 0;
async function client(until: number, out: number[], errors: { n: number }) {
  while (Date.now() < until) {
    n++;
    const placement = { rotation: (n * 7) % 180, x: ((n * 13) % 100) / 100, y: ((n * 17) % 100) / 100 };
    const t = performance.now();
    const res = await post('/preview/sitefit:1.0.0', { inputs: typical, placement });
    await res.arrayBuffer();
    if (res.status === 200) out.push(performance.now() - t);
    else errors.n++;
  }
}

async function batchLoad(stop: { done: boolean }, counts: { solves: number }) {
  while (!stop.done) {
    const res = await post('/gh/sitefit:1.0.0/solve', lshape);
    await res.arrayBuffer();
    if (res.status === 200) counts.solves++;
    else await new Promise((r) => setTimeout(r, 20));
  }
}

const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))];
const rows: string[] = [];
for (const batch of [false, true]) {
  for (const clients of [1, 16]) {
    const stop = { done: false };
    const counts = { solves: 0 };
    const load = batch ? batchLoad(stop, counts) : Promise.resolve();
    if (batch) await new Promise((r) => setTimeout(r, 500));
    const out: number[] = [];
    const errors = { n: 0 };
    const until = Date.now() + DURATION_MS;
    await Promise.all(Array.from({ length: clients }, () => client(until, out, errors)));
    stop.done = true;
    await load;
    out.sort((a, b) => a - b);
    rows.push(
      `| ${clients} | ${batch ? `yes (${counts.solves} solves)` : 'no'} | ${Math.round(out.length / (DURATION_MS / 1000))} | ${pct(out, 50).toFixed(1)} | ${pct(out, 95).toFixed(1)} | ${pct(out, 99).toFixed(1)} | ${errors.n} |`,
    );
    console.log(rows.at(-1));
  }
}
child.kill('SIGTERM');

const cpu = cpus()[0]?.model.split(' ').slice(0, 2).join(' ') ?? 'cpu';
const body = [
  `Machine: ${cpu} x ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}. Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench:preview\`, load average ${LOAD_AT_START.toFixed(1)} at the start (above the core count, other processes shared the machine).`,
  '',
  'A `kuduso appserver` process (APPSERVER_SEATS=1, APPSERVER_PREVIEW_SEATS=16); clients in this process send',
  'POST /preview/sitefit:1.0.0 with the typical example and a different placement each time (no cache hits),',
  `each client one request at a time for ${DURATION_MS / 1000} s. "Batch load": sitefit solves of the L-shaped example`,
  'kept on the batch seat meanwhile (the solver thread competes for the same 2 cores). Latencies in ms, client side.',
  '',
  '| clients | batch load | previews/s | p50 | p95 | p99 | non-200 |',
  '|---:|---|---:|---:|---:|---:|---:|',
  ...rows,
].join('\n');
console.log(body);
replaceSection(new URL('./README.md', import.meta.url).pathname, 'preview', body);
process.exit(0);
