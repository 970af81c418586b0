// The JWT verifier against a real local JWKS HTTP server: RS256 and ES256 keys, key rotation (an unknown key
// id re-fetches the set; a retired key stops working), Supabase-style roles, and an unreachable key server.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { type AuthConfig, KudusoError } from '@kuduso/core';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { createJwtVerifier, rolesOf } from '../src/auth.ts';

let keys: JWK[] = [];
let fetches = 0;
let server: Server;
let jwksUrl: string;

before(async () => {
  server = createServer((_req, res) => {
    fetches++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

const auth = (url: string): AuthConfig => ({
  mode: 'jwt',
  defaultTenant: 'public',
  jwksUrl: url,
  issuer: 'https://issuer.test',
  audience: 'kuduso',
  clockSkewSec: 5,
  tenantClaim: 'tenant_id',
  adminRole: 'admin',
});

async function keyPair(alg: 'RS256' | 'ES256', kid: string) {
  const { publicKey, privateKey } = await generateKeyPair(alg);
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  const sign = (claims: Record<string, unknown>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg, kid })
      .setSubject('svc-1')
      .setIssuer('https://issuer.test')
      .setAudience('kuduso')
      .setExpirationTime('5m')
      .sign(privateKey);
  return { jwk, sign };
}

async function rejects401(p: Promise<unknown>) {
  await assert.rejects(p, (e) => e instanceof KudusoError && e.status === 401);
}

test('RS256 then ES256 after a rotation: the new key is fetched, the retired one refused', async () => {
  const k1 = await keyPair('RS256', 'k1');
  const k2 = await keyPair('ES256', 'k2');
  keys = [k1.jwk];
  fetches = 0;
  const verify = createJwtVerifier(auth(jwksUrl), { jwksCooldownMs: 0 });
  const p = await verify(await k1.sign({ tenant_id: 'acme', role: 'authenticated' }));
  assert.deepEqual(p, { tenant_id: 'acme', subject: 'svc-1', roles: ['authenticated'] });
  await verify(await k1.sign({ tenant_id: 'acme' }));
  assert.equal(fetches, 1, 'the key set is cached');

  keys = [k2.jwk]; // rotation: k1 retired, k2 published
  const p2 = await verify(await k2.sign({ tenant_id: 'globex', app_metadata: { roles: ['admin'] } }));
  assert.equal(p2.tenant_id, 'globex');
  assert.deepEqual(p2.roles, ['admin']);
  assert.equal(fetches, 2, 'an unknown kid re-fetched the set');
  await rejects401(verify(await k1.sign({ tenant_id: 'acme' })));
});

test('a token signed by a key the server never published is refused', async () => {
  const k1 = await keyPair('RS256', 'k1');
  const stranger = await keyPair('RS256', 'k1');
  keys = [k1.jwk];
  const verify = createJwtVerifier(auth(jwksUrl), { jwksCooldownMs: 0 });
  await rejects401(verify(await stranger.sign({ tenant_id: 'acme' })));
});

test('an HS256 token is refused when the API expects JWKS keys (no algorithm confusion)', async () => {
  keys = [(await keyPair('RS256', 'k1')).jwk];
  const verify = createJwtVerifier(auth(jwksUrl), { jwksCooldownMs: 0 });
  const hs = await new SignJWT({ tenant_id: 'acme' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('x')
    .setIssuer('https://issuer.test')
    .setAudience('kuduso')
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode('x'.repeat(32)));
  await rejects401(verify(hs));
});

test('an unreachable key server is a 503, not a 401', async () => {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const k = await keyPair('ES256', 'k9');
  const verify = createJwtVerifier(auth(`http://127.0.0.1:${port}/jwks`));
  await assert.rejects(
    verify(await k.sign({ tenant_id: 'acme' })),
    (e) => e instanceof KudusoError && e.status === 503,
  );
});

test('roles come from role, roles and app_metadata, never user_metadata', () => {
  assert.deepEqual(
    rolesOf({
      role: 'authenticated',
      roles: ['a'],
      app_metadata: { role: 'admin', roles: ['b', 'a'] },
      user_metadata: { roles: ['admin-by-self'] },
    }),
    ['authenticated', 'a', 'admin', 'b'],
  );
});
