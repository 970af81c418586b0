// Scenes for the sheet tests: the valid contract examples solved (a few results each), and the stress set's
// parcels with hand-placed houses (three rotations about the middle of the parcel's bounding box: the drawing
// is what is under test, so no solve of a 2000-vertex parcel is needed).
import { readdirSync, readFileSync } from 'node:fs';
import { buildArtifactScene } from '../src/artifacts/index.ts';
import type { Scene } from '../src/artifacts/types.ts';
import { bounds, centroid } from '../src/geom/ring.ts';
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

/** Every stress parcel that solves, with three hand-placed houses. */
export function stressCases(): SheetCase[] {
  return STRESS_CASES.filter((c) => c.expect === 'solves').map((c) => {
    const inputs = c.version === '1.0.0' ? { ...V1_DEFAULTS, ...c.inputs } : c.inputs;
    const [minX, minY, maxX, maxY] = bounds([parcelOuter(inputs) as [number, number][]]);
    const [hx, hy] = centroid(houseRing(inputs));
    const results = [0, 30, 60].map((rot, i) => ({
      id: `r${i + 1}`,
      transform: {
        rotation: { axis: 'z', value: rot, units: 'deg' },
        translation: { x: (minX + maxX) / 2 - hx + 3 * i, y: (minY + maxY) / 2 - hy, z: 0, units: 'm' },
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
