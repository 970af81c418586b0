// @kuduso/worker: runs queued jobs through the AppServer.
export * from './backoff.ts';
export * from './breaker.ts';
export * from './decide.ts';
export * from './handle-delivery.ts';
export * from './maintenance.ts';
export * from './metrics-server.ts';
export * from './outage.ts';
export * from './worker.ts';
