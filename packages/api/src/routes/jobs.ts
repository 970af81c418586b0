// POST /jobs/run, GET /jobs/status/{id}, GET /jobs/result/{id}.
import { isUuid, KudusoError } from '@kuduso/core';
import { findJob, getResult, type JobRow, listArtifacts, withTenant } from '@kuduso/db';
import type { Principal } from '@kuduso/http';
import type { FastifyInstance } from 'fastify';
import { mintArtifactLinks } from '../artifact-links.ts';
import type { ApiDeps } from '../deps.ts';
import { JobWriter } from '../job-writer.ts';
import { acceptJob, type RunRequest } from '../jobs-service.ts';
import { createLinkBase } from '../link-base.ts';
import type { ApiMetrics } from '../metrics.ts';
import { rateLimitHook } from '../rate-limit.ts';
import { accepted, errorResponses, jobIdParams, runBody, runHeaders, statusBody } from '../schemas.ts';

/** The status body of a job (GET /jobs/status/{id}, the items of GET /jobs, the events' data). */
export function statusView(job: Omit<JobRow, 'payload_json'>) {
  const view: Record<string, unknown> = {
    job_id: job.id,
    status: job.status,
    attempts: job.attempts,
    has_result: job.status === 'succeeded',
    app_id: job.app_id,
    definition: job.definition,
    version: job.version,
    created_at: job.created_at.toISOString(),
    started_at: job.started_at?.toISOString() ?? null,
    ended_at: job.ended_at?.toISOString() ?? null,
    correlation_id: job.correlation_id,
  };
  if (job.last_error) view.last_error = job.last_error;
  return view;
}

/** The principal's job; another tenant's job is as unknown as a job that never existed (404). */
export async function loadJob(deps: ApiDeps, principal: Principal, id: string): Promise<JobRow> {
  if (!isUuid(id)) {
    throw new KudusoError('INVALID_JOB_ID', {
      field: '/id',
      hint: 'Use the job_id returned by POST /jobs/run.',
    });
  }
  const tenant = principal.tenant_id;
  const job = await withTenant(deps.db, tenant, (tx) => findJob(tx, tenant, id.toLowerCase()));
  if (!job) throw new KudusoError('JOB_NOT_FOUND', { field: '/id' });
  return job;
}

export async function jobRoutes(app: FastifyInstance, deps: ApiDeps, metrics?: ApiMetrics): Promise<void> {
  const linkBase = createLinkBase(deps.config);
  const writer = new JobWriter(deps.db, deps.queue, {
    resultCacheTtlSec: deps.config.resultCacheTtlSec,
    maxActiveJobs: deps.config.limits.maxActiveJobs,
  });
  app.post<{ Body: RunRequest; Headers: { 'idempotency-key'?: string } }>(
    '/jobs/run',
    {
      onRequest: rateLimitHook(deps),
      schema: {
        tags: ['jobs'],
        summary: 'Submit a job',
        description:
          'Validates the inputs against the contract (defaults filled in), then queues a job. A recent success with the same inputs answers at once with cached: true.',
        body: runBody,
        headers: runHeaders,
        response: { 200: accepted, 202: accepted, ...errorResponses(400, 401, 403, 404, 409, 413, 422, 429) },
      },
    },
    async (request, reply) => {
      const out = await acceptJob(
        { ...deps, writer },
        request.principal,
        request.body,
        request.correlationId,
        request.headers['idempotency-key'],
        request.traceparent,
      );
      const { job } = out;
      request.log.info(
        {
          job_id: job.id,
          tenant_id: job.tenant_id,
          app_id: job.app_id,
          definition: `${job.definition}@${job.version}`,
          cached: out.cached,
          replayed: out.replayed,
        },
        out.cached ? 'answered from cache' : out.replayed ? 'idempotent replay' : 'job accepted',
      );
      metrics?.accepted.inc({
        definition: `${job.definition}@${job.version}`,
        outcome: out.cached ? 'cached' : out.replayed ? 'replayed' : 'queued',
      });
      reply.header('location', `/jobs/status/${job.id}`);
      if (out.replayed) reply.header('idempotent-replayed', 'true');
      const body: Record<string, unknown> = {
        job_id: job.id,
        status: out.cached ? 'succeeded' : out.replayed ? job.status : 'queued',
        // A cached answer is this request's: its own correlation id, the earlier job's as cached_from.
        correlation_id: out.replayed ? job.correlation_id : request.correlationId,
      };
      if (out.cached) {
        body.cached = true;
        body.cached_from = job.correlation_id;
      }
      return reply.code(out.statusCode).send(body);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/jobs/status/:id',
    {
      schema: {
        tags: ['jobs'],
        summary: "A job's status",
        params: jobIdParams,
        response: { 200: statusBody, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => statusView(await loadJob(deps, request.principal, request.params.id)),
  );

  app.get<{ Params: { id: string } }>(
    '/jobs/result/:id',
    {
      schema: {
        tags: ['jobs'],
        summary: "A finished job's outputs",
        description:
          "The contract's outputs; artifact URLs are minted now and expire after ARTIFACT_URL_TTL_SEC.",
        params: jobIdParams,
        response: { ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const job = await loadJob(deps, request.principal, request.params.id);
      if (job.status === 'failed' || job.status === 'cancelled') {
        throw new KudusoError('JOB_FAILED', {
          message: `The job ${job.status}; it has no result.`,
          extra: { status: job.status, last_error: job.last_error },
        });
      }
      if (job.status !== 'succeeded') {
        throw new KudusoError('RESULT_NOT_READY', {
          message: `The job is ${job.status}.`,
          hint: `Poll GET /jobs/status/${job.id}.`,
          extra: { status: job.status },
        });
      }
      const [result, artifacts] = await withTenant(deps.db, job.tenant_id, async (tx) => [
        await getResult(tx, job.id),
        await listArtifacts(tx, job.id),
      ]);
      if (!result)
        throw new KudusoError('INTERNAL', { message: 'The job succeeded but its result is missing.' });
      const outputs = { ...(result.outputs_json as Record<string, unknown>) };
      outputs.artifacts = await mintArtifactLinks(deps, artifacts, linkBase(request));
      return outputs;
    },
  );
}
