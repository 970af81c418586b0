// Scenes for the sheet tests: the valid contract examples solved (a few results each), and the stress set's
// parcels with hand-placed houses (three rotations about the point deepest inside the parcel: the drawing
// is what is under test, so no solve of a 2000-vertex parcel is needed).
import { readdirSync, readFileSync } from 'node:fs';
import { buildArtifactScene } from '../src/artifacts/index.ts';
import type { Scene } from '../src/artifacts/types.ts';
import { pointInRing, pointSegmentDistance } from '../src/geom/predicates.ts';
import { bounds, centroid } from '../src/geom/ring.ts';
import type { Point } from '../src/geom/types.ts';
import { solveSitefitV1 } from '../src/solve-v1.ts';
import { solveSitefitV2 } from '../src/v2/index.ts';
import { STRESS_CASES } from './stress.ts';

const CONTRACTS = new URL('../../../contracts/sitefit/', import.meta.url).pathname;

/** The 1.0.0 schema's defaults (the tests call the solver directly, without the contract registry). */
const V1_DEFAULTS = { rotation: { min: 0, max: 180, step: 5 }, grid_step: 0.5, seed: 1 };

export interface SheetCase {
  name: string;
  definition: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  scene: Scene;
}

export async function exampleCases(maxResults = 3): Promise<SheetCase[]> {
  const out: SheetCase[] = [];
  for (const version of ['1.0.0', '2.0.0']) {
    const dir = `${CONTRACTS}${version}/examples/valid`;
    for (const file of readdirSync(dir).sort()) {
      const raw = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
      const inputs = version === '1.0.0' ? { ...V1_DEFAULTS, ...raw } : raw;
      const outputs = (version === '1.0.0'
        ? await solveSitefitV1(structuredClone(inputs), { maxResults })
        : await solveSitefitV2(structuredClone(inputs), {
            maxResults,
            now: new Date(0),
          })) as unknown as Record<string, unknown>;
      const definition = `sitefit@${version}`;
      const scene = buildArtifactScene(definition, inputs, outputs);
      out.push({ name: `${version}-${file.replace(/\.json$/, '')}`, definition, inputs, outputs, scene });
    }
  }
  return out;
}

function houseRing(inputs: Record<string, unknown>): number[][] {
  return (inputs.house as { coordinates: number[][] }).coordinates;
}

function parcelOuter(inputs: Record<string, unknown>): number[][] {
  const p = inputs.parcel as { type?: string; coordinates: number[][] | number[][][] };
  return (p.type === 'Polygon' ? p.coordinates[0] : p.coordinates) as number[][];
}

/** The point of a 40 x 40 grid over the ring's bounds farthest inside it (where to hand-place a house). */
function deepInside(ring: Point[]): Point {
  const open = ring.slice(0, -1);
  const [x0, y0, x1, y1] = bounds([open]);
  let best: Point = [(x0 + x1) / 2, (y0 + y1) / 2];
  let bestD = -1;
  for (let i = 0; i < 40; i++)
    for (let j = 0; j < 40; j++) {
      const p: Point = [x0 + ((i + 0.5) * (x1 - x0)) / 40, y0 + ((j + 0.5) * (y1 - y0)) / 40];
      if (pointInRing(p, open) <= 0) continue;
      let d = Number.POSITIVE_INFINITY;
      for (let k = 0; k < open.length; k++)
        d = Math.min(d, pointSegmentDistance(p, open[k], open[(k + 1) % open.length]));
      if (d > bestD) [best, bestD] = [p, d];
    }
  return best;
}

/** Every stress parcel that solves, with three hand-placed houses. */
export function stressCases(): SheetCase[] {
  return STRESS_CASES.filter((c) => c.expect === 'solves').map((c) => {
    const inputs = c.version === '1.0.0' ? { ...V1_DEFAULTS, ...c.inputs } : c.inputs;
    const [px, py] = deepInside(parcelOuter(inputs) as Point[]);
    const [hx, hy] = centroid(houseRing(inputs));
    const results = [0, 30, 60].map((rot, i) => ({
      id: `r${i + 1}`,
      transform: {
        rotation: { axis: 'z', value: rot, units: 'deg' },
        translation: { x: px - hx + 3 * i, y: py - hy, z: 0, units: 'm' },
        scale: { uniform: 1 },
      },
      score: 1 - i / 10,
      metrics: { min_setback_m: 1, house_area_m2: 108, yard_area_m2: 1000, parcel_utilization: 0.1 },
      tags: i === 0 ? ['best'] : [],
    }));
    const outputs = { results, artifacts: [], metadata: {} };
    const definition = `sitefit@${c.version}`;
    return {
      name: c.name,
      definition,
      inputs,
      outputs,
      scene: buildArtifactScene(definition, inputs, outputs),
    };
  });
}
