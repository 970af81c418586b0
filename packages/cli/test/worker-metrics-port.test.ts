// Two workers on one host: with METRICS_PORT unset both run (the first on 9464, or both elsewhere when some
// other process holds it), each serving /metrics on the port it logged; with METRICS_PORT set to a port in
// use the worker stops at once with one line naming METRICS_PORT, before it has taken any job.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '@kuduso/db/testing';
import { migrateWith, type Proc, start, stop } from '../../../test/support/processes.ts';
import { until } from '../../../test/support/system.ts';

describe('worker METRICS_PORT', () => {
  let tdb: TestDatabase;
  let env: Record<string, string>;
  const procs: Proc[] = [];
  before(async () => {
    tdb = await createTestDatabase();
    env = {
      DATABASE_URL: tdb.url,
      APP_SERVER_URL: 'http://127.0.0.1:9',
      LOG_LEVEL: 'info',
      QUEUE_NAME: `metrics-port-${process.pid}`,
    };
    migrateWith(env);
  });
  after(async () => {
    for (const p of procs) await stop(p, 'SIGKILL');
    await tdb?.drop();
  });

  /** The URL a worker logged for its metrics listener, once it has. */
  async function metricsUrl(p: Proc): Promise<string> {
    let url: string | undefined;
    await until(
      'the worker says where its metrics are',
      () => {
        if (p.child.exitCode !== null) throw new Error(`worker exited: ${p.out.join('')}`);
        url = p.lines().find((l) => l.msg === 'metrics listening')?.url as string | undefined;
        return url !== undefined;
      },
      60_000,
    );
    return url as string;
  }

  test('unset: a second worker on the host gets a free port and says so instead of crashing', async () => {
    const { METRICS_PORT: _, ...inherited } = process.env;
    const base = { ...inherited, ...env } as Record<string, string>;
    const a = start('worker', base);
    const b = start('worker', base);
    procs.push(a, b);
    const urls = [await metricsUrl(a), await metricsUrl(b)];
    assert.notEqual(urls[0], urls[1], 'two listeners');
    for (const url of urls) {
      const res = await fetch(url);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /kuduso_worker_jobs_running/);
    }
    const fellBack = [a, b].flatMap((p) => p.lines()).filter((l) => /9464.*in use/.test(String(l.msg)));
    assert.ok(fellBack.length >= 1, 'the one that did not get 9464 logged why and where it listens');
    assert.ok(fellBack.every((l) => typeof l.url === 'string' && urls.includes(l.url as string)));
    assert.equal(a.child.exitCode, null);
    assert.equal(b.child.exitCode, null);
  });

  test('set to a port in use: one line naming METRICS_PORT, exit 1, no job taken', async () => {
    const holder: Server = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', () => r()));
    const port = (holder.address() as { port: number }).port;
    try {
      const p = start('worker', { ...env, METRICS_PORT: String(port) });
      procs.push(p);
      assert.equal(await p.exited, 1);
      const text = p.out.join('');
      assert.match(text, new RegExp(`port ${port} \\(the worker metrics\\) is already in use.*METRICS_PORT`));
      assert.ok(!p.lines().some((l) => l.msg === 'job started'));
    } finally {
      holder.close();
    }
  });
});
