// Where the web UI's build lives and whether it matches the sources: the API serves it, `kuduso dev` says
// clearly when it is missing or stale, and the build script stamps it. No bundler here (cheap to import).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const webRoot = fileURLToPath(new URL('../../', import.meta.url));
export const distDir = join(webRoot, 'dist');
const stampFile = join(distDir, 'build-stamp.json');
const repoRoot = join(webRoot, '../..');

/** What goes into the page: its own sources, the sitefit package and the contracts' form validators. */
const sourceRoots = [
  join(webRoot, 'src/app'),
  join(webRoot, 'src/serve/form-validators.ts'),
  join(repoRoot, 'contracts'),
  join(webRoot, 'index.html'),
  join(webRoot, 'vite.config.ts'),
  join(webRoot, 'package.json'),
  join(repoRoot, 'packages/sitefit/src'),
];

function files(path: string, out: string[]): string[] {
  if (!existsSync(path)) return out;
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) files(join(path, name), out);
  } else out.push(path);
  return out;
}

/** SHA-256 over the sources' paths and contents: mtimes lie after a checkout, contents do not. */
export function sourceHash(): string {
  const h = createHash('sha256');
  for (const root of sourceRoots) {
    for (const f of files(root, [])) {
      h.update(relative(repoRoot, f));
      h.update('\0');
      h.update(readFileSync(f));
      h.update('\0');
    }
  }
  return h.digest('hex');
}

export interface BuildStamp {
  source_hash: string;
  built_at: string;
}

export type WebBuildState =
  | { state: 'fresh'; dir: string; stamp: BuildStamp }
  | { state: 'stale'; dir: string; stamp: BuildStamp | null; message: string }
  | { state: 'missing'; dir: null; message: string };

export const BUILD_COMMAND = 'npm run build:web';

export function readStamp(): BuildStamp | null {
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8')) as BuildStamp;
  } catch {
    return null;
  }
}

export function webBuildState(): WebBuildState {
  if (!existsSync(join(distDir, 'index.html'))) {
    return {
      state: 'missing',
      dir: null,
      message: `The web UI is not built (no ${relative(repoRoot, distDir)}/index.html). Run \`${BUILD_COMMAND}\` (npm install does it too).`,
    };
  }
  const stamp = readStamp();
  if (stamp && stamp.source_hash === sourceHash()) return { state: 'fresh', dir: distDir, stamp };
  return {
    state: 'stale',
    dir: distDir,
    stamp,
    message: `The web UI build${stamp ? ` of ${stamp.built_at}` : ''} is older than its sources (packages/web/src or packages/sitefit/src changed). Serving it anyway; run \`${BUILD_COMMAND}\` to rebuild.`,
  };
}
