// The held-back stress set (issue 9): inputs the contracts accept at their limits — star, circle and comb
// parcels up to the vertex limit, rotation step 0.1 over 0..360, many holes and exclusions. Each either
// finishes within its contract's aim (1.0.0 <= 10 s, 2.0.0 <= 30 s on the 2-core reference machine) or is
// refused at submit (WORK_LIMIT_EXCEEDED). The tests run the `ci` ones (completion or refusal, no timings);
// `npm run bench:sitefit` runs all of them with time and peak memory. Test support only: production code never
// imports this folder.

export interface StressCase {
  name: string;
  version: '1.0.0' | '2.0.0';
  inputs: Record<string, unknown>;
  expect: 'solves' | 'refused';
  /** Part of the test suite (a few seconds at most); every case is in the benchmark. */
  ci: boolean;
}

type XY = [number, number];

function close(r: XY[]): XY[] {
  return [...r, r[0]];
}

/** A regular polygon of n vertices (radius r), or a star alternating r and inner. */
export function radial(n: number, r: number, inner = r): XY[] {
  return close(
    Array.from({ length: n }, (_, i) => {
      const a = (2 * Math.PI * i) / n;
      const rr = i % 2 ? inner : r;
      return [rr * Math.cos(a), rr * Math.sin(a)] as XY;
    }),
  );
}

/** A comb: a 20 m deep spine along x with `teeth` teeth 30 m long and 2 m wide, 2 m apart (4 vertices each). */
export function comb(teeth: number): XY[] {
  const r: XY[] = [[0, 0]];
  for (let i = 0; i < teeth; i++) {
    const x = 4 * i;
    r.push([x + 1, 0], [x + 1, -30], [x + 3, -30], [x + 3, 0]);
  }
  const w = 4 * teeth;
  r.push([w, 0], [w, 20], [0, 20]);
  return close(r);
}

const rect = (x: number, y: number, w: number, h: number): XY[] =>
  close([
    [x, y],
    [x + w, y],
    [x + w, y + h],
    [x, y + h],
  ]);

const HOUSE = { coordinates: rect(0, 0, 12, 9) };
const L_HOUSE = {
  coordinates: close([
    [0, 0],
    [12, 0],
    [12, 5],
    [6, 5],
    [6, 10],
    [0, 10],
  ]),
};
const FULL_TURN_FINE = { min: 0, max: 360, step: 0.1 };

function v1(parcel: XY[], rotation?: object): Record<string, unknown> {
  return {
    crs: 'EPSG:5514',
    parcel: { coordinates: parcel },
    house: HOUSE,
    grid_step: 0.5,
    seed: 1,
    rotation: rotation ?? { min: 0, max: 180, step: 5 },
  };
}

function v2(parcel: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { crs: 'EPSG:5514', parcel, house: HOUSE, ...extra };
}

/** A 100 x 100 m parcel with 36 square holes (courtyards) and 60 exclusions (trees, utility lines, easements). */
function holesAndExclusions(side = 6, trees = 40, lines = 10, easements = 10): Record<string, unknown> {
  const holes: XY[][] = [];
  for (let i = 0; i < side; i++)
    for (let j = 0; j < side; j++) holes.push(rect(8 + 15 * i, 8 + 15 * j, 3, 3).reverse() as XY[]);
  const exclusions: Record<string, unknown>[] = [];
  for (let k = 0; k < trees; k++)
    exclusions.push({
      kind: 'tree_protection',
      buffer_m: 1.5,
      geometry: { type: 'Point', coordinates: [5 + ((k * 37) % 90), 5 + ((k * 53) % 90)] },
    });
  for (let k = 0; k < lines; k++)
    exclusions.push({
      kind: 'utility_buffer',
      buffer_m: 0.5,
      geometry: {
        type: 'LineString',
        coordinates: [
          [10 * k + 2, 0],
          [10 * k + 4, 30],
        ],
      },
    });
  for (let k = 0; k < easements; k++)
    exclusions.push({ kind: 'easement', buffer_m: 0, geometry: rect(2 + 9.5 * k, 95, 4, 3) });
  return v2(
    { type: 'Polygon', coordinates: [rect(0, 0, 100, 100), ...holes] },
    { exclusions, setbacks: { uniform_m: 2 } },
  );
}

export const STRESS_CASES: readonly StressCase[] = [
  // sitefit@1.0.0
  {
    name: 'v1 star 1993 step 0.1',
    version: '1.0.0',
    inputs: v1(radial(1992, 40, 30), FULL_TURN_FINE),
    expect: 'refused',
    ci: true,
  },
  {
    name: 'v1 star 1993 step 0.5 (at the cap)',
    version: '1.0.0',
    inputs: v1(radial(1992, 40, 30), { min: 0, max: 360, step: 0.5 }),
    expect: 'solves',
    ci: false,
  },
  {
    name: 'v1 circle 1993 step 0.5',
    version: '1.0.0',
    inputs: v1(radial(1992, 40), { min: 0, max: 360, step: 0.5 }),
    expect: 'solves',
    ci: false,
  },
  {
    name: 'v1 comb 497 teeth (1992 vertices)',
    version: '1.0.0',
    inputs: v1(comb(497)),
    expect: 'solves',
    ci: false,
  },
  {
    name: 'v1 rectangle step 0.1',
    version: '1.0.0',
    inputs: v1(rect(0, 0, 40, 60), FULL_TURN_FINE),
    expect: 'solves',
    ci: true,
  },
  // sitefit@2.0.0
  {
    name: 'v2 L house in a rectangle step 0.1',
    version: '2.0.0',
    inputs: { ...v2({ coordinates: rect(0, 0, 40, 60) }), house: L_HOUSE, rotation: FULL_TURN_FINE },
    expect: 'solves',
    ci: true,
  },
  {
    name: 'v2 circle 1993',
    version: '2.0.0',
    inputs: v2({ coordinates: radial(1992, 40) }),
    expect: 'solves',
    ci: true,
  },
  {
    name: 'v2 circle 1993 step 0.1',
    version: '2.0.0',
    inputs: v2({ coordinates: radial(1992, 40) }, { rotation: FULL_TURN_FINE }),
    expect: 'refused',
    ci: true,
  },
  {
    name: 'v2 circle 200 step 0.1',
    version: '2.0.0',
    inputs: v2({ coordinates: radial(200, 40) }, { rotation: FULL_TURN_FINE }),
    expect: 'solves',
    ci: false,
  },
  {
    name: 'v2 star 1993',
    version: '2.0.0',
    inputs: v2({ coordinates: radial(1992, 40, 30) }),
    expect: 'solves',
    ci: false,
  },
  {
    name: 'v2 star 1993 setback 2 m',
    version: '2.0.0',
    inputs: v2({ coordinates: radial(1992, 40, 30) }, { setbacks: { uniform_m: 2 } }),
    expect: 'solves',
    ci: false,
  },
  {
    name: 'v2 comb 497 teeth setback 1 m',
    version: '2.0.0',
    inputs: v2({ coordinates: comb(497) }, { setbacks: { uniform_m: 1 } }),
    expect: 'solves',
    ci: false,
  },
  // The jagged parcels at the work cap (step 0.6: 600 rotations; issue 9: the comb had taken 94 s under load).
  {
    name: 'v2 comb 497 teeth step 0.6 (at the cap)',
    version: '2.0.0',
    inputs: v2({ coordinates: comb(497) }, { rotation: { min: 0, max: 360, step: 0.6 } }),
    expect: 'solves',
    ci: false,
  },
  {
    name: 'v2 star 1993 step 0.6 (at the cap)',
    version: '2.0.0',
    inputs: v2({ coordinates: radial(1992, 40, 30) }, { rotation: { min: 0, max: 360, step: 0.6 } }),
    expect: 'solves',
    ci: false,
  },
  {
    name: 'v2 36 holes and 60 exclusions',
    version: '2.0.0',
    inputs: holesAndExclusions(),
    expect: 'refused',
    ci: true,
  },
  {
    name: 'v2 9 holes and 12 exclusions',
    version: '2.0.0',
    inputs: holesAndExclusions(3, 8, 2, 2),
    expect: 'solves',
    ci: true,
  },
];
