// buildApi(): the public API as a Fastify instance, one plugin per feature. Tested with inject() and over HTTP.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  bearerSecurityScheme,
  correlationOptions,
  createMetricsRegistry,
  frameworkErrorOptions,
  markAdmin,
  markPublic,
  registerAuth,
  registerClosingGuard,
  registerCorrelation,
  registerErrorHandling,
  registerHttpMetrics,
  registerTracing,
  type TokenVerifier,
} from '@kuduso/http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { registerBrowserSecurity } from './browser-security.ts';
import type { ApiDeps } from './deps.ts';
import { createApiMetrics } from './metrics.ts';
import { enrichOpenApi } from './openapi.ts';
import { adminRoutes } from './routes/admin.ts';
import { artifactRoutes } from './routes/artifacts.ts';
import { definitionRoutes } from './routes/definitions.ts';
import { healthRoutes } from './routes/health.ts';
import { jobControlRoutes } from './routes/job-control.ts';
import { jobEventRoutes } from './routes/job-events.ts';
import { jobListRoutes } from './routes/job-list.ts';
import { jobRoutes } from './routes/jobs.ts';
import { previewRoutes } from './routes/preview.ts';
import { type WebUiOptions, webRoutes } from './routes/web.ts';
import { errorBody } from './schemas.ts';

export interface BuildApiOptions {
  /** Static operator token (default config.adminToken). */
  adminToken?: string;
  /** `kuduso dev`: admin routes open on the local machine. */
  devMode?: boolean;
  /** Verifies bearer tokens (tests inject one with short JWKS timings); built from config.auth otherwise. */
  verifier?: TokenVerifier;
  /** The web UI served at `/` (absent: no `/` route, e.g. in API tests). */
  web?: WebUiOptions;
  /** The event streams' fallback read interval (tests set it long to see that changes are pushed). */
  eventsPollMs?: number;
}

export async function buildApi(deps: ApiDeps, options: BuildApiOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'http' }) as FastifyBaseLogger,
    bodyLimit: deps.config.maxBodyBytes,
    ...correlationOptions,
    ...frameworkErrorOptions,
    return503OnClosing: false,
    ajv: {
      customOptions: {
        removeAdditional: false,
        coerceTypes: false,
        useDefaults: true,
        allErrors: true,
        strict: false,
      },
    },
    routerOptions: { maxParamLength: 500 },
  });
  registerErrorHandling(app);
  registerCorrelation(app);
  registerTracing(app);
  registerClosingGuard(app);
  await registerBrowserSecurity(app, deps.config.corsOrigins);
  const registry = createMetricsRegistry('api');
  registerHttpMetrics(app, registry);
  const metrics = createApiMetrics(deps, registry);
  registerAuth(app, {
    auth: deps.config.auth,
    adminToken: options.adminToken ?? deps.config.adminToken,
    devMode: options.devMode,
    verifier: options.verifier,
  });
  app.addSchema(errorBody);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kuduso API',
        version: '1.0.0',
        description:
          'Runs versioned geometry definitions as asynchronous jobs. Errors are JSON {code, message, field?, hint?} with stable codes and the request\'s `x-correlation-id` header, on every path: 404 NOT_FOUND, 405 METHOD_NOT_ALLOWED (with `Allow`), 414 URI_TOO_LONG, 431 HEADERS_TOO_LARGE and 400 BAD_REQUEST for requests that are not valid HTTP. "Try it out" on POST /jobs/run starts from each definition version\'s own example.',
      },
      tags: [
        { name: 'jobs', description: 'Submit jobs and read their status and results' },
        { name: 'definitions', description: 'What can be run' },
        { name: 'artifacts', description: 'Files results refer to' },
        { name: 'health', description: 'Probes' },
        { name: 'admin', description: 'Operations (the admin role)' },
      ],
      components: { securitySchemes: bearerSecurityScheme },
      // Every operation needs a bearer token unless it says otherwise (probes, discovery, signed links).
      security: [{ bearerAuth: [] }],
    },
    // Contract schemas, examples and error codes into the document (request validation is untouched).
    transformObject: (doc) =>
      'openapiObject' in doc
        ? (enrichOpenApi(
            doc.openapiObject as Record<string, unknown>,
            deps.registry,
          ) as typeof doc.openapiObject)
        : doc.swaggerObject,
  });
  await app.register(async (scope) => {
    markPublic(scope);
    await scope.register(swaggerUi, { routePrefix: '/docs', uiConfig: { persistAuthorization: true } });
    scope.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  });

  await app.register(async (scope) => {
    await jobRoutes(scope, deps, metrics);
    await jobListRoutes(scope, deps);
    await jobEventRoutes(scope, deps, { pollMs: options.eventsPollMs });
    await jobControlRoutes(scope, deps);
  });
  // Previews need the same bearer token as jobs (default scope).
  await app.register(async (scope) => previewRoutes(scope, deps));
  await app.register(async (scope) => {
    markPublic(scope);
    await definitionRoutes(scope, deps);
    await artifactRoutes(scope, deps);
    await healthRoutes(scope, deps);
    // The page itself is public; the API calls it makes carry the caller's token.
    const web = options.web;
    if (web) await scope.register(async (page) => webRoutes(page, web));
  });
  await app.register(async (scope) => {
    markAdmin(scope);
    await adminRoutes(scope, deps);
  });
  return app;
}
