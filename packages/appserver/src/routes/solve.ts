// POST /gh/{definition}:{version}/solve — the worker's call. Headers: x-correlation-id (echoed, on every log
// line), x-job-id (artifact keys), x-tenant-id, authorization (when APPSERVER_TOKEN is set), and
// x-request-timeout-ms: how long the caller will wait, counted from when the request arrives here (a budget,
// not a wall-clock deadline, so the two machines' clocks need not agree). The solve is aborted and its seat
// freed when that budget runs out or when the caller's connection closes before the answer is sent.
import { KudusoError, newId } from '@kuduso/core';
import type { Logger } from '@kuduso/core/node';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireServiceToken } from '../auth.ts';
import type { AppServerMetrics } from '../metrics.ts';
import { type SolveDeps, solve } from '../solve.ts';

// Job and tenant ids become blob key segments and log fields: keep them to a safe alphabet.
const SAFE_ID = '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$';

const solveSchema = {
  summary: 'Run one definition synchronously',
  params: {
    type: 'object',
    required: ['target'],
    properties: { target: { type: 'string', description: '{definition}:{version}, e.g. mydef:1.0.0' } },
  },
  headers: {
    type: 'object',
    properties: {
      'x-correlation-id': { type: 'string' },
      'x-job-id': { type: 'string', pattern: SAFE_ID },
      'x-tenant-id': { type: 'string', pattern: SAFE_ID },
      'x-request-timeout-ms': { type: 'string', pattern: '^[0-9]{1,9}$' },
    },
  },
  // The body is the definition's inputs, validated against its contract (not here: it differs per definition).
  response: {
    200: {
      type: 'object',
      required: ['outputs', 'artifacts'],
      properties: {
        outputs: { type: 'object', additionalProperties: true },
        artifacts: {
          type: 'array',
          items: {
            type: 'object',
            required: ['kind', 'label', 'key', 'content_type', 'size_bytes', 'checksum'],
            properties: {
              kind: { type: 'string' },
              label: { type: 'string' },
              key: { type: 'string' },
              content_type: { type: 'string' },
              size_bytes: { type: 'integer' },
              checksum: { type: 'string' },
            },
          },
        },
      },
    },
  },
} as const;

export function splitTarget(target: string): { definition: string; version: string } {
  const i = target.indexOf(':');
  if (i <= 0 || i === target.length - 1) {
    throw new KudusoError('UNKNOWN_DEFINITION', {
      message: `${JSON.stringify(target.slice(0, 200))} is not {definition}:{version}.`,
      hint: 'Call /gh/{definition}:{version}/solve, e.g. /gh/mydef:1.0.0/solve (GET /definitions lists them).',
    });
  }
  return { definition: target.slice(0, i), version: target.slice(i + 1) };
}

/** Fires when the caller has gone: its connection closed before the answer, or its time budget ran out. */
function callerSignal(reply: FastifyReply, timeoutHeader: string | undefined): AbortSignal {
  const caller = new AbortController();
  const budgetMs = timeoutHeader === undefined ? undefined : Number(timeoutHeader);
  const timer =
    budgetMs === undefined
      ? undefined
      : setTimeout(
          () =>
            caller.abort(
              new KudusoError('CALLER_GONE', {
                message: `The caller's time budget (x-request-timeout-ms: ${budgetMs}) ran out.`,
              }),
            ),
          budgetMs,
        );
  timer?.unref();
  // 'close' also follows a normal answer; only a response that never finished means the caller left.
  reply.raw.once('close', () => {
    clearTimeout(timer);
    if (!reply.raw.writableFinished) {
      caller.abort(new KudusoError('CALLER_GONE', { message: 'The caller closed the connection.' }));
    }
  });
  return caller.signal;
}

export function solveRoutes(
  app: FastifyInstance,
  deps: SolveDeps & { serviceToken?: string | readonly string[]; metrics?: AppServerMetrics },
): void {
  const observe = (definition: string, version: string, status: number, started: number) => {
    const binding = deps.bindings.get(`${definition}@${version}`);
    // Unknown definitions are not labels (any string could be one): they count as "unknown".
    deps.metrics?.solveDuration.observe(
      {
        engine: binding?.engine?.name ?? 'none',
        definition: binding ? binding.contract.id : 'unknown',
        status: String(status),
      },
      (performance.now() - started) / 1000,
    );
  };
  app.post<{ Params: { target: string }; Headers: Record<string, string | undefined> }>(
    '/gh/:target/solve',
    { schema: solveSchema, onRequest: requireServiceToken(deps.serviceToken) },
    async (request, reply) => {
      // A caller that goes away (a crashed worker, a cancelled job's worker aborting its call) or whose
      // x-request-timeout-ms budget runs out stops the engine too, and its seat comes back.
      const signal = callerSignal(reply, request.headers['x-request-timeout-ms']);
      const { definition, version } = splitTarget(request.params.target);
      const jobId = request.headers['x-job-id'] ?? newId();
      const tenantId = request.headers['x-tenant-id'];
      // The request's span (child of the worker's job span) is the solve's span in the job's trace.
      request.span?.setAttributes({
        'kuduso.job_id': jobId,
        'kuduso.definition': `${definition}@${version}`,
      });
      // request.log is the pino logger given to buildAppServer, already bound to the correlation id.
      const log = (request.log as unknown as Logger).child({
        job_id: jobId,
        tenant_id: tenantId,
        definition: `${definition}@${version}`,
      });
      signal.addEventListener(
        'abort',
        () => log.info({ reason: (signal.reason as Error).message }, 'caller gone; aborting the solve'),
        { once: true },
      );
      const trace: { seats_in_use?: number } = {};
      const started = performance.now();
      try {
        const result = await solve(deps, {
          definition,
          version,
          body: request.body,
          bodyBytes: request.bodyBytes,
          jobId,
          correlationId: request.id,
          tenantId,
          log,
          trace,
          signal,
        });
        log.info(
          {
            duration_ms: Math.round(performance.now() - started),
            seats_in_use: trace.seats_in_use,
            seats_total: deps.seats.total('batch'),
            status: 200,
            artifacts: result.artifacts.length,
          },
          'solve succeeded',
        );
        observe(definition, version, 200, started);
        return result;
      } catch (e) {
        const status = e instanceof KudusoError ? e.status : 500;
        const code = e instanceof KudusoError ? e.code : 'INTERNAL';
        log[status >= 500 ? 'error' : 'info'](
          {
            duration_ms: Math.round(performance.now() - started),
            seats_in_use: trace.seats_in_use,
            seats_total: deps.seats.total('batch'),
            status,
            code,
          },
          'solve failed',
        );
        observe(definition, version, status, started);
        throw e;
      }
    },
  );
}
