// buildApi(): the public API as a Fastify instance, one plugin per feature. Tested with inject() and over HTTP.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  correlationOptions,
  registerClosingGuard,
  registerCorrelation,
  registerErrorHandling,
} from '@kuduso/http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { ApiDeps } from './deps.ts';
import { adminRoutes } from './routes/admin.ts';
import { artifactRoutes } from './routes/artifacts.ts';
import { definitionRoutes } from './routes/definitions.ts';
import { healthRoutes } from './routes/health.ts';
import { jobControlRoutes } from './routes/job-control.ts';
import { jobRoutes } from './routes/jobs.ts';
import { type WebUiOptions, webRoutes } from './routes/web.ts';
import { errorBody } from './schemas.ts';

export interface BuildApiOptions {
  adminToken?: string;
  /** `kuduso dev`: admin routes open on the local machine. */
  devMode?: boolean;
  /** The web UI served at `/` (absent: no `/` route, e.g. in API tests). */
  web?: WebUiOptions;
}

export async function buildApi(deps: ApiDeps, options: BuildApiOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'http' }) as FastifyBaseLogger,
    bodyLimit: deps.config.maxBodyBytes,
    ...correlationOptions,
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
  registerClosingGuard(app);
  app.addSchema(errorBody);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kuduso API',
        version: '1.0.0',
        description:
          'Runs versioned geometry definitions as asynchronous jobs. Errors are JSON {code, message, field?, hint?} with stable codes.',
      },
      tags: [
        { name: 'jobs', description: 'Submit jobs and read their status and results' },
        { name: 'definitions', description: 'What can be run' },
        { name: 'artifacts', description: 'Files results refer to' },
        { name: 'health', description: 'Probes' },
        { name: 'admin', description: 'Operations' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(async (scope) => jobRoutes(scope, deps));
  await app.register(async (scope) => jobControlRoutes(scope, deps));
  await app.register(async (scope) => definitionRoutes(scope, deps));
  await app.register(async (scope) => artifactRoutes(scope, deps));
  await app.register(async (scope) => healthRoutes(scope, deps));
  await app.register(async (scope) => adminRoutes(scope, { ...deps, ...options }));
  if (options.web) {
    const web = options.web;
    await app.register(async (scope) => webRoutes(scope, web));
  }
  return app;
}
