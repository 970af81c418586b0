// What an AppServer answer means for the job. Pure: no I/O. The error code's catalogue entry decides
// (`retryable`); the HTTP status only speaks for bodies without a code we know. Unavailability of the
// AppServer itself (down, 503, no free seat) is an outage: not the job's fault, so it costs no attempt.

import type { SolveOutcome, StoredArtifact } from '@kuduso/appserver-client';
import { ERROR_CATALOGUE, type ErrorSpec } from '@kuduso/core';

export type Verdict =
  | { kind: 'succeed'; outputs: Record<string, unknown>; artifacts: StoredArtifact[] }
  /** The job itself cannot succeed: fail it now and dead-letter the message. */
  | { kind: 'fail'; error: string }
  /** The job's own failure that may pass next time: counts toward MAX_ATTEMPTS. */
  | { kind: 'retry'; error: string; retryAfterSec?: number }
  /** The AppServer is down or full: retry without counting an attempt, and pause taking new work. */
  | { kind: 'outage'; error: string; retryAfterSec?: number }
  /** The call was stopped from our side (shutdown, lease lost, job cancelled). */
  | { kind: 'aborted'; error: string; reason: unknown };

/** Codes that say "the service cannot take work now", not "this job failed". */
const OUTAGE_CODES = new Set([
  'NO_FREE_SEAT',
  'RATE_LIMITED',
  'NOT_READY',
  'UPSTREAM_UNAVAILABLE',
  'DATABASE_UNAVAILABLE',
  // The AppServer refusing our service token is a deployment fault (a token rotated on one side only): jobs
  // wait for the operator instead of being dead-lettered for it.
  'UNAUTHORIZED',
]);
/** Without a known code: the statuses of a busy or unavailable server. */
const OUTAGE_STATUSES = new Set([429, 503]);

function catalogued(code: string | undefined): ErrorSpec | undefined {
  return code ? (ERROR_CATALOGUE as Record<string, ErrorSpec>)[code] : undefined;
}

export function decide(outcome: SolveOutcome): Verdict {
  switch (outcome.kind) {
    case 'ok':
      return { kind: 'succeed', outputs: outcome.outputs, artifacts: outcome.artifacts };
    case 'unreachable':
      return { kind: 'outage', error: outcome.error };
    case 'aborted':
      return { kind: 'aborted', error: outcome.error, reason: outcome.reason };
    // No answer at all within timeout_sec + a margin (the AppServer's own 504 should have come first): the
    // AppServer or the path to it hung, not known to be the input's fault, but counted (issue 7) so a job that
    // hangs it every time still ends. The engine's own timeout is the catalogue's ENGINE_TIMEOUT below, which is
    // not retryable: the same inputs run out of the same budget on every attempt (issue 9).
    case 'timeout':
    case 'bad-response':
      return { kind: 'retry', error: outcome.error };
    case 'http-error': {
      const { error, retryAfterSec } = outcome;
      const spec = catalogued(outcome.code);
      if (spec) {
        if (outcome.code && OUTAGE_CODES.has(outcome.code)) return { kind: 'outage', error, retryAfterSec };
        return spec.retryable ? { kind: 'retry', error, retryAfterSec } : { kind: 'fail', error };
      }
      if (OUTAGE_STATUSES.has(outcome.status)) return { kind: 'outage', error, retryAfterSec };
      if (outcome.status >= 500 || outcome.status === 408) return { kind: 'retry', error, retryAfterSec };
      return { kind: 'fail', error };
    }
  }
}
