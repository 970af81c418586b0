import { serverCommand } from './server-command.ts';

export const migrate = serverCommand(
  'migrate',
  'apply database migrations (needs DATABASE_URL)',
  'environment: DATABASE_URL, QUEUE_BACKEND',
  async () => (await import('../roles.ts')).runMigrate,
);
