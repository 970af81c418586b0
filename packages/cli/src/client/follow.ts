// Following a job until it ends: the API's event stream (GET /jobs/{id}/events), or polling its status when
// the stream is not offered. Each change is handed to `onStatus`; the last status is returned.

import { readSse } from '@kuduso/core/sse';
import { CliError } from '../command.ts';
import { type ApiClient, describeApiError, idPath } from './api-client.ts';

export interface JobStatus {
  job_id: string;
  status: string;
  attempts: number;
  last_error?: string;
  [k: string]: unknown;
}

export const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

export async function followJob(
  client: ApiClient,
  id: string,
  onStatus: (s: JobStatus) => void,
  pollMs = 500,
): Promise<JobStatus> {
  const res = await client.raw(`${client.base}/jobs/${idPath(id)}/events`, {
    headers: { accept: 'text/event-stream' },
  });
  if (res.ok && res.body && res.headers.get('content-type')?.startsWith('text/event-stream')) {
    let last: JobStatus | undefined;
    for await (const ev of readSse(res.body)) {
      if (ev.event !== 'status') continue;
      last = JSON.parse(ev.data) as JobStatus;
      onStatus(last);
      if (TERMINAL.has(last.status)) return last;
    }
    if (last && TERMINAL.has(last.status)) return last;
    throw new CliError(
      `the API closed the event stream of job ${id} before it ended; run \`kuduso watch ${id}\` again`,
    );
  }
  const text = await res.text();
  if (res.status !== 404 && res.status !== 405) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {}
    throw new CliError(describeApiError(res.status, body), 1);
  }
  // An API without the stream: poll.
  let previous = '';
  for (;;) {
    const { body } = await client.request('GET', `/jobs/status/${idPath(id)}`);
    const s = body as JobStatus;
    const key = `${s.status}/${s.attempts}`;
    if (key !== previous) onStatus(s);
    previous = key;
    if (TERMINAL.has(s.status)) return s;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** One progress line on stderr, rewritten in place on a terminal. */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): {
  update(s: JobStatus): void;
  end(): void;
} {
  const started = Date.now();
  let shown = false;
  return {
    update(s) {
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      const line = `job ${s.job_id} ${s.status}${s.attempts ? ` (attempt ${s.attempts})` : ''} ${secs} s`;
      if (stream.isTTY) stream.write(`\r\x1b[2K${line}`);
      else stream.write(`${line}\n`);
      shown = true;
    },
    end() {
      if (shown && stream.isTTY) stream.write('\n');
    },
  };
}
