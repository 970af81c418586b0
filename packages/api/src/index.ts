// @kuduso/api: the public HTTP API.
export * from './app.ts';
export * from './deps.ts';
export * from './jobs-service.ts';
