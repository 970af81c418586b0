// sitefit benchmark (not a test): the exact optimiser against the reference grid search (the seed's
// algorithm with exact containment) on the hard cases, at the contract defaults (rotations 0..180 by 5°,
// grid 0.5 m, 10 results), plus the Clipper2 port comparison. Prints the tables and writes them into
// bench/README.md between <!-- sitefit:start --> and <!-- sitefit:end -->.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { Clipper, ClipType, FillRule, type Paths64, PolyTree64 } from 'clipper2-ts';
import { rotateAboutOrigin } from '../packages/sitefit/src/geom/ring.ts';
import {
  centroid,
  checkPolygon,
  checkRing,
  ifpClipInput,
  orientRing,
  type Point,
  rotationList,
  searchPlacements,
  solveSitefitV1,
} from '../packages/sitefit/src/index.ts';
import { CASES, type SitefitCase } from '../packages/sitefit/test-support/oracle/cases.ts';
import { gridSearch } from '../packages/sitefit/test-support/oracle/grid.ts';
import { STRESS_CASES } from '../packages/sitefit/test-support/stress.ts';
import { replaceSection } from './readme-section.ts';

const ROTATION = { min: 0, max: 180, step: 5 };
const GRID = 0.5;
const MAX_RESULTS = 10;
const rotations = rotationList(ROTATION);

/** One optimiser run exactly as the builtin engine does it (holes go through searchPlacements: v1 has none). */
async function optimise(c: SitefitCase): Promise<number | null> {
  if (c.holes.length === 0) {
    const out = await solveSitefitV1(
      {
        crs: 'EPSG:5514',
        parcel: { coordinates: c.parcel },
        house: { coordinates: c.house },
        rotation: ROTATION,
        grid_step: GRID,
        seed: 1,
      },
      { maxResults: MAX_RESULTS },
    );
    return out.results[0]?.metrics.min_setback_m ?? null;
  }
  const region = checkPolygon(c.parcel, c.holes, { outer: '/parcel', hole: (i) => `/holes/${i}` });
  const house = orientRing(checkRing(c.house, '/house', 'house'), true);
  const ctr = centroid(house);
  const radius = Math.max(...house.map(([x, y]) => Math.hypot(x - ctr[0], y - ctr[1])));
  const ps = await searchPlacements(region, house, {
    rotations,
    maxResults: MAX_RESULTS,
    seed: 1,
    refine: ROTATION,
    separation: Math.max(GRID, radius / 4),
  });
  return ps[0]?.clearance ?? null;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Steady state, as in a long-running AppServer: runs for 300 ms (at least 20 times) to let the JIT settle, then
 * the median of the runs of the next second (at least 20, at most 2000).
 */
async function timeOptimiser(c: SitefitCase): Promise<{ ms: number; setback: number | null; runs: number }> {
  const warm = performance.now() + 300;
  for (let i = 0; i < 20 || performance.now() < warm; i++) await optimise(c);
  const times: number[] = [];
  let setback: number | null = null;
  const until = performance.now() + 1000;
  while (times.length < 20 || (times.length < 2000 && performance.now() < until)) {
    const t = performance.now();
    setback = await optimise(c);
    times.push(performance.now() - t);
  }
  return { ms: median(times), setback, runs: times.length };
}

/** Inner-fit booleans of every rotation on both Clipper2 ports (inputs built beforehand, conversions timed). */
async function clipperComparison(
  c: SitefitCase,
  wasm: WasmClipper,
): Promise<{ ts: number; tsTree: number; wasm: number }> {
  const region = checkPolygon(c.parcel, c.holes, { outer: '/parcel', hole: (i) => `/holes/${i}` });
  const [ox, oy] = region.outer[0];
  const local = [
    {
      outer: region.outer.map(([x, y]) => [x - ox, y - oy] as Point),
      holes: region.holes.map((h) => h.map(([x, y]) => [x - ox, y - oy] as Point)),
    },
  ];
  const house = orientRing(checkRing(c.house, '/house', 'house'), true);
  const ctr = centroid(house);
  const centred = house.map(([x, y]) => [x - ctr[0], y - ctr[1]] as Point);
  const inputs = rotations.map((deg) => ifpClipInput(local, rotateAboutOrigin(centred, deg)));
  const toTs = (flats: number[][]): Paths64 =>
    flats.map((f) => Array.from({ length: f.length / 2 }, (_, i) => ({ x: f[2 * i], y: f[2 * i + 1] })));
  const runTs = (tree: boolean) => {
    let n = 0;
    for (const inp of inputs) {
      if (tree) {
        const t = new PolyTree64();
        Clipper.booleanOpWithPolyTree(
          ClipType.Difference,
          toTs(inp.subject),
          toTs(inp.clips),
          t,
          FillRule.NonZero,
        );
        n += t.count;
      } else n += Clipper.difference(toTs(inp.subject), toTs(inp.clips), FillRule.NonZero).length;
    }
    return n;
  };
  const runWasm = () => {
    let n = 0;
    for (const inp of inputs) {
      const subj = new wasm.Paths64();
      const clip = new wasm.Paths64();
      for (const f of inp.subject) subj.push_back(wasm.MakePath64(f));
      for (const f of inp.clips) clip.push_back(wasm.MakePath64(f));
      const res = wasm.Difference64(subj, clip, wasm.FillRule.NonZero);
      // Read the result back into JS numbers, as a caller must.
      for (let i = 0; i < res.size(); i++) {
        const v = res.get(i).view();
        const pts: number[] = [];
        for (let k = 0; k < v.length; k += 3) pts.push(Number(v[k]), Number(v[k + 1]));
        n += pts.length > 0 ? 1 : 0;
      }
      res.delete();
      subj.delete();
      clip.delete();
    }
    return n;
  };
  const timeIt = (fn: () => number) => {
    for (let i = 0; i < 3; i++) fn();
    const times: number[] = [];
    for (let i = 0; i < 9; i++) {
      const t = performance.now();
      fn();
      times.push(performance.now() - t);
    }
    return median(times);
  };
  return { ts: timeIt(() => runTs(false)), tsTree: timeIt(() => runTs(true)), wasm: timeIt(runWasm) };
}

// biome-ignore lint/suspicious/noExplicitAny: the wasm module's typings are emscripten-generated
type WasmClipper = any;

const fmt = (v: number | null, d = 3) => (v === null ? '—' : v.toFixed(d));
const ms = (v: number) =>
  v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3);

async function main(): Promise<void> {
  const cpu = cpus();
  const machine = `${cpu[0]?.model.trim() ?? 'unknown CPU'} x ${cpu.length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log(machine);
  const wasmModule = await import('clipper2-wasm/dist/es/clipper2z.js' as string);
  const wasm: WasmClipper = await wasmModule.default();
  // Warm every code path (all cases twice) before timing anything, so the first case is not the JIT's.
  for (let i = 0; i < 2; i++) for (const c of CASES) await optimise(c);
  // The optimiser no longer runs Clipper, so warm both ports on every case before timing them too.
  for (const c of CASES) await clipperComparison(c, wasm);
  const rows: string[] = [];
  const clipRows: string[] = [];
  const summary: { name: string; ms: number; speedup: number | null; delta: number | null }[] = [];
  // Every optimiser case first, before the reference's runs fill the heap (their garbage would be collected
  // during the optimiser's).
  const opts = new Map<string, Awaited<ReturnType<typeof timeOptimiser>>>();
  for (const c of CASES) opts.set(c.name, await timeOptimiser(c));
  for (const c of CASES) {
    const opt = opts.get(c.name)!;
    // The reference is timed warm too (one run first): the median of at least three runs and 300 ms.
    let ref = gridSearch(c.parcel, c.holes, c.house, rotations, GRID);
    const refTimes: number[] = [];
    const refUntil = performance.now() + 300;
    for (let i = 0; i < 3 || (i < 50 && performance.now() < refUntil); i++) {
      const t = performance.now();
      ref = gridSearch(c.parcel, c.holes, c.house, rotations, GRID);
      refTimes.push(performance.now() - t);
    }
    const refMs = median(refTimes);
    const sampled = gridSearch(c.parcel, c.holes, c.house, rotations, GRID, { sampled: true });
    const refBest = ref.best?.setback ?? null;
    const delta = opt.setback !== null && refBest !== null ? (opt.setback - refBest) * 1000 : null;
    const row = `| ${c.name} | ${c.parcel.length - 1}/${c.house.length - 1} | ${ms(opt.ms)} | ${ms(refMs)} | ${(refMs / opt.ms).toFixed(0)}x | ${fmt(opt.setback)} | ${fmt(refBest)} | ${delta === null ? '—' : `${delta >= 0 ? '+' : ''}${delta.toFixed(1)}`} | ${sampled.falseAccepts} | ${fmt(sampled.sampledBest)} |`;
    rows.push(row);
    summary.push({ name: c.name, ms: opt.ms, speedup: refMs / opt.ms, delta });
    console.log(row);
    const cc = await clipperComparison(c, wasm);
    const crow = `| ${c.name} | ${ms(cc.ts)} | ${ms(cc.tsTree)} | ${ms(cc.wasm)} | ${(cc.wasm / cc.ts).toFixed(2)} |`;
    clipRows.push(crow);
    console.log(crow);
  }
  const stressRows = stressTable();
  const at = (n: string) => summary.find((x) => x.name === n)!;
  const deltas = summary.filter((x) => x.delta !== null).map((x) => x.delta!);
  const speedups = summary.map((x) => x.speedup!);
  const short = summary.filter((x) => x.speedup! < 50);
  const verdict = [
    `typical ${ms(at('typical').ms)} ms after warm-up (aim < 20 ms)`,
    `40-vertex parcel ${ms(at('irregular-40').ms)} ms (aim < 100 ms)`,
    `speed-up over the reference ${Math.min(...speedups).toFixed(0)}x to ${Math.max(...speedups).toFixed(0)}x (aim >= 50x: ${
      short.length === 0
        ? 'met on every case'
        : `met on ${summary.length - short.length} of ${summary.length}; not on ${short.map((x) => `${x.name} ${x.speedup!.toFixed(0)}x`).join(', ')}`
    })`,
    `never worse: ${deltas.every((d) => d >= -0.01) ? 'yes' : 'NO'} (smallest Δ ${Math.min(...deltas).toFixed(1)} mm)`,
  ].join('; ');
  console.log(verdict);
  const body = [
    `Machine: ${machine}. Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench:sitefit\`.`,
    '',
    `Contract defaults: rotations ${ROTATION.min}..${ROTATION.max} by ${ROTATION.step}° (${rotations.length}), grid ${GRID} m, ${MAX_RESULTS} results, seed 1.`,
    'Optimiser: steady state, median of the runs of one second after 300 ms of warm-up on the case (every case is',
    'timed before the reference runs), through `solveSitefitV1` (validation, search, angle',
    'refinement, 10 distinct results, exact verification); `parcel-with-hole` goes through `searchPlacements` (1.0.0',
    "has no holes). Reference: the seed's grid (house centroid on every grid point of the parcel bounding box, every",
    "rotation; grid points whose house bounding box cannot fit the parcel's are skipped) with exact containment and",
    'exact setbacks, median of at least 3 runs and 300 ms after a warm-up run. Δ = optimiser − reference best setback in mm',
    "(the optimiser may also use refined angles between the 5° steps). False accepts: grid placements that the seed's",
    '20-sampled-boundary-point test accepts although the house is not inside; "sampled best" is the setback the seed',
    'would have reported (distances from the sampled points only).',
    '',
    `Summary: ${verdict}.`,
    '',
    '| case | vertices parcel/house | optimiser ms | reference ms | speed-up | optimiser setback m | reference setback m | Δ mm | 20-point false accepts | sampled best m |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `Clipper2 ports on the inner-fit boolean (all ${rotations.length} rotations of a case; inputs prebuilt, conversion in`,
    'and out included, median of 9 after warm-up). clipper2-ts `difference` returns paths; `innerFitPolygon` uses its',
    'PolyTree variant (outer/hole grouping; max_fitting_scale and 2.0.0, not the 1.0.0 search). clipper2-wasm',
    '`Difference64` via `MakePath64` and `view()`.',
    '',
    '| case | clipper2-ts ms | clipper2-ts PolyTree ms | clipper2-wasm ms | wasm / ts |',
    '|---|---:|---:|---:|---:|',
    ...clipRows,
    '',
    'Stress set (`packages/sitefit/test-support/stress.ts`, issue 9): each case in its own process with the',
    "solver thread's heap cap (`--max-old-space-size=1024`), submit-time check then solve, 10 results. Aims: 1.0.0",
    "<= 10 s, 2.0.0 <= 30 s, or refused at submit (work above the manifest's max_work). Peak RSS of the process",
    '(Node itself ~50 MB), peak heap sampled every 50 ms.',
    '',
    '| case | contract | work estimate | outcome | s | peak RSS MB | peak heap MB | results |',
    '|---|---|---:|---|---:|---:|---:|---:|',
    ...stressRows,
  ].join('\n');
  replaceSection(new URL('./README.md', import.meta.url).pathname, 'sitefit', body);
  console.log('bench/README.md updated');
}

/** Runs every stress case in a child process (bench/sitefit-stress.ts) and returns the table rows. */
function stressTable(): string[] {
  const rows: string[] = [];
  STRESS_CASES.forEach((c, i) => {
    let cell: string;
    try {
      const out = execFileSync(
        process.execPath,
        ['--max-old-space-size=1024', new URL('./sitefit-stress.ts', import.meta.url).pathname, String(i)],
        { encoding: 'utf8', timeout: 300_000 },
      );
      const r = JSON.parse(out.trim().split('\n').pop()!);
      cell = `| ${r.outcome} | ${(r.ms / 1000).toFixed(2)} | ${r.maxRssMb.toFixed(0)} | ${r.heapMb.toFixed(0)} | ${r.results} |`;
      cell = `| ${c.name} | ${c.version} | ${r.work} ${cell}`;
    } catch (e) {
      cell = `| ${c.name} | ${c.version} | — | failed: ${String((e as Error).message)
        .split('\n')[0]
        .slice(0, 60)} | — | — | — | — |`;
    }
    rows.push(cell);
    console.log(cell);
  });
  return rows;
}

await main();
