// The API's web plugin without a browser: a missing build says so at `/`, API paths and the 404 stay JSON.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { webRoutes } from '@kuduso/api/web';
import { registerErrorHandling } from '@kuduso/http';
import Fastify from 'fastify';

async function server(dir: string | null, notice?: string) {
  const app = Fastify();
  registerErrorHandling(app);
  app.get('/jobs/status/:id', async () => ({ ok: true }));
  await app.register(async (scope) => webRoutes(scope, { dir, notice }));
  return app;
}

test('without a build, / answers 503 with how to build it; other paths are untouched', async () => {
  const app = await server(null, 'The web UI is not built. Run `npm run build:web`.');
  const r = await app.inject({ url: '/' });
  assert.equal(r.statusCode, 503);
  assert.match(r.body, /npm run build:web/);
  assert.equal((await app.inject({ url: '/jobs/status/x' })).json().ok, true);
  const missing = await app.inject({ url: '/assets/x.js' });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().code, 'NOT_FOUND');
  await app.close();
});

test('with a build, / is its index.html (no-cache), assets are immutable, unknown paths stay JSON 404', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kuduso-web-dist-'));
  try {
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets/app-1.js'), 'console.log(1)');
    const app = await server(dir, 'stale build');
    const index = await app.inject({ url: '/' });
    assert.equal(index.statusCode, 200);
    assert.equal(index.headers['cache-control'], 'no-cache');
    assert.equal(index.headers['x-kuduso-web-notice'], 'stale build');
    const asset = await app.inject({ url: '/assets/app-1.js' });
    assert.equal(asset.statusCode, 200);
    assert.match(String(asset.headers['cache-control']), /immutable/);
    const missing = await app.inject({ url: '/assets/nope.js' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().code, 'NOT_FOUND');
    await app.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the page's CSP adds only what the page needs to the API's", async () => {
  const { pageCsp } = await import('@kuduso/api/web');
  const api = "default-src 'self';img-src 'self' data:;script-src 'self';object-src 'none'";
  assert.equal(
    pageCsp(api),
    "default-src 'self';img-src 'self' data: blob: https:;script-src 'self';object-src 'none'",
  );
});
