// The generic roles know no definition by name: everything definition-specific reaches them through definition
// modules (bindings.module). A definition's name in a role's code is a regression; comments, OpenAPI texts and
// usage examples ("e.g. sitefit@1.0.0") are prose and allowed.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const PACKAGES = resolve(import.meta.dirname, '../..');
const ROLES = [
  'api',
  'appserver',
  'appserver-client',
  'worker',
  'cli',
  'queue',
  'db',
  'http',
  'blob',
  'services',
];

function sources(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(sources(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

test('no role package source names sitefit', () => {
  const offenders: string[] = [];
  for (const role of ROLES) {
    let files: string[];
    try {
      files = sources(join(PACKAGES, role, 'src'));
    } catch {
      continue; // a package this build does not have
    }
    for (const f of files) {
      const code = readFileSync(f, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '') // comments are prose
        .replace(/\/\/.*$/gm, '')
        .replace(/^\s*(summary|description): .*$/gm, '') // OpenAPI texts
        .replace(/e\.g\. [^`'"\n]*sitefit[@:]\d+\.\d+\.\d+/g, ''); // usage examples
      if (/sitefit/i.test(code)) offenders.push(f.slice(PACKAGES.length + 1));
    }
  }
  assert.deepEqual(offenders, []);
});
