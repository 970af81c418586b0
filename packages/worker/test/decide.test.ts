// The verdict for each AppServer answer: catalogue codes first, the HTTP status only without a known code.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decide } from '../src/decide.ts';

const httpError = (status: number, code?: string) =>
  ({ kind: 'http-error', status, code, error: `${status} ${code ?? ''}` }) as const;

test('a refused service token is an outage (no attempt spent), not the job failing', () => {
  assert.equal(decide(httpError(401, 'UNAUTHORIZED')).kind, 'outage');
});

test('seats full and an unavailable AppServer are outages; a domain error fails the job at once', () => {
  assert.equal(decide(httpError(429, 'NO_FREE_SEAT')).kind, 'outage');
  assert.equal(decide(httpError(503)).kind, 'outage');
  assert.equal(decide(httpError(422, 'DOMAIN_INVALID')).kind, 'fail');
  assert.equal(decide(httpError(500)).kind, 'retry');
});

test("the engine's own solve timeout (504 ENGINE_TIMEOUT) is deterministic: the job fails at once", () => {
  const v = decide({
    kind: 'http-error',
    status: 504,
    code: 'ENGINE_TIMEOUT',
    error:
      '504 ENGINE_TIMEOUT: sitefit@2.0.0 did not finish within 240 s (manifest timeout_sec). (reduce the work)',
  });
  assert.deepEqual(v, {
    kind: 'fail',
    error:
      '504 ENGINE_TIMEOUT: sitefit@2.0.0 did not finish within 240 s (manifest timeout_sec). (reduce the work)',
  });
  // A bare 504 without a known code keeps the status fallback (a proxy's gateway timeout): retried, counted.
  assert.equal(decide(httpError(504)).kind, 'retry');
});

test('transport timeouts are not the engine timeout: no answer at all is counted, a lost connection is an outage', () => {
  assert.equal(decide({ kind: 'timeout', error: 'AppServer did not answer within 245000 ms' }).kind, 'retry');
  assert.equal(decide({ kind: 'unreachable', error: 'AppServer unreachable: ECONNRESET' }).kind, 'outage');
});
