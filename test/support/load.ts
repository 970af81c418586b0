// Client load for fault tests: a few loops submitting mock jobs and reading statuses and /readyz through the
// API over HTTP, every request bounded by a client timeout. It records what the fault tests assert on (every
// answer's status and code, requests that hung or found no server, accepted job ids) and the figures the
// README reports (time to the first 503 after a fault, time to the first 202 after recovery).

export interface LoadReport {
  accepted: string[];
  /** "status code" -> count, e.g. "202 -" or "503 DATABASE_UNAVAILABLE". */
  answers: Map<string, number>;
  /** Requests the client gave up on (no answer within hangMs). */
  hung: string[];
  /** Requests that found no server (the API process must stay up). */
  refused: string[];
  /** Answers that are not allowed during an outage: 5xx other than 503, 503 without Retry-After. */
  bad: string[];
  /** Time of every 503 and every 202, for the figures. */
  events: { at: number; status: number }[];
  slowestMs: number;
}

export interface Load {
  report: LoadReport;
  stop(): Promise<LoadReport>;
}

export interface LoadOptions {
  apiUrl: string;
  /** Concurrent client loops (default 4). */
  loops?: number;
  /** A request without an answer after this long counts as hung (default 12 s). */
  hangMs?: number;
  /** The mock job's delay (default 20 ms). */
  delayMs?: number;
  /** Pause between a loop's requests (default 50 ms). */
  pauseMs?: number;
}

export function startLoad(options: LoadOptions): Load {
  const report: LoadReport = {
    accepted: [],
    answers: new Map(),
    hung: [],
    refused: [],
    bad: [],
    events: [],
    slowestMs: 0,
  };
  const hangMs = options.hangMs ?? 12_000;
  let running = true;
  let n = 0;

  async function call(what: string, url: string, init: RequestInit = {}): Promise<void> {
    const t0 = Date.now();
    let res: Response;
    try {
      res = await fetch(url, { ...init, signal: AbortSignal.timeout(hangMs) });
    } catch (e) {
      const name = (e as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') report.hung.push(`${what} after ${hangMs} ms`);
      else report.refused.push(`${what}: ${(e as { cause?: { code?: string } }).cause?.code ?? e}`);
      return;
    }
    const body = (await res.json().catch(() => ({}))) as { code?: string; job_id?: string };
    report.slowestMs = Math.max(report.slowestMs, Date.now() - t0);
    const key = `${res.status} ${body.code ?? '-'}`;
    report.answers.set(key, (report.answers.get(key) ?? 0) + 1);
    if (res.status === 503 || res.status === 202) report.events.push({ at: Date.now(), status: res.status });
    if (res.status === 202 && body.job_id) report.accepted.push(body.job_id);
    if (res.status >= 500 && res.status !== 503) report.bad.push(`${what}: ${key}`);
    if (res.status === 503 && !res.headers.get('retry-after'))
      report.bad.push(`${what}: 503 without Retry-After`);
  }

  async function loop(): Promise<void> {
    while (running) {
      const i = n++;
      await call('POST /jobs/run', `${options.apiUrl}/jobs/run`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          app_id: 'faults',
          definition: 'mock',
          version: '1.0.0',
          inputs: { value: i, delay_ms: options.delayMs ?? 20 },
        }),
      });
      const known = report.accepted[Math.floor(Math.random() * report.accepted.length)];
      if (known) await call('GET /jobs/status', `${options.apiUrl}/jobs/status/${known}`);
      if (i % 10 === 0) await call('GET /readyz', `${options.apiUrl}/readyz`);
      await new Promise((r) => setTimeout(r, options.pauseMs ?? 50));
    }
  }

  const loops = Array.from({ length: options.loops ?? 4 }, loop);
  return {
    report,
    async stop() {
      running = false;
      await Promise.all(loops);
      return report;
    },
  };
}

/** Milliseconds from `since` to the first event with `status` at or after it (undefined: none). */
export function firstAfter(report: LoadReport, status: number, since: number): number | undefined {
  const e = report.events.find((x) => x.status === status && x.at >= since);
  return e ? e.at - since : undefined;
}
