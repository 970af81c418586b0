import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRetryAfter, retryDelaySec } from '@kuduso/worker';

test('backoff doubles from the base, is capped, and jitters within 50-100 % of the step', () => {
  const policy = { baseSec: 2, maxSec: 30 };
  assert.equal(
    retryDelaySec(policy, 1, undefined, () => 1),
    2,
  );
  assert.equal(
    retryDelaySec(policy, 1, undefined, () => 0),
    1,
  );
  assert.equal(
    retryDelaySec(policy, 3, undefined, () => 1),
    8,
  );
  assert.equal(
    retryDelaySec(policy, 10, undefined, () => 1),
    30,
  );
  assert.equal(
    retryDelaySec(policy, 10, undefined, () => 0),
    15,
  );
});

test("a server's Retry-After is a floor", () => {
  assert.equal(
    retryDelaySec({ baseSec: 1, maxSec: 10 }, 1, 7, () => 0),
    7,
  );
  assert.equal(
    retryDelaySec({ baseSec: 1, maxSec: 10 }, 5, 2, () => 1),
    10,
  );
});

test('Retry-After as seconds or an HTTP date', () => {
  assert.equal(parseRetryAfter('3'), 3);
  assert.equal(parseRetryAfter(null), undefined);
  assert.equal(parseRetryAfter('soon'), undefined);
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now), 10);
});
