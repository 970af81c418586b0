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
