// sitefit@2.0.0 solver: constraints are checked with an independent distance computation written here (plain
// point-segment distances and a crossing-number containment test, no code shared with the solver), outputs are
// validated against the contract, and the objective is shown to steer the ranking.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { gridConvergenceDeg, reprojectPoint } from '../src/crs/index.ts';
import { SitefitDomainError } from '../src/errors.ts';
import { type SitefitV2Outputs, solveSitefitV2 } from '../src/v2/index.ts';

type P = [number, number];
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => void;
const dir = new URL('../../../contracts/sitefit/2.0.0/', import.meta.url).pathname;
const read = (p: string) => JSON.parse(readFileSync(dir + p, 'utf8'));
const ajv = new Ajv({ strict: true, allErrors: true, useDefaults: true, allowUnionTypes: true });
addFormats(ajv);
const validateInputs = ajv.compile(read('inputs.schema.json'));
const validateOutputs = ajv.compile(read('outputs.schema.json'));
const NOW = new Date('2026-01-01T00:00:00Z');

/** Materialises defaults the way the AppServer does, then solves. */
async function solve(raw: object, maxResults = 5): Promise<SitefitV2Outputs> {
  const inputs = structuredClone(raw);
  assert.ok(validateInputs(inputs), JSON.stringify(validateInputs.errors));
  const out = await solveSitefitV2(inputs, { maxResults, now: NOW });
  assert.ok(validateOutputs(out), JSON.stringify(validateOutputs.errors));
  return out;
}

// ---- independent geometry ----
function segDist(p: P, a: P, b: P): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const l2 = dx * dx + dy * dy;
  const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}
function inside(p: P, ring: P[]): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}
function open(r: P[]): P[] {
  return r.slice(0, r.length - 1);
}
function cross(o: P, a: P, b: P): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}
function crosses(a: P, b: P, c: P, d: P): boolean {
  return cross(a, b, c) * cross(a, b, d) < 0 && cross(c, d, a) * cross(c, d, b) < 0;
}
/** Distance between two closed polygons (or a polygon and a segment): 0 if they overlap or edges cross. */
function polyDist(a: P[], b: P[]): number {
  if (a.some((p) => inside(p, b)) || b.some((p) => inside(p, a))) return 0;
  for (let i = 0; i < a.length; i++)
    for (let j = 0; j < b.length; j++)
      if (crosses(a[i], a[(i + 1) % a.length], b[j], b[(j + 1) % b.length])) return 0;
  let d = Number.POSITIVE_INFINITY;
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const)
    for (const p of x)
      for (let i = 0; i < y.length; i++) d = Math.min(d, segDist(p, y[i], y[(i + 1) % y.length]));
  return d;
}
function edgeDist(house: P[], a: P, b: P): number {
  return polyDist(house, [a, b]);
}
function area(r: P[]): number {
  let s = 0;
  const [ox, oy] = r[0]; // relative to a vertex: S-JTSK magnitudes would swamp the shoelace sum
  for (let i = 0; i < r.length; i++) {
    const [x0, y0] = [r[i][0] - ox, r[i][1] - oy];
    const [x1, y1] = [r[(i + 1) % r.length][0] - ox, r[(i + 1) % r.length][1] - oy];
    s += x0 * y1 - x1 * y0;
  }
  return Math.abs(s / 2);
}
const fp = (r: SitefitV2Outputs['results'][number]) => open(r.footprint.coordinates[0] as P[]);

const rect = (x0: number, y0: number, w: number, h: number): P[] => [
  [x0, y0],
  [x0 + w, y0],
  [x0 + w, y0 + h],
  [x0, y0 + h],
  [x0, y0],
];
/** A 30 m x 40 m parcel near Prague (S-JTSK), street on edge 0 (south side, y = Y0). */
const X0 = -742_900;
const Y0 = -1_043_100;
const base = {
  crs: 'EPSG:5514',
  parcel: { coordinates: rect(X0, Y0, 30, 40) },
  house: { coordinates: rect(0, 0, 12, 9) },
  street: { edges: [0] },
  setbacks: { uniform_m: 2, front_m: 6, side_m: 3, rear_m: 8 },
  rotation: { min: 0, max: 350, step: 10 },
};

describe('v2 solver: constraints', () => {
  it('honours per-edge setbacks (front, side, rear) by an independent distance check', async () => {
    const out = await solve(base);
    assert.equal(out.results.length, 5);
    const parcel = open(base.parcel.coordinates);
    const required = [6, 3, 8, 3]; // edge 0 street/front, 1 east side, 2 north rear, 3 west side
    for (const r of out.results) {
      const h = fp(r);
      for (const p of h) assert.ok(inside(p, parcel));
      let slack = Number.POSITIVE_INFINITY;
      for (let e = 0; e < 4; e++) {
        const d = edgeDist(h, parcel[e], parcel[(e + 1) % 4]);
        assert.ok(d >= required[e] - 1e-3, `edge ${e}: ${d} < ${required[e]}`);
        slack = Math.min(slack, d - required[e]);
      }
      assert.ok(
        Math.abs(r.metrics.clearance_slack_m - slack) < 1e-6,
        `${r.metrics.clearance_slack_m} vs ${slack}`,
      );
      assert.ok(Math.abs(area(h) - 108) < 1e-6);
      assert.ok(Math.abs(r.metrics.house_area_m2 - 108) < 1e-6);
      assert.equal(r.metrics.street_distance_m !== undefined, true);
      assert.ok(Math.abs(r.metrics.street_distance_m! - edgeDist(h, parcel[0], parcel[1])) < 1e-6);
    }
    // The best placement has the most slack any placement can have up to the 10° rotation grid: the buildable
    // rectangle is 24 x 26 m; the 12 x 9 house axis-aligned leaves min(12, 17) / 2 = 6 m.
    assert.ok(out.results.some((r) => r.metrics.clearance_slack_m > 6 - 1e-3));
    assert.ok(out.results.every((r) => r.metrics.clearance_slack_m >= -1e-3));
  });

  it('an explicit per-edge setback overrides the class setback', async () => {
    const out = await solve({
      ...base,
      setbacks: { ...base.setbacks, edges: [{ edge: 1, distance_m: 12 }] },
    });
    const parcel = open(base.parcel.coordinates);
    assert.ok(out.results.length > 0);
    for (const r of out.results) assert.ok(edgeDist(fp(r), parcel[1], parcel[2]) >= 12 - 1e-3);
  });

  it('keeps out of exclusion zones grown by their buffers (tree point, easement polygon, utility line)', async () => {
    const tree: P = [X0 + 15, Y0 + 22];
    const easement = rect(X0, Y0 + 30, 10, 10);
    const line: P[] = [
      [X0 + 22, Y0],
      [X0 + 22, Y0 + 40],
    ];
    const out = await solve({
      ...base,
      setbacks: { uniform_m: 1 },
      exclusions: [
        { id: 'oak', kind: 'tree_protection', geometry: { type: 'Point', coordinates: tree }, buffer_m: 4 },
        { kind: 'easement', geometry: easement },
        { kind: 'utility_buffer', geometry: { type: 'LineString', coordinates: line }, buffer_m: 1.5 },
      ],
    });
    assert.ok(out.results.length > 0);
    for (const r of out.results) {
      const h = fp(r);
      assert.ok(!inside(tree, h));
      assert.ok(polyDist([tree], h) >= 4 - 1e-3, 'tree');
      assert.ok(
        polyDist(open(easement), h) >= -1e-9 && !h.some((p) => inside(p, open(easement))),
        'easement',
      );
      assert.ok(edgeDist(h, line[0], line[1]) >= 1.5 - 1e-3, 'utility line');
    }
  });

  it('never places the house over a parcel hole', async () => {
    const inputs = read('examples/valid/parcel-with-hole.json');
    const out = await solve(inputs);
    const hole = open(inputs.parcel.coordinates[1]);
    assert.ok(out.results.length > 0);
    for (const r of out.results) assert.ok(polyDist(hole, fp(r)) >= 1.5 - 1e-3); // uniform setback applies
  });

  it('a house over the site coverage limit gives no results and NO_FEASIBLE_PLACEMENT, not an error', async () => {
    const out = await solve({ ...base, max_site_coverage: 0.08 }); // 108 / 1200 = 0.09
    assert.equal(out.results.length, 0);
    const w = out.metadata.warnings.find((x) => x.code === 'NO_FEASIBLE_PLACEMENT');
    assert.ok(w);
    assert.equal(w.details?.reason, 'max_site_coverage');
    assert.ok(Math.abs((w.details?.max_house_area_m2 as number) - 96) < 1e-9);
    // Existing buildings count towards coverage.
    const out2 = await solve({ ...base, max_site_coverage: 0.2, existing_built_area_m2: 150 });
    assert.equal(out2.results.length, 0);
    const ok = await solve({ ...base, max_site_coverage: 0.2, existing_built_area_m2: 100 });
    assert.ok(ok.results.length > 0);
    assert.ok(Math.abs(ok.results[0].metrics.site_coverage - 208 / 1200) < 1e-12);
  });

  it('a house too large for the buildable area gives no results and NO_FEASIBLE_PLACEMENT', async () => {
    // The buildable rectangle is 24 x 26 m: a 25 x 25 house fits at no rotation.
    const out = await solve({ ...base, house: { coordinates: rect(0, 0, 25, 25) } });
    assert.equal(out.results.length, 0);
    assert.equal(out.metadata.warnings[0].code, 'NO_FEASIBLE_PLACEMENT');
    const none = await solve({ ...base, setbacks: { uniform_m: 16 } });
    assert.equal(none.results.length, 0);
    assert.equal(none.metadata.warnings[0].details?.reason, 'no_buildable_area');
  });
});

describe('v2 solver: random sites (property)', () => {
  it('star-shaped parcels with random per-edge setbacks and a tree: every placement honours all of them', async () => {
    let placements = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 5, max: 12 }),
        fc.array(fc.double({ min: 0.75, max: 1, noNaN: true }), { minLength: 12, maxLength: 12 }),
        fc.array(fc.double({ min: 0, max: 4, noNaN: true }), { minLength: 12, maxLength: 12 }),
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        async (n, radii, setbacks, treeAngle) => {
          // A star-shaped (hence simple) parcel of radius 25-33 m around an S-JTSK point.
          const ring: P[] = [];
          for (let k = 0; k < n; k++) {
            const a = (2 * Math.PI * k) / n;
            const r = 33 * radii[k];
            ring.push([
              Math.round((X0 + r * Math.cos(a)) * 1000) / 1000,
              Math.round((Y0 + r * Math.sin(a)) * 1000) / 1000,
            ]);
          }
          ring.push(ring[0]);
          const tree: P = [X0 + 10 * Math.cos(treeAngle), Y0 + 10 * Math.sin(treeAngle)];
          const edges = setbacks
            .slice(0, n)
            .map((d, edge) => ({ edge, distance_m: Math.round(d * 100) / 100 }));
          const inputs = {
            crs: 'EPSG:5514',
            parcel: { coordinates: ring },
            house: { coordinates: rect(0, 0, 10, 7) },
            setbacks: { uniform_m: 0, edges },
            exclusions: [{ geometry: { type: 'Point', coordinates: tree }, buffer_m: 3 }],
            rotation: { min: 0, max: 330, step: 30 },
            grid_step: 2,
            max_results: 3,
          };
          const out = await solve(inputs, 3);
          placements += out.results.length;
          const parcel = open(ring);
          for (const r of out.results) {
            const h = fp(r);
            for (const p of h) assert.ok(inside(p, parcel));
            let slack = Number.POSITIVE_INFINITY;
            for (let e = 0; e < n; e++) {
              const d = edgeDist(h, parcel[e], parcel[(e + 1) % n]);
              assert.ok(d >= edges[e].distance_m - 2e-3, `edge ${e}: ${d} < ${edges[e].distance_m}`);
              slack = Math.min(slack, d - edges[e].distance_m);
            }
            const dt = polyDist([tree], h);
            assert.ok(dt >= 3 - 2e-3, `tree ${dt}`);
            slack = Math.min(slack, dt - 3);
            assert.ok(Math.abs(r.metrics.clearance_slack_m - slack) < 1e-6);
          }
        },
      ),
      { numRuns: 12, seed: 2026 },
    );
    assert.ok(placements >= 20, `only ${placements} placements checked`);
  });
});

describe('v2 solver: orientation and objective', () => {
  const sunOnly = {
    ...base,
    objective: { weights: { clearance: 0.01, sun: 10, garden: 0, access: 0, alignment: 0 } },
  };

  it('measures the facade against true south: the grid convergence (about -7.8° at Prague) is applied', async () => {
    const out = await solve({
      ...sunOnly,
      setbacks: { uniform_m: 1 },
      rotation: { min: 0, max: 359, step: 1 },
    });
    const best = out.results[0];
    const gamma = gridConvergenceDeg('EPSG:5514', [X0 + 15, Y0 + 20]);
    assert.ok(gamma < -7 && gamma > -8.5);
    assert.ok(Math.abs(out.metadata.convergence_deg - gamma) < 0.01);
    // House edge 0 runs west to east along the bottom of a counter-clockwise ring: it faces grid south. Facing
    // true south needs a turn of gamma (mod 360), i.e. about 352°, not 0°.
    assert.ok(best.metrics.sun_deviation_deg <= 0.5 + 1e-9, `${best.metrics.sun_deviation_deg}`);
    assert.ok(Math.abs(best.metrics.facade_azimuth_deg - 180) <= 0.5 + 1e-9);
    assert.equal(best.transform.rotation.value, Math.round(((gamma % 360) + 360) % 360));
  });

  it('the orientation preference changes the ranking', async () => {
    const south = await solve(sunOnly);
    const west = await solve({ ...sunOnly, orientation: { facade_edge: 0, offset_from_south_deg: 90 } });
    const east = await solve({ ...sunOnly, orientation: { facade_edge: 0, offset_from_south_deg: -90 } });
    const az = (o: SitefitV2Outputs) => o.results[0].metrics.facade_azimuth_deg;
    assert.ok(Math.abs(az(south) - 180) <= 5 + 1e-9, `${az(south)}`);
    assert.ok(Math.abs(az(west) - 270) <= 5 + 1e-9, `${az(west)}`);
    assert.ok(Math.abs(az(east) - 90) <= 5 + 1e-9, `${az(east)}`);
    assert.notEqual(south.results[0].transform.rotation.value, west.results[0].transform.rotation.value);
    // Choosing another facade edge (edge 1 faces grid east) turns the best house by about 90°.
    const edge1 = await solve({ ...sunOnly, orientation: { facade_edge: 1, offset_from_south_deg: 0 } });
    const d =
      (((edge1.results[0].transform.rotation.value - south.results[0].transform.rotation.value) % 360) +
        360) %
      360;
    assert.ok(Math.abs(d - 270) <= 10, `${d}`);
  });

  it('the access weight pulls the house to the street edge; the garden weight leaves a larger garden', async () => {
    const plain = await solve({ ...base, objective: { weights: { clearance: 1, sun: 0, garden: 0 } } });
    const access = await solve({
      ...base,
      objective: { weights: { clearance: 0.2, sun: 0, garden: 0, access: 5 } },
    });
    assert.ok(access.results[0].metrics.street_distance_m! < plain.results[0].metrics.street_distance_m! - 1);
    assert.ok(Math.abs(access.results[0].metrics.street_distance_m! - 6) < 0.5); // the front setback
    // Gardens at least 12 m wide: a centred house leaves 10.5 m side strips, splitting the garden front and back.
    const wide = (w: object) => ({ ...base, objective: { weights: w, garden_min_width_m: 12 } });
    const centred = await solve(wide({ clearance: 1, sun: 0, garden: 0 }));
    const garden = await solve(wide({ clearance: 0.2, sun: 0, garden: 5 }));
    assert.ok(garden.results[0].metrics.garden_area_m2 > centred.results[0].metrics.garden_area_m2 + 100);
    // Scores are the weighted mean of the KPIs.
    for (const r of garden.results) {
      const k = r.kpis;
      assert.ok(Math.abs(r.score - (0.2 * k.clearance + 5 * k.garden) / 5.2) < 1e-12);
    }
  });

  it('the alignment weight aligns the facade with the street', async () => {
    const skew = {
      ...base,
      // A parcel whose street edge runs at 30° in the grid.
      parcel: {
        coordinates: rect(0, 0, 30, 40).map(([x, y]) => {
          const a = Math.PI / 6;
          return [X0 + x * Math.cos(a) - y * Math.sin(a), Y0 + x * Math.sin(a) + y * Math.cos(a)] as P;
        }),
      },
      setbacks: { uniform_m: 2 },
      rotation: { min: 0, max: 355, step: 5 },
    };
    const out = await solve({
      ...skew,
      objective: { weights: { clearance: 0.1, sun: 0, garden: 0, alignment: 5 } },
    });
    const r = out.results[0];
    assert.ok(r.metrics.street_alignment_deg! < 1e-6);
    assert.equal(r.transform.rotation.value % 90, 30);
  });

  it('results are distinct, ranked by score, and deterministic', async () => {
    const a = await solve(base, 10);
    const b = await solve(base, 10);
    assert.deepEqual(a, b);
    for (let i = 1; i < a.results.length; i++) assert.ok(a.results[i - 1].score >= a.results[i].score);
    assert.deepEqual(
      a.results.map((r) => r.id),
      a.results.map((_, i) => `r${i + 1}`),
    );
    assert.ok(a.results.length <= 5, 'inputs.max_results (default 5) caps the manifest limit');
  });
});

describe('v2 solver: CRS and inputs', () => {
  it('EPSG:4326 input is solved in its UTM zone and answered in degrees', async () => {
    const inputs = read('examples/valid/wgs84-brno.json');
    const out = await solve(inputs);
    assert.equal(out.metadata.crs, 'EPSG:4326');
    assert.equal(out.metadata.working_crs, 'EPSG:32633');
    assert.ok(out.results.length > 0);
    const parcel = inputs.parcel.coordinates.map((p: P) => reprojectPoint('EPSG:4326', 'EPSG:32633', p));
    for (const r of out.results) {
      assert.equal(r.transform.translation.units, 'deg');
      const ll = fp(r);
      for (const [lon, lat] of ll)
        assert.ok(Math.abs(lon - 16.607) < 0.001 && Math.abs(lat - 49.195) < 0.001);
      const m = ll.map((p) => reprojectPoint('EPSG:4326', 'EPSG:32633', p));
      assert.ok(Math.abs(area(m) - r.metrics.house_area_m2) < 0.01);
      for (let e = 0; e < 4; e++) assert.ok(edgeDist(m, parcel[e], parcel[e + 1]) >= 3 - 2e-3); // uniform 3 m
    }
  });

  it('accepts the GeoJSON forms: Polygon with holes and Feature', async () => {
    const feature = {
      ...base,
      parcel: {
        type: 'Feature',
        properties: null,
        geometry: { type: 'Polygon', coordinates: [rect(X0, Y0, 30, 40)] },
      },
      house: { type: 'Polygon', coordinates: [rect(0, 0, 12, 9)] },
    };
    const a = await solve(feature);
    const b = await solve(base);
    assert.deepEqual(a.results, b.results);
  });

  it('every valid example solves and its outputs validate', async () => {
    for (const f of readdirSync(`${dir}examples/valid`)) {
      const out = await solve(read(`examples/valid/${f}`));
      assert.equal(out.metadata.version, '2.0.0');
      assert.deepEqual(out.artifacts, []);
    }
  });

  it('domain errors are SitefitDomainError with a code and field pointer', async () => {
    const cases: [object, string, string][] = [
      [{ ...base, crs: 'EPSG:3857' }, 'UNSUPPORTED_CRS', '/crs'],
      [{ ...base, street: { edges: [7] } }, 'EDGE_OUT_OF_RANGE', '/street/edges/0'],
      [
        { ...base, setbacks: { edges: [{ edge: 4, distance_m: 1 }] } },
        'EDGE_OUT_OF_RANGE',
        '/setbacks/edges/0/edge',
      ],
      [{ ...base, orientation: { facade_edge: 4 } }, 'EDGE_OUT_OF_RANGE', '/orientation/facade_edge'],
      [
        { ...base, objective: { weights: { clearance: 0, sun: 0, garden: 0, access: 0, alignment: 0 } } },
        'OBJECTIVE_ALL_ZERO',
        '/objective/weights',
      ],
      [{ ...base, rotation: { min: 90, max: 10 } }, 'INVALID_ROTATION_RANGE', '/rotation'],
      [
        {
          ...base,
          exclusions: [
            {
              geometry: {
                type: 'Polygon',
                coordinates: [
                  [
                    [X0, Y0],
                    [X0 + 5, Y0 + 5],
                    [X0 + 5, Y0],
                    [X0, Y0 + 5],
                    [X0, Y0],
                  ],
                ],
              },
            },
          ],
        },
        'SELF_INTERSECTION',
        '/exclusions/0/geometry/coordinates/0',
      ],
      [
        {
          ...base,
          parcel: {
            type: 'Polygon',
            coordinates: [
              [
                [X0, Y0],
                [X0 + 30, Y0],
                [X0 + 30, Y0 + 40],
                [X0 + 20, Y0 - 5],
                [X0, Y0 + 40],
                [X0, Y0],
              ],
            ],
          },
        },
        'SELF_INTERSECTION',
        '/parcel/coordinates/0',
      ],
      [
        {
          ...base,
          parcel: { coordinates: [...rect(X0, Y0, 30, 40).slice(0, 4), [X0 + 1, Y0]] },
        },
        'RING_NOT_CLOSED',
        '/parcel/coordinates',
      ],
    ];
    for (const [inputs, code, field] of cases) {
      await assert.rejects(solve(inputs), (e: unknown) => {
        assert.ok(e instanceof SitefitDomainError, String(e));
        assert.equal(e.code, code);
        assert.equal(e.field, field);
        assert.ok(e.hint.length > 0);
        return true;
      });
    }
  });

  it('warns about an exclusion that excludes nothing (a point or line without buffer)', async () => {
    const out = await solve({
      ...base,
      exclusions: [{ geometry: { type: 'Point', coordinates: [X0 + 5, Y0 + 5] } }],
    });
    const w = out.metadata.warnings.find((x) => x.code === 'EXCLUSION_WITHOUT_AREA');
    assert.equal(w?.details?.field, '/exclusions/0/buffer_m');
    assert.ok(out.results.length > 0);
  });

  it('warns when the site lies outside the CRS area of use (orientation is then meaningless)', async () => {
    const out = await solve(read('examples/valid/minimal.json'));
    assert.ok(out.metadata.warnings.some((w) => w.code === 'OUTSIDE_CRS_AREA'));
    const fine = await solve(base);
    assert.ok(!fine.metadata.warnings.some((w) => w.code === 'OUTSIDE_CRS_AREA'));
  });

  it('the manifest cap is optional: without it inputs.max_results decides', async () => {
    const inputs = structuredClone(base) as object;
    assert.ok(validateInputs(inputs));
    const out = await solveSitefitV2({ ...inputs, max_results: 3 }, { now: NOW });
    assert.equal(out.results.length, 3);
    const capped = await solveSitefitV2({ ...inputs, max_results: 3 }, { maxResults: 2, now: NOW });
    assert.equal(capped.results.length, 2);
  });

  it('stops when aborted', async () => {
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await assert.rejects(solveSitefitV2(structuredClone(base), { maxResults: 5, signal: ac.signal }), /stop/);
  });
});
