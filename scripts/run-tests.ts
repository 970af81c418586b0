// Runs every test file with node's test runner. Files are isolated (one process each) and each backend
// suite creates what it needs itself, so the order does not matter.
import { spawnSync } from 'node:child_process';
import { globSync } from 'node:fs';

const patterns = process.argv.slice(2);
// The fault suite (test/faults: processes killed, a private PostgreSQL cluster stopped and frozen) runs on
// its own, by `npm run test:faults`, one file at a time; `npm test` leaves it out.
const files = (
  patterns.length
    ? globSync(patterns)
    : globSync(['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'], { exclude: ['test/faults/**'] })
).sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const res = spawnSync(
  process.execPath,
  ['--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  { stdio: 'inherit' },
);
process.exit(res.status ?? 1);
