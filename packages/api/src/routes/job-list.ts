// GET /jobs: the tenant's jobs newest first, filtered by status and definition, keyset-paginated. The cursor
// is opaque to clients: the last row's exact creation time and id, so a page never repeats or skips a job.
import { KudusoError } from '@kuduso/core';
import { JOB_STATUSES, type JobStatus, listJobs, withTenant } from '@kuduso/db';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.ts';
import { errorResponses, statusBody } from '../schemas.ts';
import { statusView } from './jobs.ts';

export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

interface ListQuery {
  status?: JobStatus;
  definition?: string;
  limit?: string;
  cursor?: string;
}

const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: JOB_STATUSES, description: 'Only jobs in this status.' },
    definition: {
      type: 'string',
      pattern: '^[a-z][a-z0-9-]*(@\\d+\\.\\d+\\.\\d+)?$',
      maxLength: 100,
      description: 'Only jobs of this definition (`sitefit`) or definition version (`sitefit@1.0.0`).',
    },
    // Query values are strings (the API's validator does not coerce types).
    limit: {
      type: 'string',
      pattern: '^[1-9][0-9]{0,2}$',
      description: `Jobs per page, 1 to ${MAX_PAGE} (default ${DEFAULT_PAGE}).`,
    },
    cursor: { type: 'string', maxLength: 200, description: '`next_cursor` of the previous page.' },
  },
} as const;

const listBody = {
  type: 'object',
  required: ['items', 'next_cursor'],
  properties: {
    items: { type: 'array', items: statusBody },
    next_cursor: {
      type: ['string', 'null'],
      description: 'Pass as `cursor` for the next (older) page; null on the last page.',
    },
  },
} as const;

export function encodeCursor(createdUs: string, id: string): string {
  return Buffer.from(`${createdUs}.${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { createdUs: string; id: string } {
  const m = /^(\d{1,19})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(
    Buffer.from(cursor, 'base64url').toString('utf8'),
  );
  if (!m) {
    throw new KudusoError('VALIDATION_FAILED', {
      message: 'The cursor is not one this API gave out.',
      field: '/querystring/cursor',
      hint: 'Pass the next_cursor of the previous page unchanged, or leave cursor out for the newest jobs.',
    });
  }
  return { createdUs: m[1] as string, id: m[2] as string };
}

export async function jobListRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  app.get<{ Querystring: ListQuery }>(
    '/jobs',
    {
      schema: {
        tags: ['jobs'],
        summary: 'List jobs, newest first',
        description: `Keyset-paginated: follow \`next_cursor\` until it is null. At most ${MAX_PAGE} per page.`,
        querystring: listQuery,
        response: { 200: listBody, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit === undefined ? DEFAULT_PAGE : Number(q.limit);
      if (limit > MAX_PAGE) {
        throw new KudusoError('VALIDATION_FAILED', {
          message: `limit must be at most ${MAX_PAGE}.`,
          field: '/querystring/limit',
        });
      }
      const [definition, version] = q.definition?.split('@') ?? [];
      // One row more than asked tells whether another page exists.
      const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
      const tenant = request.principal.tenant_id;
      const rows = await withTenant(deps.db, tenant, (tx) =>
        listJobs(tx, tenant, { status: q.status, definition, version, after, limit: limit + 1 }),
      );
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(statusView),
        next_cursor: rows.length > limit && last ? encodeCursor(last.created_us, last.id) : null,
      };
    },
  );
}
