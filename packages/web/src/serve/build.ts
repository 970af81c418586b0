// Builds the web UI with Vite and stamps it with the hash of its sources (see build-state.ts).
// Run by the root `prepare` script, so `npm install` and `npm ci` both leave a working UI.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BuildStamp, distDir, sourceHash, webRoot } from './build-state.ts';

export async function buildWeb(opts: { quiet?: boolean } = {}): Promise<BuildStamp> {
  const hash = sourceHash();
  const { build } = await import('vite');
  await build({
    root: webRoot,
    configFile: join(webRoot, 'vite.config.ts'),
    logLevel: opts.quiet ? 'warn' : 'info',
  });
  const stamp: BuildStamp = { source_hash: hash, built_at: new Date().toISOString() };
  writeFileSync(join(distDir, 'build-stamp.json'), `${JSON.stringify(stamp, null, 2)}\n`);
  return stamp;
}

if (import.meta.main) {
  const started = Date.now();
  await buildWeb();
  console.log(`web UI built into ${distDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
