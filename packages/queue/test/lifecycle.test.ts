import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { TEST_DRIVERS } from '@kuduso/db/testing';

const FIXTURE = new URL('./fixtures/start-stop.ts', import.meta.url).pathname;

function run(driver: string): Promise<{ code: number | null; signal: string | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FIXTURE, driver], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b) => {
      out += b;
    });
    // A generous bound, only so that a hung child fails the test instead of the whole run.
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out });
    });
  });
}

describe('stop()', { concurrency: true }, () => {
  for (const driver of TEST_DRIVERS) {
    it(`on ${driver} leaves nothing running: the process exits by itself`, async () => {
      const { code, signal, out } = await run(driver);
      assert.equal(signal, null, 'the child had to be killed: something kept it alive after stop()');
      assert.equal(code, 0);
      assert.equal(out.trim(), `stopped ${driver}`);
    });
  }
});
