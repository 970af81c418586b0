// Child processes for the benchmarks: each role as its own `kuduso` process, as in production.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export const REPO = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
export const MAIN = `${REPO}/packages/cli/src/main.ts`;
/** The inputs of sitefit@1.0.0's own typical example, so every benchmark submits the same job. */
export const TYPICAL_SITEFIT_INPUTS: Record<string, unknown> = JSON.parse(
  readFileSync(`${REPO}/contracts/sitefit/1.0.0/examples/valid/typical.json`, 'utf8'),
);

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** `kuduso <role>` as a child process. */
export function start(role: string, env: Record<string, string>): ChildProcess {
  return startScript(MAIN, env, [role]);
}

export function startScript(path: string, env: Record<string, string>, args: string[] = []): ChildProcess {
  return spawn(process.execPath, [path, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export async function waitHttp(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Peak resident set size of a running process in MiB (Linux VmHWM), or NaN. */
export function peakRssMiB(child: ChildProcess): number {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
    return kb / 1024;
  } catch {
    return Number.NaN;
  }
}
