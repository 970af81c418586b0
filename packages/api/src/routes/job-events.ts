// GET /jobs/{id}/events: a job's status as server-sent events. The first event is the current status; one
// follows each change (status, attempts, error) until the job ends, then the stream closes. The database
// is the source of truth: a status change NOTIFYs kuduso_job with the job id (migration 007), which makes
// the job's open streams read it at once, on every replica, on PostgreSQL and PGlite alike. A read every
// EVENTS_FALLBACK_POLL_MS stays as the fallback (a lost listening session, a Db without listenChannel()), every
// EVENTS_POLL_MS when the Db cannot listen at all. The read is the tenant's own (withTenant), so a
// notification never shows one tenant's job to another. Comments keep idle proxies from closing the stream.
import { PassThrough } from 'node:stream';
import { findJob, withTenant } from '@kuduso/db';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.ts';
import { errorResponses, jobIdParams } from '../schemas.ts';
import { loadJob, statusView } from './jobs.ts';

export const EVENTS_POLL_MS = 500;
export const EVENTS_FALLBACK_POLL_MS = 2000;
/** The channel migration 007's trigger notifies with a job's id when its status, attempts or error change. */
export const JOB_CHANNEL = 'kuduso_job';
const KEEPALIVE_MS = 15_000;
const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

export interface JobEventsOptions {
  pollMs?: number;
}

export async function jobEventRoutes(
  app: FastifyInstance,
  deps: ApiDeps,
  options: JobEventsOptions = {},
): Promise<void> {
  // Job id -> the wake-ups of its open streams.
  const waiting = new Map<string, Set<() => void>>();
  let unlisten: (() => Promise<void>) | undefined;
  try {
    unlisten = await deps.db.listenChannel?.(JOB_CHANNEL, (id) => {
      for (const wake of waiting.get(id) ?? []) wake();
    });
  } catch (e) {
    app.log.warn({ err: (e as Error).message }, 'job events: cannot listen for status changes, polling');
  }
  app.addHook('onClose', async () => {
    await unlisten?.();
  });
  const pollMs = options.pollMs ?? (unlisten ? EVENTS_FALLBACK_POLL_MS : EVENTS_POLL_MS);
  const open = new Set<() => void>();
  // A stream never holds the server open: closing ends them all (clients reconnect to another replica).
  app.addHook('preClose', async () => {
    for (const end of open) end();
  });

  app.get<{ Params: { id: string } }>(
    '/jobs/:id/events',
    {
      schema: {
        tags: ['jobs'],
        summary: "A job's status changes (server-sent events)",
        description: `\`text/event-stream\`. Each event is \`event: status\` with the same JSON as GET /jobs/status/{id} as its \`data\`: the current status at once, then one per change (status, attempts, last_error), pushed when the status changes (read again every ${pollMs} ms at the latest). After a terminal status (succeeded, failed, cancelled) the server closes the stream. Lines starting with \`:\` are keep-alive comments.`,
        params: jobIdParams,
        response: {
          200: {
            description: 'The event stream.',
            content: {
              'text/event-stream': {
                schema: {
                  type: 'string',
                  examples: [
                    'event: status\nid: 1\ndata: {"job_id":"…","status":"queued","attempts":0,…}\n\nevent: status\nid: 2\ndata: {"job_id":"…","status":"succeeded",…}\n\n',
                  ],
                },
              },
            },
          },
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      // Errors (bad id, unknown job) are answered as JSON before the stream starts.
      let job = await loadJob(deps, request.principal, request.params.id);
      const tenant = request.principal.tenant_id;
      const stream = new PassThrough();
      let seq = 0;
      let lastKey = '';
      let timer: NodeJS.Timeout | undefined;
      let keepalive: NodeJS.Timeout | undefined;
      let ended = false;
      let reading = false;
      let again = false;
      const end = () => {
        if (ended) return;
        ended = true;
        clearTimeout(timer);
        clearInterval(keepalive);
        open.delete(end);
        const wakes = waiting.get(job.id);
        wakes?.delete(wake);
        if (wakes?.size === 0) waiting.delete(job.id);
        stream.end();
      };
      const emit = (view: Record<string, unknown>) => {
        const key = JSON.stringify([
          view.status,
          view.attempts,
          view.last_error,
          view.started_at,
          view.ended_at,
        ]);
        if (key === lastKey) return;
        lastKey = key;
        seq += 1;
        stream.write(`event: status\nid: ${seq}\ndata: ${JSON.stringify(view)}\n\n`);
      };
      const read = async () => {
        try {
          const now = await withTenant(deps.db, tenant, (tx) => findJob(tx, tenant, job.id));
          if (!now) return end(); // purged meanwhile
          job = now;
          emit(statusView(job));
          if (TERMINAL.has(job.status)) end();
        } catch (e) {
          // A database outage pauses the stream; the client keeps waiting, the next read tries again.
          request.log.warn({ err: (e as Error).message, job_id: job.id }, 'job events: status read failed');
        }
      };
      // One read at a time: a notification during a read asks for one more read after it.
      const tick = async () => {
        if (ended) return;
        if (reading) {
          again = true;
          return;
        }
        reading = true;
        clearTimeout(timer);
        do {
          again = false;
          await read();
        } while (again && !ended);
        reading = false;
        if (!ended) timer = setTimeout(tick, pollMs);
      };
      function wake() {
        void tick();
      }
      const wakes = waiting.get(job.id) ?? new Set();
      waiting.set(job.id, wakes.add(wake));
      open.add(end);
      request.raw.once('close', end);
      keepalive = setInterval(() => stream.write(': keep-alive\n\n'), KEEPALIVE_MS);
      stream.write('retry: 1000\n\n');
      emit(statusView(job));
      if (TERMINAL.has(job.status)) end();
      else void tick(); // a change between loadJob and the wake-up's registration is not missed

      return reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache, no-transform')
        .header('x-accel-buffering', 'no')
        .send(stream);
    },
  );
}
