// The image's HEALTHCHECK: asks the running role's own /livez. The role is read from PID 1's command line
// (`node packages/cli/src/main.ts <role>`); roles without an HTTP server are healthy while PID 1 runs.
import { readFileSync } from 'node:fs';

const argv = readFileSync('/proc/1/cmdline', 'utf8').split('\0');
const role = argv[argv.findIndex((a) => a.endsWith('main.ts')) + 1] ?? 'api';
const port =
  role === 'api'
    ? (process.env.PORT ?? '8000')
    : role === 'appserver'
      ? (process.env.APPSERVER_PORT ?? '8080')
      : null;
if (port === null) process.exit(0);
try {
  const res = await fetch(`http://127.0.0.1:${port}/livez`, { signal: AbortSignal.timeout(2500) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
