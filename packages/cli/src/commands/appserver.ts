import { serverCommand } from './server-command.ts';

export const appserver = serverCommand(
  'appserver',
  'the internal compute service',
  'environment: APPSERVER_PORT (8080), HOST, APPSERVER_TOKEN, APPSERVER_SEATS, CONTRACTS_DIR',
  async () => (await import('../roles.ts')).runAppServer,
);
