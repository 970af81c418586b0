// One process per data folder: `kuduso dev` holds `<KUDUSO_DATA_DIR>/kuduso.lock` (pid, host, addresses) for
// as long as it runs. Two processes on one embedded PGlite folder would each see only their own writes and
// corrupt it; the second start must refuse, name the holder, and say how to pick another folder.
import { mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { CliError } from './command.ts';

export interface LockInfo {
  pid: number;
  host: string;
  started_at: string;
  urls?: Record<string, string>;
}

export interface DataLock {
  readonly path: string;
  /** Records where the holder listens, for the message a second start prints. */
  update(urls: Record<string, string>): void;
  release(): void;
}

const LOCK_FILE = 'kuduso.lock';
/** A lock file that cannot be parsed is being written right now, unless it is older than this. */
const HALF_WRITTEN_MS = 5_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockInfo | 'half-written' | 'gone' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw e;
  }
  try {
    const info = JSON.parse(text) as LockInfo;
    if (Number.isInteger(info.pid)) return info;
  } catch {}
  try {
    return Date.now() - statSync(path).mtimeMs < HALF_WRITTEN_MS
      ? 'half-written'
      : { pid: 0, host: '', started_at: '' };
  } catch {
    return 'gone';
  }
}

/** A holder is stale when it ran on this machine and its pid is gone (or is ours: a restarted container). */
function isStale(info: LockInfo): boolean {
  if (info.pid === 0) return true;
  if (info.host && info.host !== hostname()) return false;
  return info.pid === process.pid || !alive(info.pid);
}

export function inUseMessage(dir: string, info: LockInfo): string {
  const where = Object.entries(info.urls ?? {})
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    `the data folder ${dir} is in use by process ${info.pid}${info.host && info.host !== hostname() ? ` on ${info.host}` : ''}` +
      `${where ? ` (${where})` : ''}, started ${info.started_at}.`,
    `  Stop that process first, or run this one on another folder, e.g. KUDUSO_DATA_DIR=${dir}-2 npm start`,
  ].join('\n');
}

export async function acquireDataLock(dir: string): Promise<DataLock> {
  const absolute = resolve(dir);
  try {
    mkdirSync(absolute, { recursive: true });
  } catch (e) {
    throw new CliError(
      `cannot create the data folder ${absolute} (${(e as NodeJS.ErrnoException).code}); set KUDUSO_DATA_DIR to a folder you can write`,
    );
  }
  const path = join(absolute, LOCK_FILE);
  const mine: LockInfo = { pid: process.pid, host: hostname(), started_at: new Date().toISOString() };
  for (let tries = 0; tries < 50; tries++) {
    try {
      // 'wx' fails if the file exists: of two starts racing here exactly one creates it.
      writeFileSync(path, JSON.stringify(mine), { flag: 'wx' });
      return handle(path, mine);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') {
        throw new CliError(`cannot write ${path} (${code}); set KUDUSO_DATA_DIR to a folder you can write`);
      }
    }
    const held = readLock(path);
    if (held === 'gone') continue;
    if (held === 'half-written') {
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    if (!isStale(held)) throw new CliError(inUseMessage(absolute, held));
    // The holder died without cleaning up: take the folder over.
    try {
      unlinkSync(path);
    } catch {}
  }
  throw new CliError(`could not take the lock ${path}; remove it if no kuduso process uses ${absolute}`);
}

function handle(path: string, mine: LockInfo): DataLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    const held = readLock(path);
    if (typeof held === 'object' && held.pid === mine.pid) {
      try {
        unlinkSync(path);
      } catch {}
    }
  };
  // However the process ends (an uncaught error included), the lock goes with it.
  process.on('exit', release);
  return {
    path,
    update(urls) {
      Object.assign(mine, { urls });
      writeFileSync(path, JSON.stringify(mine));
    },
    release,
  };
}
