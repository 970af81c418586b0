// Accepting a job: validate, hash, answer from the idempotency record or the result cache, otherwise write
// the job row and its queue message in one transaction (no dual write: both commit or neither does).
import {
  canonicalJson,
  countPositions,
  enforceMaxVertices,
  inputsHash,
  KudusoError,
  newId,
  sha256Hex,
  validationFailed,
} from '@kuduso/core';
import { findJobByIdempotencyKey, type JobRow, withTenant } from '@kuduso/db';
import type { Principal } from '@kuduso/http';
import type { ApiDeps } from './deps.ts';
import type { JobWriter } from './job-writer.ts';

export interface RunRequest {
  app_id: string;
  definition: string;
  version: string;
  inputs: Record<string, unknown>;
  priority?: number;
}

export interface RunOutcome {
  /** 202 for a new or replayed queued job, 200 when answered from a finished job. */
  statusCode: 200 | 202;
  job: JobRow;
  cached: boolean;
  replayed: boolean;
}

export async function acceptJob(
  deps: ApiDeps & { writer: JobWriter },
  principal: Principal,
  body: RunRequest,
  correlationId: string,
  idempotencyKey: string | undefined,
  traceparent?: string,
): Promise<RunOutcome> {
  const contract = deps.registry.get(body.definition, body.version);
  if (!contract) {
    const known = deps.registry.versions(body.definition);
    throw new KudusoError('UNKNOWN_DEFINITION', {
      message: `No definition ${body.definition}@${body.version}.`,
      field: known.length ? '/version' : '/definition',
      hint: known.length ? `Known versions: ${known.join(', ')}.` : 'GET /definitions lists them.',
    });
  }
  const checked = contract.validateInputs(body.inputs, '/inputs');
  if (!checked.ok) throw validationFailed(checked.errors);
  const inputs = checked.value;
  // PostgreSQL's jsonb cannot hold U+0000; say so here rather than fail in the database.
  if (JSON.stringify(inputs).includes('\\u0000')) {
    throw new KudusoError('VALIDATION_FAILED', {
      message: 'The inputs contain a NUL character (U+0000).',
      field: '/inputs',
      hint: 'Remove U+0000 from every string.',
    });
  }
  // Limits and domain rules too, so a job that could never run is refused now instead of failing later.
  const size = countPositions(inputs);
  enforceMaxVertices(contract, { count: size.count, field: size.field && `/inputs${size.field}` });
  deps.domainCheck?.(body.definition, body.version, inputs, contract.manifest);

  const tenantId = principal.tenant_id;
  const hash = inputsHash(body.definition, body.version, inputs);
  const requestHash = sha256Hex(canonicalJson({ app_id: body.app_id, hash, priority: body.priority ?? 0 }));

  // A retry with a known Idempotency-Key answers from its job at once. The result cache and the tenant's cap
  // are looked at in the group commit (JobWriter), for every submission of the group in one statement each:
  // a per-request transaction for them cost more round trips than the whole insert.
  if (idempotencyKey) {
    const existing = await withTenant(deps.db, tenantId, (tx) =>
      findJobByIdempotencyKey(tx, tenantId, idempotencyKey),
    );
    if (existing) return replay(existing, requestHash);
  }

  const id = newId();
  const written = await deps.writer.write({
    job: {
      id,
      tenant_id: tenantId,
      app_id: body.app_id,
      definition: body.definition,
      version: body.version,
      inputs_hash: hash,
      payload_json: inputs,
      correlation_id: correlationId,
      priority: body.priority ?? 0,
      idempotency_key: idempotencyKey ?? null,
      request_hash: requestHash,
    },
    message: {
      job_id: id,
      tenant_id: tenantId,
      app_id: body.app_id,
      definition: body.definition,
      version: body.version,
      correlation_id: correlationId,
      ...(traceparent ? { traceparent } : {}),
    },
  });
  if (written.kind === 'inserted')
    return { statusCode: 202, job: written.row, cached: false, replayed: false };
  if (written.kind === 'cached') return { statusCode: 200, job: written.row, cached: true, replayed: false };
  // A concurrent request with the same Idempotency-Key won.
  const winner = idempotencyKey
    ? await withTenant(deps.db, tenantId, (tx) => findJobByIdempotencyKey(tx, tenantId, idempotencyKey))
    : null;
  if (!winner) throw new KudusoError('INTERNAL', { message: 'The job could not be stored.' });
  return replay(winner, requestHash);
}

function replay(existing: JobRow, requestHash: string): RunOutcome {
  if (existing.request_hash !== requestHash) {
    throw new KudusoError('IDEMPOTENCY_CONFLICT', {
      field: '/headers/idempotency-key',
      hint: 'Use a new Idempotency-Key for a different request.',
      extra: { job_id: existing.id },
    });
  }
  return { statusCode: 202, job: existing, cached: false, replayed: true };
}
