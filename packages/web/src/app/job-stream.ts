// A job's status, live: the server-sent event stream GET /jobs/{id}/events, with polling of
// GET /jobs/status/{id} as the fallback when the stream is not available. Each change is a timeline entry.
import { useEffect, useRef, useState } from 'react';
import { getStatus, hasRoute, isTerminal, type JobStatus } from './lib/api.ts';

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
    let es: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    last.current = '';
    setTimeline([]);
    const apply = (s: JobStatus) => {
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
        es?.close();
        stopped = true;
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
    void Promise.all([getStatus(id), hasRoute('GET', '/jobs/{id}/events')]).then(
      ([s, sse]) => {
        apply(s);
        if (isTerminal(s.status)) return;
        if (!sse) {
          setMode('polling');
          timer = setTimeout(poll, 1000);
          return;
        }
        es = new EventSource(`/jobs/${encodeURIComponent(id)}/events`);
        let opened = false;
        es.onopen = () => {
          opened = true;
          setMode('live');
        };
        const onEvent = (ev: MessageEvent) => {
          try {
            const data = JSON.parse(ev.data) as Partial<JobStatus> & { job?: JobStatus };
            const next = data.job ?? data;
            if (typeof next.status === 'string') apply({ ...(s as JobStatus), ...(next as JobStatus) });
          } catch {
            /* a comment or keep-alive */
          }
        };
        for (const n of EVENT_NAMES) es.addEventListener(n, onEvent as EventListener);
        es.onerror = () => {
          // No stream (not served) or it dropped: poll instead, the status endpoint is authoritative.
          if (stopped) return;
          es?.close();
          if (!opened || mode !== 'done') {
            setMode('polling');
            void poll();
          }
        };
      },
      (e: Error) => setError(e.message),
    );
    return () => {
      stopped = true;
      es?.close();
      if (timer) clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, nonce]);

  return { status, timeline, mode, error, refresh: () => setNonce((n) => n + 1) };
}
