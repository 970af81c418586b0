// Rotating ARTIFACT_SIGNING_SECRET without breaking links already handed out: verifyLink takes the current
// and the previous secret; a link signed with either stays valid until it expires, any other is refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig, signLink, verifyLink } from '@kuduso/core';

test('links signed with the previous secret verify while it is listed, and not after', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const exp = new Date(now.getTime() + 60_000);
  const old = signLink('old-secret', 'jobs/a/b.geojson', exp);
  const fresh = signLink('new-secret', 'jobs/a/b.geojson', exp);
  const during = ['new-secret', 'old-secret'];
  assert.equal(verifyLink(during, 'jobs/a/b.geojson', String(old.exp), old.sig, now), 'ok');
  assert.equal(verifyLink(during, 'jobs/a/b.geojson', String(fresh.exp), fresh.sig, now), 'ok');
  assert.equal(verifyLink(['new-secret'], 'jobs/a/b.geojson', String(old.exp), old.sig, now), 'invalid');
  assert.equal(verifyLink(during, 'jobs/a/c.geojson', String(old.exp), old.sig, now), 'invalid');
  assert.equal(verifyLink([], 'jobs/a/b.geojson', String(old.exp), old.sig, now), 'invalid');
});

test('the previous secret and token are read from the environment', () => {
  const c = parseConfig({ ARTIFACT_SIGNING_SECRET_PREVIOUS: 'p', APPSERVER_TOKEN_PREVIOUS: 't' });
  assert.equal(c.signingSecretPrevious, 'p');
  assert.equal(c.appserverTokenPrevious, 't');
});
