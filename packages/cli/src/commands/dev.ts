import { serverCommand } from './server-command.ts';

export const dev = serverCommand(
  'dev',
  'api + worker + appserver in one process on embedded defaults (PGlite, a blob folder)',
  `What \`npm start\` runs. One process per data folder: a second start on the same KUDUSO_DATA_DIR refuses.
Ctrl+C finishes running jobs (up to 10 s); a second Ctrl+C hands them back to the queue at once.

environment: PORT (8000), APPSERVER_PORT (8080), HOST (127.0.0.1), KUDUSO_DATA_DIR (.kuduso), LOG_LEVEL`,
  async () => (await import('../roles.ts')).runDev,
);
