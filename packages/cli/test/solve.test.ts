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
