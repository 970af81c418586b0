// @kuduso/worker: runs queued jobs through the AppServer.
export * from './backoff.ts';
export * from './maintenance.ts';
export * from './solve-client.ts';
export * from './worker.ts';
