// The AppServer's service token outside loopback: the config refuses a beyond-loopback AppServer without
// APPSERVER_TOKEN, and startAppServer refuses too (a config built another way cannot slip past).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, parseConfig } from '@kuduso/core';
import { createLogger } from '@kuduso/core/node';
import { startAppServer } from '../src/index.ts';

test('APPSERVER_TOKEN is required when the AppServer binds beyond loopback', () => {
  assert.throws(
    () => parseConfig({ HOST: '0.0.0.0' }, 'appserver'),
    (e: unknown) => e instanceof ConfigError && e.problems.some((p) => /APPSERVER_TOKEN is required/.test(p)),
  );
  assert.doesNotThrow(() => parseConfig({ HOST: '0.0.0.0', APPSERVER_TOKEN: 't'.repeat(32) }, 'appserver'));
  assert.doesNotThrow(() => parseConfig({ HOST: '127.0.0.1' }, 'appserver'));
});

test('startAppServer refuses to listen beyond loopback without a token', async () => {
  const config = { ...parseConfig({ APPSERVER_PORT: '0' }, 'appserver'), host: '0.0.0.0' };
  await assert.rejects(
    startAppServer(config, createLogger('appserver', 'silent')),
    /APPSERVER_TOKEN is required/,
  );
});

test('AUTH_MODE=none only on loopback; jwt needs a key source; short secrets refused', () => {
  const problems = (env: Record<string, string>, role: 'api' | 'dev' = 'dev') => {
    try {
      parseConfig(env, role);
      return [];
    } catch (e) {
      return (e as ConfigError).problems;
    }
  };
  assert.ok(problems({ HOST: '0.0.0.0' }).some((p) => /AUTH_MODE=none is only allowed/.test(p)));
  assert.deepEqual(problems({ HOST: '::1' }), []);
  assert.ok(problems({ AUTH_MODE: 'jwt' }).some((p) => /JWT_SECRET .* or JWT_JWKS_URL/.test(p)));
  const short = problems({ AUTH_MODE: 'jwt', JWT_SECRET: 'hunter2' });
  assert.ok(short.some((p) => /at least 32/.test(p)));
  assert.ok(!short.join('\n').includes('hunter2'), 'the secret is never echoed');
  assert.deepEqual(problems({ HOST: '0.0.0.0', AUTH_MODE: 'jwt', JWT_JWKS_URL: 'https://x.test/jwks' }), []);
});
