// The engine and preview settings of the configuration: ENGINE_OVERRIDES parsed pair by pair, every bad pair
// named, COMPUTE_URL required as soon as anything runs on grasshopper, the preview lane's defaults.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, parseConfig } from '../src/index.ts';

test('ENGINE_OVERRIDES, COMPUTE_TIMEOUT_SEC and the preview lane settings', () => {
  const c = parseConfig(
    {
      ENGINE_OVERRIDES: 'sitefit@1.0.0=grasshopper, other@2.1.0=builtin',
      COMPUTE_URL: 'http://compute:6500/',
      COMPUTE_TIMEOUT_SEC: '30',
      APPSERVER_PREVIEW_SEATS: '3',
    },
    'appserver',
  );
  assert.deepEqual(c.engineOverrides, { 'sitefit@1.0.0': 'grasshopper', 'other@2.1.0': 'builtin' });
  assert.equal(c.computeTimeoutSec, 30);
  assert.equal(c.appserverPreviewSeats, 3);
  assert.equal(c.appserverPreviewTimeoutMs, 2000);
  assert.equal(c.appserverPreviewCache, 512);
  assert.deepEqual(parseConfig({}, 'appserver').engineOverrides, {});
});

test('a malformed override is named, and grasshopper needs COMPUTE_URL', () => {
  assert.throws(
    () => parseConfig({ ENGINE_OVERRIDES: 'sitefit=grasshopper,sitefit@1.0.0=grasshopper' }, 'appserver'),
    (e: unknown) =>
      e instanceof ConfigError &&
      e.problems.some((p) => p.includes('"sitefit=grasshopper" is not definition@x.y.z=engine')) &&
      e.problems.some((p) => p.includes('COMPUTE_URL is required when ENGINE_OVERRIDES names grasshopper')),
  );
  assert.throws(
    () => parseConfig({ USE_COMPUTE: 'true' }, 'appserver'),
    /COMPUTE_URL is required when USE_COMPUTE=true/,
  );
});
