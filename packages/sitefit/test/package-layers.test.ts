// The package's import directions (issue 9 item 5): geom/ at the bottom, then crs/ and the leaf modules, the
// search, the contract solvers (v2/, solve-v1, limits), the artifacts, and the entry points. A module imports
// only from its own layer or below; production code never imports the test oracles or clipper2-wasm (a
// benchmark-only devDependency). The imports are parsed from the sources, so a new upward import fails here.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/** Layer of a module by its path under src/ (a folder, or a root file). Higher may import lower, never upward. */
const LAYERS: [RegExp, number, string][] = [
  [/^geom\//, 0, 'geom'],
  [/^errors\.ts$/, 0, 'geom'],
  [/^crs\//, 1, 'crs'],
  [/^(coordinates|rotations)\.ts$/, 1, 'checks'],
  [/^search\//, 2, 'search'],
  [/^v2\//, 3, 'solvers'],
  [/^(solve-v1|limits)\.ts$/, 3, 'solvers'],
  [/^artifacts\//, 4, 'artifacts'],
  [/^(check|evaluate|definitions|index)\.ts$/, 5, 'entry'],
];

function layerOf(path: string): { rank: number; name: string } {
  const hit = LAYERS.find(([re]) => re.test(path));
  assert.ok(hit, `src/${path} has no layer: add it to LAYERS in this test`);
  return { rank: hit[1], name: hit[2] };
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

/** Every module specifier of static imports and re-exports (`import type` too), and of dynamic imports. */
function specifiers(text: string): string[] {
  const out: string[] = [];
  const re =
    /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'|import\(\s*'([^']+)'\s*\)|(?:^|\n)\s*import\s+'([^']+)'/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

const edges = sources(SRC).flatMap((file) => {
  const from = relative(SRC, file).replaceAll('\\', '/');
  return specifiers(readFileSync(file, 'utf8')).map((spec) => ({
    from,
    spec,
    to: spec.startsWith('.')
      ? relative(SRC, normalize(join(dirname(file), spec))).replaceAll('\\', '/')
      : null,
  }));
});

test('the import parser sees the package (so the direction checks below can fail)', () => {
  assert.ok(edges.length > 150, `${edges.length} imports`);
  assert.ok(edges.some((e) => e.from === 'v2/rotation.ts' && e.to?.startsWith('search/')));
  assert.ok(edges.some((e) => e.from === 'search/bnb.ts' && e.to?.startsWith('geom/')));
  assert.ok(edges.some((e) => e.spec === 'clipper2-ts'));
});

test('imports go only sideways or down the layers: geom <- crs <- search <- solvers <- artifacts <- entry', () => {
  const upward = edges
    .filter((e) => e.to !== null)
    .filter((e) => layerOf(e.to!).rank > layerOf(e.from).rank)
    .map((e) => `${e.from} (${layerOf(e.from).name}) imports ${e.to} (${layerOf(e.to!).name})`);
  assert.deepEqual(upward, []);
});

test('geom/ imports nothing of the package but itself (and the error class)', () => {
  const out = edges.filter(
    (e) => e.from.startsWith('geom/') && e.to !== null && !e.to.startsWith('geom/') && e.to !== 'errors.ts',
  );
  assert.deepEqual(out, []);
});

test('production code never imports the test oracles or clipper2-wasm (benchmark-only)', () => {
  const bad = edges.filter(
    (e) =>
      e.spec.startsWith('clipper2-wasm') ||
      (e.to ?? '').startsWith('../test-support') ||
      e.spec.includes('test-support'),
  );
  assert.deepEqual(bad, []);
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  assert.equal(pkg.dependencies?.['clipper2-wasm'], undefined, 'not a dependency of @kuduso/sitefit');
  const root = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
  assert.ok(root.devDependencies['clipper2-wasm'], 'a root devDependency (bench/sitefit.ts)');
  assert.equal(root.dependencies?.['clipper2-wasm'], undefined);
});
