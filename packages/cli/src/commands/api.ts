import { serverCommand } from './server-command.ts';

export const api = serverCommand(
  'api',
  'the public API            (needs DATABASE_URL, ARTIFACT_SIGNING_SECRET)',
  'environment: DATABASE_URL, ARTIFACT_SIGNING_SECRET, PORT (8000), HOST, MIGRATE_ON_START, PUBLIC_URL, ALLOWED_HOSTS, TRUSTED_PROXIES, ADMIN_TOKEN',
  async () => {
    const { runApi } = await import('../roles.ts');
    return (c, l) => runApi(c, l, { migrate: process.env.MIGRATE_ON_START === 'true' });
  },
);
