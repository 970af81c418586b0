// Authentication: one onRequest hook sets request.principal {tenant_id, subject, roles} from a bearer JWT
// (HS256 secret, or RS256/ES256 keys from a JWKS URL), from the static operator token, or, with
// AUTH_MODE=none, to the default tenant. Routes marked `config: { public: true }` skip it. Failures are
// the catalogue's 401/403 with WWW-Authenticate (RFC 6750); the token itself is never logged or echoed.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuthConfig } from '@kuduso/core';
import { KudusoError } from '@kuduso/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createRemoteJWKSet, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';

export interface Principal {
  tenant_id: string;
  subject: string;
  roles: string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** No authentication (health probes, docs, signed artifact links). */
    public?: boolean;
    /** Only principals with the admin role. */
    admin?: boolean;
  }
}

/** Tenant ids are stored and compared as text: keep them short and printable. */
const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

export type TokenVerifier = (token: string) => Promise<Principal>;

export interface JwtVerifierOptions {
  /** JWKS cache: keys are re-fetched at most this often (ms) unless an unknown key id forces it. */
  jwksCacheMaxAgeMs?: number;
  /** Minimum wait (ms) between two JWKS fetches caused by unknown key ids. */
  jwksCooldownMs?: number;
}

function claimAt(payload: JWTPayload, path: string): unknown {
  let v: unknown = payload;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * Roles from Supabase-style claims: `role` (e.g. "authenticated"), `roles`, and `app_metadata.role(s)`
 * (app_metadata is writable only by the service, unlike user_metadata, which is never read).
 */
export function rolesOf(payload: JWTPayload): string[] {
  const meta = payload.app_metadata as Record<string, unknown> | undefined;
  const all = [
    ...strings(payload.role),
    ...strings(payload.roles),
    ...strings(meta?.role),
    ...strings(meta?.roles),
  ];
  return [...new Set(all)];
}

/** 401s about a token that was sent (RFC 6750's error="invalid_token"), as opposed to a missing one. */
const invalidTokens = new WeakSet<KudusoError>();

function invalidToken(message: string): KudusoError {
  const err = new KudusoError('UNAUTHORIZED', {
    message,
    hint: 'Send Authorization: Bearer <JWT> signed for this API.',
  });
  invalidTokens.add(err);
  return err;
}

/** Verifies a JWT's signature, expiry, issuer and audience, and reads the principal from its claims. */
export function createJwtVerifier(auth: AuthConfig, options: JwtVerifierOptions = {}): TokenVerifier {
  let key: Uint8Array | JWTVerifyGetKey;
  let algorithms: string[];
  if (auth.jwksUrl) {
    key = createRemoteJWKSet(new URL(auth.jwksUrl), {
      cacheMaxAge: options.jwksCacheMaxAgeMs ?? 10 * 60_000,
      cooldownDuration: options.jwksCooldownMs ?? 30_000,
      timeoutDuration: 5000,
    });
    algorithms = ['RS256', 'ES256'];
  } else if (auth.jwtSecret) {
    key = new TextEncoder().encode(auth.jwtSecret);
    algorithms = ['HS256'];
  } else {
    throw new Error('AUTH_MODE=jwt needs JWT_SECRET or JWT_JWKS_URL');
  }
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key as JWTVerifyGetKey, {
        algorithms,
        issuer: auth.issuer,
        audience: auth.audience,
        clockTolerance: auth.clockSkewSec,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED') throw invalidToken('The token has expired.');
      // No jose code (a failed fetch), a timeout or a broken key set: the key server is at fault.
      if (!code || ['ERR_JWKS_TIMEOUT', 'ERR_JOSE_GENERIC', 'ERR_JWKS_INVALID'].includes(code)) {
        throw new KudusoError('UPSTREAM_UNAVAILABLE', {
          message: 'The token keys cannot be fetched now.',
          retryAfterSec: 5,
        });
      }
      throw invalidToken('The token is not valid for this API.');
    }
    const tenant = claimAt(payload, auth.tenantClaim);
    if (typeof tenant !== 'string' || !TENANT_ID.test(tenant)) {
      throw new KudusoError('FORBIDDEN', {
        message: `The token has no usable tenant claim (${auth.tenantClaim}).`,
        hint: 'Put the tenant id in the token (e.g. app_metadata.tenant_id) and set JWT_TENANT_CLAIM.',
      });
    }
    return { tenant_id: tenant, subject: String(payload.sub), roles: rolesOf(payload) };
  };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export interface AuthOptions {
  auth: AuthConfig;
  /** Bearer of this token is an operator (admin role, default tenant). */
  adminToken?: string;
  /** AUTH_MODE=none principals get the admin role too (`kuduso dev`: the operator's own machine). */
  devMode?: boolean;
  /** Injected for tests (JWKS timings); built from `auth` otherwise. */
  verifier?: TokenVerifier;
}

function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const m = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header);
  if (!m) throw invalidToken('The Authorization header is not "Bearer <token>".');
  return m[1];
}

function challenge(reply: FastifyReply, err: KudusoError): void {
  const parts = ['Bearer realm="kuduso"'];
  if (invalidTokens.has(err)) parts.push('error="invalid_token"');
  if (err.status === 403) parts.push('error="insufficient_scope"');
  if (err.status === 401 || err.status === 403) reply.header('www-authenticate', parts.join(', '));
}

/** Registers the principal hook on `app` (all routes registered after it, in every scope). */
export function registerAuth(app: FastifyInstance, options: AuthOptions): void {
  const { auth } = options;
  const verify = auth.mode === 'jwt' ? (options.verifier ?? createJwtVerifier(auth)) : undefined;
  const adminDigest = options.adminToken ? digest(options.adminToken) : undefined;
  const anonymous: Principal = {
    tenant_id: auth.defaultTenant,
    subject: 'anonymous',
    roles: options.devMode ? [auth.adminRole] : [],
  };
  app.decorateRequest('principal', null as unknown as Principal);
  app.addHook('onRequest', async (request, reply) => {
    const route = request.routeOptions.config;
    if (route?.public || request.routeOptions.url === undefined) return;
    try {
      const token = bearerOf(request);
      let principal: Principal;
      if (token && adminDigest && timingSafeEqual(digest(token), adminDigest)) {
        principal = { tenant_id: auth.defaultTenant, subject: 'admin-token', roles: [auth.adminRole] };
      } else if (!verify) {
        principal = anonymous;
      } else if (!token) {
        throw new KudusoError('UNAUTHORIZED', {
          hint: 'Send Authorization: Bearer <JWT>.',
        });
      } else {
        principal = await verify(token);
      }
      if (route?.admin && !principal.roles.includes(auth.adminRole)) {
        // Nothing presented though a credential could open the route: ask for one (401) rather than refuse.
        if (!token && adminDigest)
          throw new KudusoError('UNAUTHORIZED', { hint: 'Send Authorization: Bearer <ADMIN_TOKEN>.' });
        throw new KudusoError('FORBIDDEN', {
          message: `This route needs the ${auth.adminRole} role.`,
          hint: options.adminToken ? undefined : 'Give the caller the admin role in its token.',
        });
      }
      request.principal = principal;
    } catch (e) {
      if (e instanceof KudusoError) challenge(reply, e);
      throw e;
    }
  });
}

/** The OpenAPI security scheme the API declares (and /docs offers to fill in). */
export const bearerSecurityScheme = {
  bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
} as const;

/** Every route registered in `scope` from now on needs no authentication (probes, docs, discovery). */
export function markPublic(scope: FastifyInstance): void {
  scope.addHook('onRoute', (route) => {
    route.config = { ...route.config, public: true };
    // The OpenAPI document shows these operations without the lock.
    if (!route.schema?.hide) route.schema = { ...route.schema, security: [] };
  });
}

/** Every route registered in `scope` from now on needs the admin role. */
export function markAdmin(scope: FastifyInstance): void {
  scope.addHook('onRoute', (route) => {
    route.config = { ...route.config, admin: true };
  });
}
