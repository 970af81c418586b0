// @kuduso/appserver-client: the AppServer's HTTP client (worker solves, API preview lane).
export * from './client.ts';
export * from './retry-after.ts';
