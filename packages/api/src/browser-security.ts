// What browsers need: a CORS allowlist (CORS_ORIGINS; none by default, so only the API's own origin, the
// web UI, may call it from a page) and security headers on every response (@fastify/helmet: CSP, HSTS,
// nosniff, frame-ancestors). Registered before authentication, so a preflight needs no token.
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

export async function registerBrowserSecurity(app: FastifyInstance, corsOrigins: string[]): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        // The web UI and /docs load their own scripts and styles; Swagger UI draws its logo as a data: URL.
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
      },
    },
  });
  if (corsOrigins.length === 0) return;
  await app.register(cors, {
    origin: corsOrigins,
    methods: ['GET', 'POST', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-correlation-id', 'traceparent'],
    exposedHeaders: [
      'location',
      'x-correlation-id',
      'retry-after',
      'idempotent-replayed',
      'ratelimit-limit',
      'ratelimit-remaining',
      'ratelimit-reset',
      'ratelimit-policy',
    ],
    maxAge: 600,
  });
}
