// @kuduso/http: what the API and the AppServer share as Fastify servers: JSON errors from the catalogue,
// a strict JSON body parser, and correlation ids.
export * from './auth.ts';
export * from './correlation.ts';
export * from './errors.ts';
export * from './framework-errors.ts';
export * from './metrics.ts';
export * from './routes-table.ts';
export * from './tracing.ts';
