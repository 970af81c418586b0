// sitefit@2.0.0 `diversity`: results 2..N differ from every earlier result by at least diversity x 100/3
// degrees of rotation or diversity x sqrt(house area) (and 2 grid steps) in centroid position; the best
// result does not depend on it. Checked on the placed footprints the outputs report (independent of the
// solver's internals: centroids from the footprint rings, rotations from the transforms).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { solveSitefitV2 } from '../src/index.ts';

const inputs = (diversity?: number) => ({
  crs: 'EPSG:5514',
  // A long strip: without diversity the best results sit on one plateau, shifted along it.
  parcel: {
    coordinates: [
      [0, 0],
      [80, 0],
      [80, 20],
      [0, 20],
      [0, 0],
    ],
  },
  house: {
    coordinates: [
      [0, 0],
      [12, 0],
      [12, 9],
      [0, 9],
      [0, 0],
    ],
  },
  max_results: 6,
  ...(diversity === undefined ? {} : { diversity }),
});

type Out = Awaited<ReturnType<typeof solveSitefitV2>>;

function centroidOf(ring: number[][]): [number, number] {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x0, y0] = ring[i];
    const [x1, y1] = ring[i + 1];
    const c = x0 * y1 - x1 * y0;
    a += c;
    cx += (x0 + x1) * c;
    cy += (y0 + y1) * c;
  }
  return [cx / (3 * a), cy / (3 * a)];
}

function angleGap(a: number, b: number): number {
  const d = (((a - b) % 360) + 360) % 360;
  return Math.min(d, 360 - d);
}

function assertDiverse(out: Out, diversity: number): void {
  const area = 12 * 9;
  const minDist = Math.max(2 * 0.5, diversity * Math.sqrt(area));
  const minAngle = (10 * diversity) / 0.3;
  const rs = out.results as unknown as {
    transform: { rotation: { value: number } };
    footprint: { coordinates: number[][][] };
  }[];
  for (let i = 1; i < rs.length; i++) {
    for (let j = 0; j < i; j++) {
      const [xi, yi] = centroidOf(rs[i].footprint.coordinates[0]);
      const [xj, yj] = centroidOf(rs[j].footprint.coordinates[0]);
      const far = Math.hypot(xi - xj, yi - yj) >= minDist - 1e-6;
      const turned =
        angleGap(rs[i].transform.rotation.value, rs[j].transform.rotation.value) >= minAngle - 1e-9;
      assert.ok(far || turned, `results ${j + 1} and ${i + 1} are near-duplicates at diversity ${diversity}`);
    }
  }
}

test('diversity: every later result differs from the earlier ones by the defined amount; the best stays', async () => {
  const base = await solveSitefitV2(inputs(), { maxResults: 10 });
  assertDiverse(base, 0.3);
  for (const d of [0, 0.8]) {
    const out = await solveSitefitV2(inputs(d), { maxResults: 10 });
    assert.ok(out.results.length >= 2);
    assertDiverse(out, d);
    assert.deepEqual(out.results[0].transform, base.results[0].transform, 'the best does not depend on it');
  }
  // The default is 0.3: the same output as when it is given.
  const given = await solveSitefitV2(inputs(0.3), { maxResults: 10 });
  assert.deepEqual(given.results, base.results);
});

test('diversity 0.8 spreads the results further than 0: the smallest pairwise centroid distance grows', async () => {
  const spread = (out: Out) => {
    const cs = (out.results as unknown as { footprint: { coordinates: number[][][] } }[]).map((r) =>
      centroidOf(r.footprint.coordinates[0]),
    );
    let m = Number.POSITIVE_INFINITY;
    for (let i = 0; i < cs.length; i++)
      for (let j = 0; j < i; j++) m = Math.min(m, Math.hypot(cs[i][0] - cs[j][0], cs[i][1] - cs[j][1]));
    return m;
  };
  const lo = await solveSitefitV2(inputs(0), { maxResults: 10 });
  const hi = await solveSitefitV2(inputs(0.8), { maxResults: 10 });
  assert.ok(spread(hi) > spread(lo), `${spread(hi)} > ${spread(lo)}`);
});
