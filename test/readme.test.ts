// The README's curl session shows what the example really returns: its request body is solved here and the
// numbers the README prints (rotation, translation, score, metrics, metadata) are compared with the result.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { REPO } from './harness.ts';

const readme = readFileSync(`${REPO}/README.md`, 'utf8');
const session = readme.slice(readme.indexOf('## A session with curl'));

function shown(pattern: RegExp): string {
  const m = pattern.exec(session);
  assert.ok(m, `the README shows ${pattern}`);
  return m[1] as string;
}

test("the README's example request returns the result the README shows", () => {
  const body = JSON.parse(shown(/-d '(\{[\s\S]*?\})'/));
  assert.equal(body.definition, 'sitefit');
  const res = spawnSync(
    process.execPath,
    [`${REPO}/packages/cli/src/main.ts`, 'solve', `${body.definition}@${body.version}`, '-'],
    {
      input: JSON.stringify(body.inputs),
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'silent' },
      timeout: 60_000,
    },
  );
  assert.equal(res.status, 0, res.stderr);
  const out = JSON.parse(res.stdout);
  const best = out.results[0];
  assert.equal(best.transform.rotation.value, Number(shown(/"rotation":\{"axis":"z","value":(-?[\d.]+)/)));
  assert.equal(best.transform.translation.x, Number(shown(/"translation":\{"x":(-?[\d.]+)/)));
  assert.equal(best.transform.translation.y, Number(shown(/"translation":\{"x":-?[\d.]+,"y":(-?[\d.]+)/)));
  assert.equal(best.score, Number(shown(/"score":(-?[\d.]+)/)));
  assert.equal(best.metrics.yard_area_m2, Number(shown(/"yard_area_m2":(-?[\d.]+)/)));
  assert.equal(best.metrics.min_setback_m, Number(shown(/"min_setback_m":(-?[\d.]+)/)));
  assert.equal(out.metadata.seed, Number(shown(/"seed":(\d+),"engine"/)));
  assert.equal(out.metadata.engine, shown(/"engine":"([^"]+)"/));
});
