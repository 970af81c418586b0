// The worker's call to the AppServer, and what its answer means for the job: done, never retry, or retry.
import { solveUrl } from '@kuduso/core';
import { parseRetryAfter } from './backoff.ts';

export interface StoredArtifact {
  kind: string;
  label?: string;
  key: string;
  content_type?: string;
  size_bytes?: number;
  checksum?: string;
}

export type SolveOutcome =
  | { kind: 'ok'; outputs: Record<string, unknown>; artifacts: StoredArtifact[] }
  /** The request itself is wrong (400/404/413/422): retrying cannot help. */
  | { kind: 'permanent'; error: string }
  /** Busy, timed out, down, or a network fault: worth another attempt. */
  | { kind: 'transient'; error: string; retryAfterSec?: number };

export interface SolveCall {
  appServerUrl: string;
  definition: string;
  version: string;
  inputs: unknown;
  jobId: string;
  tenantId: string;
  correlationId: string;
  token?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

const PERMANENT = new Set([400, 404, 405, 413, 415, 422]);

function describe(status: number, body: unknown): string {
  const b = body as { code?: string; message?: string } | undefined;
  return b?.code ? `${status} ${b.code}: ${b.message ?? ''}`.trim() : `HTTP ${status}`;
}

export async function callSolve(call: SolveCall): Promise<SolveOutcome> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-correlation-id': call.correlationId,
    'x-job-id': call.jobId,
    'x-tenant-id': call.tenantId,
    // The AppServer aborts the solve and frees its seat when this budget runs out (or the connection closes).
    'x-request-timeout-ms': String(Math.max(0, Math.round(call.timeoutMs))),
  };
  if (call.token) headers.authorization = `Bearer ${call.token}`;
  const timeout = AbortSignal.timeout(call.timeoutMs);
  const signal = call.signal ? AbortSignal.any([timeout, call.signal]) : timeout;
  let res: Response;
  try {
    res = await fetch(solveUrl(call.appServerUrl, call.definition, call.version), {
      method: 'POST',
      headers,
      body: JSON.stringify(call.inputs),
      signal,
    });
  } catch (e) {
    if (timeout.aborted)
      return { kind: 'transient', error: `AppServer did not answer within ${call.timeoutMs} ms` };
    if (call.signal?.aborted) return { kind: 'transient', error: 'worker shutting down' };
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    return { kind: 'transient', error: `AppServer unreachable: ${cause ?? (e as Error).message}` };
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (res.ok) {
    const b = body as { outputs?: Record<string, unknown>; artifacts?: StoredArtifact[] } | undefined;
    if (!b?.outputs || typeof b.outputs !== 'object') {
      return { kind: 'transient', error: 'AppServer answered 200 without outputs' };
    }
    return { kind: 'ok', outputs: b.outputs, artifacts: Array.isArray(b.artifacts) ? b.artifacts : [] };
  }
  if (PERMANENT.has(res.status)) return { kind: 'permanent', error: describe(res.status, body) };
  return {
    kind: 'transient',
    error: describe(res.status, body),
    retryAfterSec: parseRetryAfter(res.headers.get('retry-after')),
  };
}
