// Benchmark of the web UI (not a test): the in-browser preview evaluation per pointer move while a placement is
// dragged in Chromium, and the delay from a job's status change to its server-sent event in the browser.
// Run: npm run bench:web. Figures: bench/README.md.
import { ensureBuild, launchChromium, openPage, startDev } from '../packages/web/test/harness.ts';
import { pixelOf } from '../packages/web/test/ui-steps.ts';
import { TYPICAL_SITEFIT_INPUTS } from './procs.ts';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmt = (v: number) => v.toFixed(3);

await ensureBuild();
const kuduso = await startDev();
const browser = await launchChromium();
try {
  const typical = { ...TYPICAL_SITEFIT_INPUTS, seed: 7 };
  const submit = async (definition: string, version: string, inputs: unknown) => {
    const r = await fetch(`${kuduso.url}/jobs/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: definition, definition, version, inputs }),
    });
    return ((await r.json()) as { job_id: string }).job_id;
  };
  const waitDone = async (id: string) => {
    for (;;) {
      const s = (await (await fetch(`${kuduso.url}/jobs/status/${id}`)).json()) as {
        status: string;
        ended_at: string;
      };
      if (s.status !== 'queued' && s.status !== 'running') return s;
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  // 1. Preview per pointer move.
  const id = await submit('sitefit', '1.0.0', typical);
  await waitDone(id);
  const { page, close } = await openPage(browser, `${kuduso.url}/#/jobs/${id}`);
  await page.getByRole('button', { name: 'Select placement 1', exact: true }).click();
  await page.evaluate(() => {
    (window as unknown as { __kudusoBench: number[] }).__kudusoBench = [];
  });
  const ring = await page.evaluate(async () => {
    const link = Array.from(document.querySelectorAll('.artifacts a')).find((a) =>
      a.textContent?.includes('GeoJSON'),
    ) as HTMLAnchorElement;
    const fc = await (await fetch(link.href)).json();
    return fc.features.find((f: { properties: { rank?: number } }) => f.properties.rank === 1).geometry
      .coordinates[0] as number[][];
  });
  const cx = ring.slice(0, -1).reduce((s, p) => s + p[0], 0) / (ring.length - 1);
  const cy = ring.slice(0, -1).reduce((s, p) => s + p[1], 0) / (ring.length - 1);
  const start = await pixelOf(page, 'results-map', cx, cy);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  const moves = 600;
  const t0 = performance.now();
  for (let i = 0; i < moves; i++) {
    const a = (i / moves) * 6 * Math.PI;
    await page.mouse.move(start.x + 80 * Math.sin(a), start.y + 60 * Math.sin(2 * a));
  }
  const wall = performance.now() - t0;
  await page.mouse.up();
  const times = await page.evaluate(() => (window as unknown as { __kudusoBench: number[] }).__kudusoBench);
  // The page's timer is coarsened to 0.1 ms: also time batches of the same evaluation in the page.
  const batch = await page.evaluate(() => {
    const ev = (window as unknown as { __kudusoEvaluate: (dx: number, dy: number) => unknown })
      .__kudusoEvaluate;
    const per: number[] = [];
    for (let b = 0; b < 50; b++) {
      const t = performance.now();
      for (let i = 0; i < 200; i++) ev(Math.sin(i) * 3, Math.cos(i) * 3);
      per.push((performance.now() - t) / 200);
    }
    return per;
  });
  await close();
  console.log(
    `in-browser preview (sitefit@1.0.0 typical, Chromium ${browser.version()}): ${times.length} pointer moves evaluated`,
  );
  console.log(
    `  evaluation per move: p50 ${fmt(pct(times, 50))} ms, p95 ${fmt(pct(times, 95))} ms, max ${fmt(Math.max(...times))} ms`,
  );
  console.log(
    `  same evaluation in batches of 200: p50 ${fmt(pct(batch, 50))} ms, p95 ${fmt(pct(batch, 95))} ms per evaluation`,
  );
  console.log(
    `  (playwright-driven moves: ${(wall / moves).toFixed(2)} ms each end to end, including the protocol round trip)`,
  );

  // 1b. The same for sitefit@2.0.0 (its own evaluation: setback bands, zones, garden, street KPIs, score).
  const v2id = await submit('sitefit', '2.0.0', {
    crs: 'EPSG:5514',
    parcel: {
      coordinates: [
        [0, 0],
        [30, 0],
        [30, 40],
        [0, 40],
        [0, 0],
      ],
    },
    house: {
      coordinates: [
        [0, 0],
        [10, 0],
        [10, 8],
        [0, 8],
        [0, 0],
      ],
    },
    setbacks: { uniform_m: 2, front_m: 5 },
    street: { edges: [0] },
    exclusions: [
      { id: 'oak', kind: 'tree_protection', geometry: { type: 'Point', coordinates: [22, 30] }, buffer_m: 4 },
    ],
  });
  await waitDone(v2id);
  {
    const { page: p3, close: close3 } = await openPage(browser, `${kuduso.url}/#/jobs/${v2id}`);
    await p3.getByRole('button', { name: 'Select placement 1', exact: true }).click();
    await p3.evaluate(() => {
      (window as unknown as { __kudusoBench: number[] }).__kudusoBench = [];
    });
    await p3.getByRole('button', { name: '→' }).click();
    const per2 = await p3.evaluate(() => {
      const ev = (window as unknown as { __kudusoEvaluate: (dx: number, dy: number) => unknown })
        .__kudusoEvaluate;
      const per: number[] = [];
      for (let b = 0; b < 50; b++) {
        const t = performance.now();
        for (let i = 0; i < 20; i++) ev(Math.sin(i) * 2, Math.cos(i) * 2);
        per.push((performance.now() - t) / 20);
      }
      return per;
    });
    await close3();
    console.log(
      `in-browser preview (sitefit@2.0.0, street edge, setbacks, one exclusion): p50 ${fmt(pct(per2, 50))} ms, p95 ${fmt(pct(per2, 95))} ms per evaluation (batches of 20)`,
    );
  }

  // 2. SSE delay: a status change (ended_at, written by the worker) to the event arriving in the page.
  const probe = await fetch(`${kuduso.url}/openapi.json`).then(
    (r) => r.json() as Promise<{ paths: Record<string, unknown> }>,
  );
  if (!probe.paths['/jobs/{id}/events']) {
    console.log('SSE: GET /jobs/{id}/events is not served by this build; skipped');
  } else {
    const { page: p2, close: close2 } = await openPage(browser, `${kuduso.url}/#/jobs`);
    const delays: number[] = [];
    for (let i = 0; i < 20; i++) {
      const job = await submit('mock', '1.1.0', { value: Math.random(), delay_ms: 300 });
      // Read as the page does (fetch() of the stream, see packages/web/src/app/job-stream.ts).
      const got = p2.evaluate(async (jobId) => {
        const res = await fetch(`/jobs/${jobId}/events`, { headers: { accept: 'text/event-stream' } });
        const reader = res.body!.getReader();
        const decoder = new TextDecoder();
        let text = '';
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return Date.now();
          text += decoder.decode(value, { stream: true });
          if (/"status":"succeeded"/.test(text)) {
            const at = Date.now();
            await reader.cancel();
            return at;
          }
        }
      }, job);
      const receivedAt = await got;
      const s = await waitDone(job);
      delays.push(receivedAt - Date.parse(s.ended_at));
    }
    await close2();
    console.log(
      `SSE delay, ended_at -> event in the page (${delays.length} jobs): p50 ${pct(delays, 50)} ms, p95 ${pct(delays, 95)} ms, max ${Math.max(...delays)} ms`,
    );
  }
} finally {
  await browser.close();
  await kuduso.stop();
}
