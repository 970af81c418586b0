import { serverCommand } from './server-command.ts';

export const worker = serverCommand(
  'worker',
  'a queue consumer          (needs DATABASE_URL, APP_SERVER_URL)',
  `SIGINT/SIGTERM: finishes running jobs (up to 30 s); a second signal hands them back to the queue.

environment: DATABASE_URL, APP_SERVER_URL, APPSERVER_TOKEN, WORKER_CONCURRENCY, MAX_ATTEMPTS, LOCK_RENEW_SEC`,
  async () => (await import('../roles.ts')).runWorker,
);
