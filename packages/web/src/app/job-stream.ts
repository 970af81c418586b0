// A job's status, live: the server-sent event stream GET /jobs/{id}/events, with polling of
// GET /jobs/status/{id} as the fallback when the stream is not available. Each change is a timeline entry.
// The stream is read with fetch(), not EventSource: EventSource cannot send the Authorization header, and a
// token never goes into a URL (logs, history, Referer).
import { readSse } from '@kuduso/core/sse';
import { useEffect, useRef, useState } from 'react';
import { authHeader, getStatus, hasRoute, isTerminal, type JobStatus } from './lib/api.ts';

export interface TimelineEntry {
  at: string;
  status: string;
  text: string;
}

const EVENT_NAMES = [
  'message',
  'status',
  'job',
  'update',
  'snapshot',
  'queued',
  'running',
  'retry',
  'attempt',
  'succeeded',
  'failed',
  'cancelled',
];

function describe(s: JobStatus): string {
  const of = s.max_attempts ? ` of ${s.max_attempts}` : '';
  switch (s.status) {
    case 'queued':
      return s.attempts > 0
        ? `Waiting to retry${s.retry_at ? ` at ${new Date(s.retry_at).toLocaleTimeString()}` : ''} after attempt ${s.attempts}${of}${s.last_error ? `: ${s.last_error}` : ''}`
        : 'Queued';
    case 'running':
      return `Running, attempt ${Math.max(1, s.attempts)}${of}`;
    case 'succeeded':
      return `Succeeded after ${s.attempts} attempt${s.attempts === 1 ? '' : 's'}`;
    case 'failed':
      return `Failed${s.last_error ? `: ${s.last_error}` : ''}`;
    case 'cancelled':
      return 'Cancelled';
    default:
      return s.status;
  }
}

export function useJobStatus(id: string) {
  const [status, setStatus] = useState<JobStatus | null>(null);
  const [timeline, setTimeline] = useState<TimelineEntry[]>([]);
  const [mode, setMode] = useState<'connecting' | 'live' | 'polling' | 'done'>('connecting');
  const [error, setError] = useState('');
  const last = useRef('');
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    let stopped = false;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    last.current = '';
    setTimeline([]);
    let base: JobStatus | null = null;
    const apply = (s: JobStatus) => {
      base = s;
      setStatus(s);
      const text = describe(s);
      const key = `${s.status}|${text}`;
      if (key !== last.current) {
        last.current = key;
        const at =
          (s.status === 'queued' && s.attempts === 0
            ? s.created_at
            : s.status === 'running'
              ? s.started_at
              : s.ended_at) ?? new Date().toISOString();
        setTimeline((t) => [
          ...t,
          {
            at: s.status === 'queued' && s.attempts > 0 ? new Date().toISOString() : at,
            status: s.status,
            text,
          },
        ]);
      }
      if (isTerminal(s.status)) {
        setMode('done');
        stopped = true;
        abort.abort();
      }
    };
    const poll = async () => {
      if (stopped) return;
      try {
        apply(await getStatus(id));
        setError('');
      } catch (e) {
        setError((e as Error).message);
      }
      if (!stopped) timer = setTimeout(poll, 1000);
    };
    const startPolling = () => {
      if (stopped) return;
      setMode('polling');
      void poll();
    };
    /** Reads the stream until it ends; true when it was served (a later drop reconnects), false when not. */
    const stream = async (): Promise<boolean> => {
      const res = await fetch(`/jobs/${encodeURIComponent(id)}/events`, {
        headers: { accept: 'text/event-stream', ...authHeader() },
        signal: abort.signal,
        cache: 'no-store',
      });
      if (!res.ok || !res.body || !/event-stream/.test(res.headers.get('content-type') ?? '')) {
        await res.body?.cancel();
        return false;
      }
      setMode('live');
      for await (const ev of readSse(res.body)) {
        if (stopped) break;
        if (!EVENT_NAMES.includes(ev.event)) continue;
        try {
          const data = JSON.parse(ev.data) as Partial<JobStatus> & { job?: JobStatus };
          const next = data.job ?? data;
          if (typeof next.status === 'string') apply({ ...(base as JobStatus), ...(next as JobStatus) });
        } catch {
          /* not JSON: ignore */
        }
      }
      return true;
    };
    const follow = async () => {
      while (!stopped) {
        let served = false;
        try {
          served = await stream();
        } catch {
          if (stopped) return;
        }
        if (stopped) return;
        // Not served, or it dropped: poll, the status endpoint is authoritative; a stream that was served
        // and ended early (the API restarting) is tried again after a pause.
        if (!served) return startPolling();
        try {
          apply(await getStatus(id));
        } catch {
          return startPolling();
        }
        await new Promise((r) => {
          timer = setTimeout(r, 1000);
        });
      }
    };
    void Promise.all([getStatus(id), hasRoute('GET', '/jobs/{id}/events')]).then(
      ([s, sse]) => {
        apply(s);
        if (isTerminal(s.status)) return;
        if (!sse) return startPolling();
        void follow();
      },
      (e: Error) => setError(e.message),
    );
    return () => {
      stopped = true;
      abort.abort();
      if (timer) clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, nonce]);

  return { status, timeline, mode, error, refresh: () => setNonce((n) => n + 1) };
}
