// POST /jobs/{id}/cancel and GET /jobs/{id}/inputs (what the web UI duplicates a job from).
import { KudusoError } from '@kuduso/core';
import { markCancelled, withTenant } from '@kuduso/db';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.ts';
import { errorResponses, jobIdParams, statusBody } from '../schemas.ts';
import { loadJob, statusView } from './jobs.ts';

export async function jobControlRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  app.post<{ Params: { id: string } }>(
    '/jobs/:id/cancel',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Cancel a job',
        description:
          'A queued job becomes cancelled at once and is never run. A running job becomes cancelled at once; its worker notices on its next lease renewal and aborts the solve (the AppServer stops the engine). A finished job answers 409 JOB_FINISHED.',
        params: jobIdParams,
        response: { 200: statusBody, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const job = await loadJob(deps, request.principal, request.params.id);
      const tenant = job.tenant_id;
      const cancelled = await withTenant(deps.db, tenant, (tx) => markCancelled(tx, tenant, job.id));
      if (!cancelled) {
        // Finished before (or while) we tried: say how it ended.
        const now = await loadJob(deps, request.principal, job.id);
        throw new KudusoError('JOB_FINISHED', {
          message: `The job has already ${now.status === 'cancelled' ? 'been cancelled' : now.status}.`,
          extra: { status: now.status },
        });
      }
      request.log.info({ job_id: job.id, was: job.status }, 'job cancelled');
      return statusView(cancelled);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/jobs/:id/inputs',
    {
      schema: {
        tags: ['jobs'],
        summary: "A job's definition and inputs (defaults materialised), e.g. to duplicate it",
        params: jobIdParams,
        response: { ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const job = await loadJob(deps, request.principal, request.params.id);
      return {
        app_id: job.app_id,
        definition: job.definition,
        version: job.version,
        inputs: job.payload_json,
      };
    },
  );
}
