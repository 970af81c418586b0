// grasshopper engine overhead benchmark (not a test): what the engine itself costs per solve for sitefit@1.0.0,
// excluding Rhino.Compute's (or the fake's) computation and the network: contract inputs -> /grasshopper
// request body (bindings, data trees, JSON text) and response text -> contract outputs (JSON parse, data
// trees, output bindings). Writes its table into bench/README.md between <!-- grasshopper:start/end -->.
import { cpus, totalmem } from 'node:os';
import { loadRegistry } from '@kuduso/core/node';
import { solveSitefitV1 } from '@kuduso/sitefit';
import {
  inputsToTrees,
  parseSpec,
  treesToOutputs,
} from '../packages/appserver/src/engines/grasshopper/index.ts';
import { replaceSection } from './readme-section.ts';

const contract = loadRegistry().get('sitefit', '1.0.0')!;
const spec = parseSpec(contract);
const typical = contract.validateInputs(
  contract.examples.valid.find((e) => e.name === 'typical.json')!.inputs,
);
if (!typical.ok) throw new Error('typical example invalid');

function circle(n: number, r: number): number[][] {
  const ring = Array.from({ length: n }, (_, i) => {
    const a = (2 * Math.PI * i) / n;
    return [r * Math.cos(a), r * Math.sin(a)];
  });
  return [...ring, ring[0]];
}

const big = contract.validateInputs({
  ...typical.value,
  parcel: { coordinates: circle(1000, 60) },
  house: { coordinates: circle(64, 6) },
});
if (!big.ok) throw new Error('big case invalid');

/** The response Compute would send for these inputs: Results as a Text parameter holding JSON. */
async function responseText(inputs: Record<string, unknown>): Promise<string> {
  const out = await solveSitefitV1(inputs as never, { maxResults: 10 });
  return JSON.stringify({
    absolutetolerance: 0.001,
    angletolerance: 1,
    modelunits: 'Meters',
    algo: '',
    pointer: 'md5_0123456789ABCDEF',
    cachesolve: false,
    recursionlevel: 0,
    values: [
      {
        ParamName: 'Results',
        InnerTree: { '{0}': [{ type: 'System.String', data: JSON.stringify(JSON.stringify(out.results)) }] },
      },
    ],
    warnings: [],
    errors: [],
  });
}

function encode(inputs: Record<string, unknown>): string {
  return JSON.stringify({
    absolutetolerance: spec.absoluteTolerance,
    angletolerance: spec.angleToleranceDeg,
    modelunits: spec.modelUnits,
    pointer: 'md5_0123456789ABCDEF',
    cachesolve: false,
    recursionlevel: 0,
    values: inputsToTrees(spec, contract, inputs),
    warnings: [],
    errors: [],
  });
}

function decode(text: string): Record<string, unknown> {
  const body = JSON.parse(text) as { values: Parameters<typeof treesToOutputs>[1] };
  return treesToOutputs(spec, body.values);
}

function timeIt(fn: () => unknown, ms = 1000): { p50: number; p95: number; n: number } {
  const warm = performance.now() + 200;
  while (performance.now() < warm) fn();
  const samples: number[] = [];
  const until = performance.now() + ms;
  while (performance.now() < until) {
    const t = performance.now();
    fn();
    samples.push((performance.now() - t) * 1000);
  }
  samples.sort((a, b) => a - b);
  return {
    p50: samples[Math.floor(samples.length / 2)],
    p95: samples[Math.floor(samples.length * 0.95)],
    n: samples.length,
  };
}

const rows: string[] = [];
for (const [name, inputs] of [
  ['typical (5 + 5 vertices)', typical.value],
  ['1000-vertex parcel, 64-vertex house', big.value],
] as const) {
  const text = await responseText(inputs);
  const req = encode(inputs);
  const e = timeIt(() => encode(inputs));
  const d = timeIt(() => decode(text));
  const both = timeIt(() => decode(text) && encode(inputs));
  rows.push(
    `| ${name} | ${(req.length / 1024).toFixed(1)} | ${(text.length / 1024).toFixed(1)} | ${e.p50.toFixed(1)} / ${e.p95.toFixed(1)} | ${d.p50.toFixed(1)} / ${d.p95.toFixed(1)} | **${both.p50.toFixed(1)}** / ${both.p95.toFixed(1)} |`,
  );
}

const cpu = cpus()[0]?.model.split(' ').slice(0, 2).join(' ') ?? 'cpu';
const body = [
  `Machine: ${cpu} x ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}. Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench:grasshopper\`.`,
  '',
  'Per solve, in µs (p50 / p95 over one second after a warm-up): the request body built from the contract inputs',
  "through sitefit@1.0.0's bindings (data trees, Polyline JSON, JSON text) and the response (10 results in a Text",
  "parameter) mapped back to the outputs. Excludes Rhino.Compute's work, the network and output validation.",
  'The 2 cores were shared with other processes while this ran, so the p95 column is noisy.',
  '',
  '| inputs | request KiB | response KiB | inputs -> request | response -> outputs | both ways |',
  '|---|---:|---:|---:|---:|---:|',
  ...rows,
].join('\n');
console.log(body);
replaceSection(new URL('./README.md', import.meta.url).pathname, 'grasshopper', body);
