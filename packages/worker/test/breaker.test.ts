import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Breaker } from '@kuduso/worker';

test('the breaker opens on trip, probes after the cool-down, stays open while the probe fails, closes on success', async () => {
  let healthy = false;
  let probes = 0;
  const states: string[] = [];
  const b = new Breaker({
    name: 'appserver',
    policy: { baseSec: 0.01, maxSec: 0.05 },
    probe: async () => {
      probes++;
      if (probes >= 3) healthy = true;
      return healthy;
    },
    onChange: (s) => states.push(s),
  });
  assert.equal(b.state, 'closed');
  b.trip();
  assert.equal(b.state, 'open');
  const waiters = [b.ready(new AbortController().signal), b.ready(new AbortController().signal)];
  await Promise.all(waiters);
  assert.equal(b.state, 'closed');
  assert.equal(probes, 3, 'one probe per cool-down, shared by the waiters');
  assert.deepEqual(states.slice(-1), ['closed']);
});

test('ready() returns when its signal aborts, even while open', async () => {
  const b = new Breaker({ name: 'db', policy: { baseSec: 60, maxSec: 60 }, probe: async () => false });
  b.trip();
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 10);
  await b.ready(ac.signal);
  assert.equal(b.state, 'open');
});
