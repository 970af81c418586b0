// The held-back stress set (test-support/stress.ts): each case either solves (a result, or an explained empty
// one) or is refused by the submit-time check with WORK_LIMIT_EXCEEDED naming what to change. No timings
// asserted (they go to `npm run bench:sitefit`); each solve is bounded by an abort signal so a regression
// fails instead of hanging the suite.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkSitefitInputs,
  estimateWork,
  SitefitDomainError,
  solveSitefitV1,
  solveSitefitV2,
  WORK_CAPS,
} from '../src/index.ts';
import { STRESS_CASES } from '../test-support/stress.ts';

const BOUND_MS = 240_000;

for (const c of STRESS_CASES.filter((s) => s.ci)) {
  test(`stress: ${c.name} ${c.expect === 'refused' ? 'is refused at submit' : 'solves'}`, async () => {
    if (c.expect === 'refused') {
      assert.throws(
        () => checkSitefitInputs(c.version, c.inputs),
        (e: unknown) =>
          e instanceof SitefitDomainError &&
          e.code === 'WORK_LIMIT_EXCEEDED' &&
          e.field === '/rotation/step' &&
          /rotation\.step >= /.test(e.hint),
      );
      assert.ok(estimateWork(c.version, c.inputs).work > WORK_CAPS[c.version]);
      return;
    }
    checkSitefitInputs(c.version, c.inputs);
    const opts = { maxResults: 10, signal: AbortSignal.timeout(BOUND_MS) };
    const out =
      c.version === '1.0.0'
        ? await solveSitefitV1(c.inputs as never, opts)
        : await solveSitefitV2(c.inputs, opts);
    const results = out.results as { metrics: { min_setback_m: number } }[];
    if (results.length === 0) {
      const codes = out.metadata.warnings.map((w: { code: string }) => w.code);
      assert.ok(codes.includes('NO_FEASIBLE_PLACEMENT'), codes.join(','));
    }
    for (const r of results) assert.ok(r.metrics.min_setback_m > 0);
  });
}

test('stress: the solvers refuse work above the cap themselves (a caller that skipped the API check)', async () => {
  const c = STRESS_CASES.find((s) => s.version === '2.0.0' && s.expect === 'refused')!;
  await assert.rejects(solveSitefitV2(c.inputs, { maxResults: 5 }), /max_work/);
  const v1 = STRESS_CASES.find((s) => s.version === '1.0.0' && s.expect === 'refused')!;
  await assert.rejects(solveSitefitV1(v1.inputs as never, { maxResults: 5 }), /max_work/);
});

test('the manifests carry the package caps (max_work)', async () => {
  const { readFile } = await import('node:fs/promises');
  for (const v of ['1.0.0', '2.0.0']) {
    const m = JSON.parse(
      await readFile(new URL(`../../../contracts/sitefit/${v}/manifest.json`, import.meta.url), 'utf8'),
    );
    assert.equal(m.max_work, WORK_CAPS[v], v);
  }
});
