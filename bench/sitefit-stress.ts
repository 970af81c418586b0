// One stress case (packages/sitefit/test-support/stress.ts) in its own process, so its peak memory is its own:
// `node --max-old-space-size=1024 bench/sitefit-stress.ts <index>` prints one JSON line {outcome, ms,
// maxRssMb, heapMb, results}. The heap cap is the AppServer's solver-thread default (1024 MB): a case that
// needs more dies here as it would there. Run by bench/sitefit.ts.
import {
  checkSitefitInputs,
  estimateWork,
  solveSitefitV1,
  solveSitefitV2,
} from '../packages/sitefit/src/index.ts';
import { STRESS_CASES } from '../packages/sitefit/test-support/stress.ts';

const c = STRESS_CASES[Number(process.argv[2])];
const t = performance.now();
let outcome = 'solved';
let results = 0;
let heapPeak = 0;
const sampler = setInterval(() => {
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
}, 50);
try {
  checkSitefitInputs(c.version, c.inputs);
  const opts = { maxResults: 10 };
  const out =
    c.version === '1.0.0'
      ? await solveSitefitV1(c.inputs as never, opts)
      : await solveSitefitV2(c.inputs, opts);
  results = out.results.length;
} catch (e) {
  outcome =
    (e as { code?: string }).code === 'WORK_LIMIT_EXCEEDED' ? 'refused' : `error ${(e as Error).message}`;
}
clearInterval(sampler);
heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
console.log(
  JSON.stringify({
    outcome,
    ms: performance.now() - t,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    heapMb: heapPeak / 2 ** 20,
    results,
    work: estimateWork(c.version, c.inputs).work,
  }),
);
