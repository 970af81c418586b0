// `kuduso solve`: one computation from a file, no server, the same contract checks and engine as the AppServer.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadRegistry } from '@kuduso/core/node';

const MAIN = new URL('../src/main.ts', import.meta.url).pathname;
const CONTRACTS = new URL('../../../contracts/sitefit/1.0.0/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'kuduso-solve-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function solve(...args: string[]) {
  return spawnSync(process.execPath, [MAIN, 'solve', ...args], {
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
}

test('solves the typical example, prints outputs valid against the contract, writes the SVG plan', () => {
  const svg = join(dir, 'plan.svg');
  const res = solve('sitefit@1.0.0', `${CONTRACTS}examples/valid/typical.json`, '--svg', svg);
  assert.equal(res.status, 0, res.stderr);
  const outputs = JSON.parse(res.stdout);
  const contract = loadRegistry().get('sitefit', '1.0.0')!;
  const valid = contract.validateOutputs(outputs);
  assert.ok(valid.ok, JSON.stringify(!valid.ok && valid.errors));
  assert.ok(outputs.results.length > 0);
  // 20 x 30 parcel, 10 x 8 house: turned 90 degrees and centred it keeps (20 - 8) / 2 = 6 m on both sides.
  assert.ok(
    Math.abs(outputs.results[0].metrics.min_setback_m - 6) <= 0.001,
    String(outputs.results[0].metrics.min_setback_m),
  );
  const plan = readFileSync(svg, 'utf8');
  assert.match(plan, /^<\?xml|^<svg/);
  assert.match(plan, /<\/svg>\s*$/);
});

test('schema errors exit 1 with the field; domain errors exit 3', () => {
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ crs: 'EPSG:5514', parcel: { coordinates: [[0, 0]] } }));
  const res = solve('sitefit@1.0.0', bad);
  assert.equal(res.status, 1);
  const body = JSON.parse(res.stderr);
  assert.equal(body.code, 'VALIDATION_FAILED');
  assert.ok(body.errors.some((e: { field: string }) => e.field === '/house'));
  const bowtie = join(dir, 'bowtie.json');
  writeFileSync(
    bowtie,
    JSON.stringify({
      crs: 'EPSG:5514',
      parcel: {
        coordinates: [
          [0, 0],
          [20, 20],
          [20, 0],
          [0, 20],
          [0, 0],
        ],
      },
      house: {
        coordinates: [
          [0, 0],
          [2, 0],
          [2, 2],
          [0, 2],
          [0, 0],
        ],
      },
    }),
  );
  const dom = solve('sitefit@1.0.0', bowtie);
  assert.equal(dom.status, 3, dom.stderr);
  const err = JSON.parse(dom.stderr);
  assert.equal(err.code, 'DOMAIN_INVALID');
  assert.match(String(err.field), /^\/parcel/);
  assert.equal(solve('nope@1.0.0', bowtie).status, 1);
  assert.equal(solve().status, 2);
});

test('the CLI enforces the same manifest limits and pipeline as the AppServer (runContract)', () => {
  const tallyDir = new URL('../../../test/fixtures/module-contracts', import.meta.url).pathname;
  const run = (inputs: unknown) => {
    const f = join(dir, `tally-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(f, typeof inputs === 'string' ? inputs : JSON.stringify(inputs));
    return spawnSync(process.execPath, [MAIN, 'solve', 'tally@1.0.0', f], {
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'silent', CONTRACTS_DIR: tallyDir },
    });
  };
  // Results capped once to max_results (2), artifacts from the definition module.
  const ok = run({ numbers: [1, 2] });
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).results.length, 2);
  // max_vertices (4): the same 422 MANIFEST_LIMIT the AppServer answers.
  const many = run({
    numbers: [1],
    points: [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ],
  });
  assert.equal(many.status, 3, many.stderr);
  assert.equal(JSON.parse(many.stderr).code, 'MANIFEST_LIMIT');
  // max_payload_bytes (4096): 413 PAYLOAD_TOO_LARGE.
  const big = run({ numbers: Array.from({ length: 2000 }, (_, i) => i) });
  assert.equal(big.status, 3, big.stderr);
  assert.equal(JSON.parse(big.stderr).code, 'PAYLOAD_TOO_LARGE');
});
