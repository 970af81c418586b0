// The AppServer's HTTP client, for the worker (batch solves) and the API's preview lane. It reports what
// happened on the wire and nothing more: whether that is the job's fault, an outage, or a reason to retry
// is the caller's decision (the worker's is in @kuduso/worker's decide.ts).
import { solveUrl } from '@kuduso/core';
import { injectTraceHeaders } from '@kuduso/tracing';
import { parseRetryAfter } from './retry-after.ts';

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
  /** The AppServer answered with an error status; `code` is the body's catalogue code when it had one. */
  | { kind: 'http-error'; status: number; code?: string; error: string; retryAfterSec?: number }
  /** No connection could be made or it broke before an answer (refused, reset, DNS). */
  | { kind: 'unreachable'; error: string }
  /** No answer within the call's timeoutMs. */
  | { kind: 'timeout'; error: string }
  /** The caller's signal aborted the call (shutdown, lease lost, job cancelled); `reason` is the signal's. */
  | { kind: 'aborted'; error: string; reason: unknown }
  /** 2xx without a usable body. */
  | { kind: 'bad-response'; error: string };

export interface RequestCall {
  /** Extra headers, e.g. correlation, job and tenant ids. */
  headers?: Record<string, string>;
  token?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface SolveCall extends Omit<RequestCall, 'headers'> {
  appServerUrl: string;
  definition: string;
  version: string;
  inputs: unknown;
  jobId: string;
  tenantId: string;
  correlationId: string;
}

export type PostOutcome =
  | { kind: 'answer'; status: number; body: unknown; retryAfterSec?: number }
  | Exclude<SolveOutcome, { kind: 'ok' } | { kind: 'http-error' } | { kind: 'bad-response' }>;

function describe(status: number, body: unknown): { code?: string; error: string } {
  const b = body as { code?: unknown; message?: unknown; hint?: unknown } | undefined;
  if (b && typeof b.code === 'string') {
    // The hint says what to change (e.g. which limit a timeout hit); it ends up in the job's last_error.
    const hint = typeof b.hint === 'string' && b.hint ? ` (${b.hint})` : '';
    return {
      code: b.code,
      error: `${`${status} ${b.code}: ${typeof b.message === 'string' ? b.message : ''}`.trim()}${hint}`,
    };
  }
  return { error: `HTTP ${status}` };
}

/** POSTs JSON to any AppServer URL (solve, preview) and classifies transport failures. */
export async function postJson(url: string, body: unknown, call: RequestCall): Promise<PostOutcome> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...call.headers };
  if (call.token) headers.authorization = `Bearer ${call.token}`;
  // The caller's active span (the worker's job span) becomes the AppServer's parent.
  injectTraceHeaders(headers);
  const timeout = AbortSignal.timeout(call.timeoutMs);
  const signal = call.signal ? AbortSignal.any([timeout, call.signal]) : timeout;
  try {
    const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal });
    let parsed: unknown;
    try {
      parsed = await res.json();
    } catch {
      parsed = undefined;
    }
    return {
      kind: 'answer',
      status: res.status,
      body: parsed,
      retryAfterSec: parseRetryAfter(res.headers.get('retry-after')),
    };
  } catch (e) {
    // The caller's own abort wins over the timeout when both fired: it says why we stopped.
    if (call.signal?.aborted) {
      return {
        kind: 'aborted',
        error: `call aborted: ${String(call.signal.reason)}`,
        reason: call.signal.reason,
      };
    }
    if (timeout.aborted)
      return { kind: 'timeout', error: `AppServer did not answer within ${call.timeoutMs} ms` };
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    return { kind: 'unreachable', error: `AppServer unreachable: ${cause ?? (e as Error).message}` };
  }
}

export type CallSolve = (call: SolveCall) => Promise<SolveOutcome>;

export async function callSolve(call: SolveCall): Promise<SolveOutcome> {
  const out = await postJson(solveUrl(call.appServerUrl, call.definition, call.version), call.inputs, {
    headers: {
      'x-correlation-id': call.correlationId,
      'x-job-id': call.jobId,
      'x-tenant-id': call.tenantId,
      // The AppServer aborts the solve and frees its seat when this budget runs out (or the connection closes).
      'x-request-timeout-ms': String(Math.max(0, Math.round(call.timeoutMs))),
    },
    token: call.token,
    timeoutMs: call.timeoutMs,
    signal: call.signal,
  });
  if (out.kind !== 'answer') return out;
  if (out.status >= 200 && out.status < 300) {
    const b = out.body as { outputs?: Record<string, unknown>; artifacts?: StoredArtifact[] } | undefined;
    if (!b?.outputs || typeof b.outputs !== 'object') {
      return { kind: 'bad-response', error: 'AppServer answered 200 without outputs' };
    }
    return { kind: 'ok', outputs: b.outputs, artifacts: Array.isArray(b.artifacts) ? b.artifacts : [] };
  }
  return {
    kind: 'http-error',
    status: out.status,
    ...describe(out.status, out.body),
    retryAfterSec: out.retryAfterSec,
  };
}

/**
 * Whether the AppServer can take work now: its /readyz answers 2xx within timeoutMs. Used by the worker's
 * circuit breaker to probe before it takes messages again.
 */
export async function probeAppServer(appServerUrl: string, timeoutMs = 2000): Promise<boolean> {
  // APP_SERVER_URL may be the seed's solve template; the probe needs the server's origin.
  const base = appServerUrl.includes('{definition}')
    ? new URL(appServerUrl.replace(/\{[^}]+\}/g, 'x')).origin
    : appServerUrl.replace(/\/+$/, '');
  try {
    const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}
