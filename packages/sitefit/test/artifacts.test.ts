// Artifacts: GeoJSON, SVG plan, binary glTF and CSV as pure functions of the inputs and outputs. Each artifact is
// read back with an independent reader (GLB parser, XML well-formedness check, RFC 4180 parser; at the bottom
// of this file) and checked against the scene it was made from.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  buildArtifactScene,
  buildArtifacts,
  placementFootprint,
  sceneToCsv,
  sceneToGlb,
  triangulateRings,
} from '../src/artifacts/index.ts';
import { roundLength } from '../src/artifacts/svg.ts';
import { reprojectPoint } from '../src/crs/index.ts';
import { solveSitefitV1 } from '../src/index.ts';
import { solveSitefitV2 } from '../src/v2/index.ts';

type P = [number, number];
const dir = new URL('../../../contracts/sitefit/', import.meta.url).pathname;
const example = (v: string, name: string) =>
  JSON.parse(readFileSync(`${dir}${v}/examples/valid/${name}.json`, 'utf8'));

function result(id: string, rot: number, x: number, y: number, extra: Record<string, unknown> = {}) {
  return {
    id,
    transform: {
      rotation: { axis: 'z', value: rot, units: 'deg' },
      translation: { x, y, z: 0, units: 'm' },
      scale: { uniform: 1 },
    },
    score: 0.5 - x / 1000,
    metrics: {
      yard_area_m2: 520,
      min_setback_m: 2.5,
      house_area_m2: 80,
      orientation_deg: rot,
      parcel_utilization: 80 / 600,
    },
    tags: ['best', 'say "hi", then\r\nleave'],
    ...extra,
  };
}

/** sitefit@1.0.0 typical example with two hand-made placements (house 10 x 8 at the origin, parcel 20 x 30). */
const v1Inputs = {
  rotation: { min: 0, max: 180, step: 5 },
  grid_step: 0.5,
  seed: 42,
  ...example('1.0.0', 'typical'),
};
const v1Outputs = { results: [result('a', 90, 5, 10), result('b', 0, 5, 18)], artifacts: [], metadata: {} };

/** A 2.0.0 site in S-JTSK with placements given as footprints near Prague. */
const v2Inputs = example('2.0.0', 'prague-sjtsk-constraints');
const p0 = v2Inputs.parcel.geometry.coordinates[0][0] as P;
const v2Footprint = (dx: number, dy: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [p0[0] + dx, p0[1] + dy],
      [p0[0] + dx + 12, p0[1] + dy + 3],
      [p0[0] + dx + 9, p0[1] + dy + 13],
      [p0[0] + dx - 3, p0[1] + dy + 10],
      [p0[0] + dx, p0[1] + dy],
    ],
  ],
});
const v2Outputs = {
  results: [
    result('p1', 17, 0, 0, {
      footprint: v2Footprint(8, 12),
      kpis: { clearance: 1, sun: 0.9, garden: 0.8, access: 0.5, alignment: 1 },
    }),
    result('p2', 20, 0, 0, {
      footprint: v2Footprint(10, 20),
      kpis: { clearance: 0.5, sun: 0.8, garden: 0.8, access: 0.4, alignment: 0.9 },
    }),
  ],
  artifacts: [],
  metadata: {},
};

function relative(ring: readonly (readonly number[])[]): number[][] {
  return ring.map((p) => [p[0] - ring[0][0], p[1] - ring[0][1]]);
}

function area(ring: readonly (readonly number[])[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s / 2;
}

describe('placement (the contract transform)', () => {
  it('rotates about the area centroid counter-clockwise, then translates', () => {
    const house = [
      [0, 0],
      [10, 0],
      [10, 8],
      [0, 8],
      [0, 0],
    ] as P[];
    const placed = placementFootprint(house, { rotation: { value: 90 }, translation: { x: 5, y: 3 } });
    // (0,0) is (-5,-4) from the centroid (5,4); turned 90° CCW it is (4,-5): (9,-1), then moved by (5,3).
    assert.ok(Math.abs(placed[0][0] - 14) < 1e-12 && Math.abs(placed[0][1] - 2) < 1e-12);
    // An L-shaped ring: the area centroid, not the vertex mean, stays fixed under rotation alone.
    const l = [
      [0, 0],
      [10, 0],
      [10, 2],
      [2, 2],
      [2, 10],
      [0, 10],
      [0, 0],
    ] as P[];
    const turned = placementFootprint(l, { rotation: { value: 37 }, translation: { x: 0, y: 0 } });
    const c = (r: P[]) => {
      let a = 0;
      let x = 0;
      let y = 0;
      for (let i = 0; i + 1 < r.length; i++) {
        const k = r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1];
        a += k;
        x += (r[i][0] + r[i + 1][0]) * k;
        y += (r[i][1] + r[i + 1][1]) * k;
      }
      return [x / (3 * a), y / (3 * a)];
    };
    const [ax, ay] = c(l);
    const [bx, by] = c(turned as P[]);
    assert.ok(Math.hypot(ax - bx, ay - by) < 1e-9);
    assert.ok(Math.abs(area(turned) - area(l)) < 1e-9);
  });
});

describe('buildArtifacts', () => {
  it('returns the four kinds with file names and content types, for 1.0.0 and 2.0.0', () => {
    for (const [v, i, o] of [
      ['sitefit@1.0.0', v1Inputs, v1Outputs],
      ['sitefit@2.0.0', v2Inputs, v2Outputs],
    ] as const) {
      const arts = buildArtifacts(v, i, o);
      assert.deepEqual(
        arts.map((a) => a.kind),
        ['geojson', 'svg', 'gltf', 'csv'],
      );
      assert.deepEqual(
        arts.map((a) => a.contentType.split(';')[0]),
        ['application/geo+json', 'image/svg+xml', 'model/gltf-binary', 'text/csv'],
      );
      for (const a of arts) {
        assert.ok(a.body instanceof Uint8Array && a.body.byteLength > 0);
        assert.ok(a.filename.length > 0 && a.label.length > 0);
      }
    }
  });

  it('is deterministic: the same inputs and outputs give byte-identical files', () => {
    const a = buildArtifacts('sitefit@2.0.0', v2Inputs, v2Outputs);
    const b = buildArtifacts('sitefit@2.0.0', structuredClone(v2Inputs), structuredClone(v2Outputs));
    for (let k = 0; k < a.length; k++) assert.deepEqual(a[k].body, b[k].body);
  });

  it('does not modify its arguments', () => {
    const i = structuredClone(v2Inputs);
    const o = structuredClone(v2Outputs);
    buildArtifacts('2.0.0', i, o);
    assert.deepEqual(i, v2Inputs);
    assert.deepEqual(o, v2Outputs);
  });

  it('handles an empty result set (no feasible placement)', () => {
    const arts = buildArtifacts('sitefit@1.0.0', v1Inputs, { results: [], artifacts: [], metadata: {} });
    const svg = new TextDecoder().decode(arts[1].body);
    checkXml(svg);
    assert.match(svg, /No feasible placement/);
    const glb = parseGlb(arts[2].body);
    assert.equal(glb.json.meshes.length, 1);
    assert.equal(parseCsv(new TextDecoder().decode(arts[3].body)).length, 1);
  });
});

describe('artifacts of real solver outputs', () => {
  it('1.0.0 (solveSitefitV1) and 2.0.0 (solveSitefitV2): placements drawn inside the parcel', async () => {
    const v1 = await solveSitefitV1(structuredClone(v1Inputs), { maxResults: 5, now: new Date(0) });
    const v2 = await solveSitefitV2(structuredClone(v2Inputs), { maxResults: 5, now: new Date(0) });
    for (const [v, i, o] of [
      ['sitefit@1.0.0', v1Inputs, v1],
      ['sitefit@2.0.0', v2Inputs, v2],
    ] as const) {
      assert.ok(o.results.length > 0);
      const fcoll = JSON.parse(new TextDecoder().decode(buildArtifacts(v, i, o)[0].body));
      const parcel = fcoll.features[0].geometry.coordinates[0] as P[];
      const placements = fcoll.features.filter(
        (f: { properties: { role: string } }) => f.properties.role === 'placement',
      );
      assert.equal(placements.length, o.results.length);
      for (const f of placements) {
        // Every vertex inside the parcel (crossing number) and the area preserved by the placement.
        for (const p of f.geometry.coordinates[0] as P[]) {
          let c = false;
          for (let a = 0, b = parcel.length - 2; a < parcel.length - 1; b = a++) {
            const [xa, ya] = parcel[a];
            const [xb, yb] = parcel[b];
            if (ya > p[1] !== yb > p[1] && p[0] < ((xb - xa) * (p[1] - ya)) / (yb - ya) + xa) c = !c;
          }
          assert.ok(c, `${v}: ${p} outside the parcel`);
        }
        assert.ok(
          Math.abs(Math.abs(area(relative(f.geometry.coordinates[0]))) - f.properties.house_area_m2) < 1e-6,
        );
      }
    }
  });
});

describe('GeoJSON', () => {
  const decode = (v: string, i: unknown, o: unknown) =>
    JSON.parse(new TextDecoder().decode(buildArtifacts(v, i, o)[0].body));

  it('holds the parcel, exclusions, buildable area and ranked placements in the input CRS', () => {
    const fcoll = decode('sitefit@2.0.0', v2Inputs, v2Outputs);
    assert.equal(fcoll.type, 'FeatureCollection');
    assert.deepEqual(fcoll.crs, { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::5514' } });
    const roles = fcoll.features.map((f: { properties: { role: string } }) => f.properties.role);
    assert.deepEqual(roles, [
      'parcel',
      'exclusion',
      'exclusion_zone',
      'exclusion',
      'exclusion_zone',
      'buildable',
      'placement',
      'placement',
    ]);
    const parcel = fcoll.features[0];
    assert.deepEqual(parcel.geometry.coordinates, v2Inputs.parcel.geometry.coordinates);
    const oak = fcoll.features[1];
    assert.deepEqual(oak.geometry, v2Inputs.exclusions[0].geometry);
    assert.equal(oak.properties.kind, 'tree_protection');
    assert.equal(oak.properties.buffer_m, 5);
    // The buffered tree zone is a circle of about 5 m around the trunk, in S-JTSK coordinates.
    const zone = fcoll.features[2].geometry.coordinates[0][0] as P[];
    for (const p of zone) {
      const d = Math.hypot(p[0] - oak.geometry.coordinates[0], p[1] - oak.geometry.coordinates[1]);
      assert.ok(d >= 5 && d < 5.1, `${d}`);
    }
    // The buildable area lies inside the parcel's bounding box, away from the front edge by its 6 m setback.
    const buildable = fcoll.features[5].geometry;
    assert.equal(buildable.type, 'MultiPolygon');
    for (const poly of buildable.coordinates)
      for (const ring of poly) for (const p of ring) assert.ok(p[0] < -742_000 && p[1] < -1_040_000);
    const [first, second] = fcoll.features.slice(6);
    assert.equal(first.properties.rank, 1);
    assert.equal(first.properties.id, 'p1');
    assert.equal(first.properties.min_setback_m, 2.5);
    assert.equal(first.properties.kpi_sun, 0.9);
    assert.equal(second.properties.rank, 2);
    assert.deepEqual(first.geometry, (v2Outputs.results[0] as { footprint?: unknown }).footprint);
  });

  it('EPSG:4326 sites are named CRS84 (longitude first) and keep degree coordinates', () => {
    const inputs = example('2.0.0', 'wgs84-brno');
    const fcoll = decode('sitefit@2.0.0', inputs, { results: [] });
    assert.equal(fcoll.crs.properties.name, 'urn:ogc:def:crs:OGC:1.3:CRS84');
    assert.deepEqual(fcoll.features[0].geometry.coordinates[0], inputs.parcel.coordinates);
  });

  it('1.0.0 placements are the house moved by the transform', () => {
    const fcoll = decode('sitefit@1.0.0', v1Inputs, v1Outputs);
    assert.equal(fcoll.features.length, 3);
    const a = fcoll.features[1];
    assert.equal(a.properties.rotation_deg, 90);
    assert.equal(a.properties.translation_x, 5);
    // House (0..10, 0..8), centroid (5, 4), turned 90°: (1..9, -1..9), moved by (5, 10): (6..14, 9..19).
    const xs = a.geometry.coordinates[0].map((p: P) => p[0]);
    const ys = a.geometry.coordinates[0].map((p: P) => p[1]);
    assert.ok(Math.abs(Math.min(...xs) - 6) < 1e-9 && Math.abs(Math.max(...xs) - 14) < 1e-9);
    assert.ok(Math.abs(Math.min(...ys) - 9) < 1e-9 && Math.abs(Math.max(...ys) - 19) < 1e-9);
  });
});

describe('SVG plan', () => {
  const svgOf = (v: string, i: unknown, o: unknown) =>
    new TextDecoder().decode(buildArtifacts(v, i, o)[1].body);

  it('is well-formed XML with a viewBox, parcel, zones, placements, rank labels, scale bar, north arrow, legend', () => {
    const svg = svgOf('sitefit@2.0.0', v2Inputs, v2Outputs);
    const names = checkXml(svg);
    assert.equal(names[0], 'svg');
    assert.match(svg, /viewBox="0 0 \d+ \d+"/);
    for (const id of [
      'parcel',
      'buildable',
      'exclusions',
      'placements',
      'scale-bar',
      'north-arrow',
      'legend',
    ]) {
      assert.match(svg, new RegExp(`<g id="${id}"`), id);
    }
    // One rank label per placement, as text.
    const labels = [...svg.matchAll(/paint-order="stroke">(\d+)<\/text>/g)].map((m) => m[1]);
    assert.deepEqual(labels, ['1', '2']);
    // Title names the definition.
    assert.match(svg, /<title>sitefit@2\.0\.0 site plan<\/title>/);
  });

  it('font sizes are in view units, the same whatever the parcel size', () => {
    const small = svgOf('sitefit@1.0.0', v1Inputs, v1Outputs);
    const scaled = structuredClone(v1Inputs);
    scaled.parcel.coordinates = scaled.parcel.coordinates.map(([x, y]: P) => [x * 40, y * 40]);
    const big = svgOf('sitefit@1.0.0', scaled, v1Outputs);
    const sizes = (s: string) => [...s.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
    assert.deepEqual(sizes(small), sizes(big));
    assert.ok(Math.min(...sizes(small)) >= 10);
  });

  it('the scale bar shows a round length that matches its drawn width', () => {
    for (const k of [1, 7, 40]) {
      const inputs = structuredClone(v1Inputs);
      inputs.parcel.coordinates = inputs.parcel.coordinates.map(([x, y]: P) => [x * k, y * k]);
      const svg = svgOf('sitefit@1.0.0', inputs, { results: [] });
      const bar = /<g id="scale-bar">([\s\S]*?)<\/g>/.exec(svg)![1];
      const label = /([\d.]+) m<\/text>/.exec(bar)!;
      const len = Number(label[1]);
      assert.ok([1, 2, 5].includes(len / 10 ** Math.floor(Math.log10(len))), `${len} is round`);
      // Two half-bars: their total width / length is the plan scale, i.e. the parcel width (20 k m) in px.
      const widths = [...bar.matchAll(/width="([\d.]+)"/g)].map((m) => Number(m[1]));
      const pxPerM = (widths[0] + widths[1]) / len;
      const parcel = /<g id="parcel"><path d="M([\d.]+),[\d.]+L([\d.]+),/.exec(svg)!;
      assert.ok(Math.abs(Number(parcel[2]) - Number(parcel[1]) - 20 * k * pxPerM) < 0.05);
    }
    assert.equal(roundLength(37), 20);
    assert.equal(roundLength(4.9), 2);
    assert.equal(roundLength(0.7), 0.5);
    assert.equal(roundLength(100), 100);
  });

  it('points the north arrow at true north: turned by minus the grid convergence in S-JTSK', () => {
    const svg = svgOf('sitefit@2.0.0', v2Inputs, v2Outputs);
    const rot = Number(
      /<g id="north-arrow" transform="translate\([\d. ]+\) rotate\(([-\d.]+)\)"/.exec(svg)![1],
    );
    // Around Prague gamma is about -7.8°, so true north is about 7.8° clockwise of grid north (up).
    assert.ok(rot > 7 && rot < 8.5, `${rot}`);
  });

  it('moves rank labels of coinciding placements apart, with a leader line', () => {
    const o = { results: [0, 1, 2, 3].map((k) => result(`r${k}`, 90 * k, 5, 10)) };
    const svg = svgOf('sitefit@1.0.0', v1Inputs, o);
    const labels = [
      ...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)"[^>]*paint-order="stroke">(\d+)<\/text>/g),
    ];
    assert.equal(labels.length, 4);
    for (let i = 0; i < 4; i++)
      for (let j = i + 1; j < 4; j++) {
        const d = Math.hypot(
          Number(labels[i][1]) - Number(labels[j][1]),
          Number(labels[i][2]) - Number(labels[j][2]),
        );
        assert.ok(d >= 16, `labels ${i + 1} and ${j + 1} only ${d} apart`);
      }
    assert.equal([...svg.matchAll(/<line /g)].length, 3);
  });

  it('shows grid north, labelled, where the convergence is unknown (EPSG:5514 coordinates near its origin)', () => {
    const svg = svgOf('sitefit@1.0.0', v1Inputs, v1Outputs);
    assert.match(svg, /<g id="north-arrow" transform="translate\([\d. ]+\) rotate\(0\.000\)">/);
    assert.match(svg, />grid<\/text>/);
    assert.doesNotMatch(svgOf('sitefit@2.0.0', v2Inputs, v2Outputs), />grid<\/text>/);
  });

  it('escapes text it did not write itself', () => {
    const o = structuredClone(v1Outputs);
    o.results[0].id = '<b>&"x"';
    const svg = svgOf('sitefit@1.0.0', v1Inputs, o);
    checkXml(svg);
    assert.match(svg, /&lt;b&gt;&amp;&quot;x&quot;/);
  });
});

describe('binary glTF', () => {
  it('parses back: header, aligned chunks, JSON, accessors within views, POSITION bounds, index ranges', () => {
    for (const [v, i, o] of [
      ['sitefit@1.0.0', v1Inputs, v1Outputs],
      ['sitefit@2.0.0', v2Inputs, v2Outputs],
    ] as const) {
      const bytes = buildArtifacts(v, i, o)[2].body;
      const glb = parseGlb(bytes);
      assert.equal(glb.version, 2);
      assert.equal(glb.json.asset.version, '2.0');
      assert.equal(glb.json.buffers.length, 1);
      assert.equal(glb.json.buffers[0].byteLength, glb.bin.byteLength);
      assert.equal(
        glb.json.meshes.length,
        1 + (v.endsWith('2.0.0') ? v2Inputs.exclusions.length : 0) + o.results.length,
      );
      assert.equal(glb.json.nodes.length, glb.json.meshes.length);
      for (const mesh of glb.json.meshes) {
        for (const prim of mesh.primitives) {
          const posAcc = glb.json.accessors[prim.attributes.POSITION];
          assert.equal(posAcc.type, 'VEC3');
          assert.equal(posAcc.componentType, 5126);
          const pos = readAccessor(glb, prim.attributes.POSITION);
          const min = [0, 1, 2].map((k) => Math.min(...pos.filter((_, j) => j % 3 === k)));
          const max = [0, 1, 2].map((k) => Math.max(...pos.filter((_, j) => j % 3 === k)));
          assert.deepEqual(posAcc.min, min);
          assert.deepEqual(posAcc.max, max);
          const nrm = readAccessor(glb, prim.attributes.NORMAL);
          assert.equal(nrm.length, pos.length);
          for (let j = 0; j < nrm.length; j += 3)
            assert.ok(Math.abs(Math.hypot(nrm[j], nrm[j + 1], nrm[j + 2]) - 1) < 1e-6);
          const idx = readAccessor(glb, prim.indices);
          assert.equal(idx.length % 3, 0);
          for (const k of idx) assert.ok(Number.isInteger(k) && k >= 0 && k < posAcc.count);
          // Local origin: even S-JTSK sites are within a few hundred metres of it (float32 keeps ~0.1 mm).
          for (const p of pos) assert.ok(Math.abs(p) < 500);
        }
      }
      for (const view of glb.json.bufferViews) assert.equal((view.byteOffset ?? 0) % 4, 0);
    }
  });

  it('the parcel cap covers the parcel area exactly and faces up; houses are extruded 6 m', () => {
    const glb = parseGlb(sceneToGlb(buildArtifactScene('sitefit@1.0.0', v1Inputs, v1Outputs)));
    const prim = glb.json.meshes[0].primitives[0];
    const pos = readAccessor(glb, prim.attributes.POSITION);
    const idx = readAccessor(glb, prim.indices);
    let total = 0;
    for (let t = 0; t < idx.length; t += 3) {
      const [a, b, c] = [idx[t], idx[t + 1], idx[t + 2]].map((k) => [pos[3 * k], -pos[3 * k + 2]]);
      const cr = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
      assert.ok(cr > 0, 'counter-clockwise seen from above (front face up)');
      total += cr / 2;
    }
    assert.ok(Math.abs(total - 600) < 1e-6);
    const house = glb.json.accessors[glb.json.meshes[1].primitives[0].attributes.POSITION];
    assert.equal(house.min![1], 0);
    assert.equal(house.max![1], 6);
    // Plan (east, north) -> glTF (x, -z): the house spans 8 m east-west and 10 m north-south after turning 90°.
    assert.ok(Math.abs(house.max![0] - house.min![0] - 8) < 1e-4);
    assert.ok(Math.abs(house.max![2] - house.min![2] - 10) < 1e-4);
    assert.deepEqual(glb.json.scenes[0].extras?.origin, [10, 15]);
  });

  it('keeps S-JTSK coordinates to the millimetre: house vertices + origin give back the footprint', () => {
    const glb = parseGlb(sceneToGlb(buildArtifactScene('sitefit@2.0.0', v2Inputs, v2Outputs)));
    const origin = glb.json.scenes[0].extras?.origin as P;
    assert.ok(origin[0] < -742_000 && origin[1] < -1_042_000);
    const names = glb.json.meshes.map((m) => m.name ?? '');
    const mesh = glb.json.meshes[names.findIndex((n) => n.startsWith('placement-1'))];
    const pos = readAccessor(glb, mesh.primitives[0].attributes.POSITION);
    const first = v2Outputs.results[0] as unknown as { footprint: { coordinates: P[][] } };
    const footprint = first.footprint.coordinates[0];
    // The roof cap comes first: one vertex per footprint corner, at the house height.
    for (let k = 0; k < footprint.length - 1; k++) {
      assert.equal(pos[3 * k + 1], 6);
      const x = origin[0] + pos[3 * k];
      const y = origin[1] - pos[3 * k + 2];
      assert.ok(Math.hypot(x - footprint[k][0], y - footprint[k][1]) < 1e-3);
    }
    // The exclusion zones are meshes of their own.
    assert.ok(names.includes('exclusion oak') && names.includes('exclusion gas'));
  });

  it('EPSG:4326 sites are drawn in metres, not degrees', () => {
    const inputs = example('2.0.0', 'wgs84-brno');
    const scene = buildArtifactScene('sitefit@2.0.0', inputs, { results: [] });
    const glb = parseGlb(sceneToGlb(scene));
    const acc = glb.json.accessors[glb.json.meshes[0].primitives[0].attributes.POSITION];
    // Compare edge lengths with those in the parcel's UTM zone (conformal; scale k near 0.9996 + x²/2R²).
    const ring = inputs.parcel.coordinates as P[];
    const utm = ring.map((p) => reprojectPoint('EPSG:4326', 'EPSG:32633', p));
    const k = 0.9996 * (1 + (utm[0][0] - 500_000) ** 2 / (2 * 6_381_000 ** 2));
    const pos = readAccessor(glb, glb.json.meshes[0].primitives[0].attributes.POSITION);
    for (let e = 0; e < 4; e++) {
      const a = [pos[3 * e], -pos[3 * e + 2]];
      const b = [pos[3 * ((e + 1) % 4)], -pos[3 * ((e + 1) % 4) + 2]];
      const want = Math.hypot(utm[e + 1][0] - utm[e][0], utm[e + 1][1] - utm[e][1]) / k;
      assert.ok(Math.abs(Math.hypot(b[0] - a[0], b[1] - a[1]) - want) < 0.01, `edge ${e}: ${want}`);
    }
    assert.ok(acc.max![0] - acc.min![0] > 20 && acc.max![0] - acc.min![0] < 30); // metres, not 3e-4 degrees
  });
});

describe('CSV', () => {
  it('round-trips through an RFC 4180 parser: header, ranks, numbers and quoted text', () => {
    const text = new TextDecoder().decode(buildArtifacts('sitefit@2.0.0', v2Inputs, v2Outputs)[3].body);
    assert.ok(text.endsWith('\r\n'));
    const rows = parseCsv(text);
    const [header, ...data] = rows;
    assert.deepEqual(header.slice(0, 11), [
      'rank',
      'id',
      'rotation_deg',
      'x',
      'y',
      'score',
      'yard_area_m2',
      'min_setback_m',
      'house_area_m2',
      'orientation_deg',
      'parcel_utilization',
    ]);
    assert.deepEqual(header.slice(11), [
      'kpi_access',
      'kpi_alignment',
      'kpi_clearance',
      'kpi_garden',
      'kpi_sun',
      'tags',
    ]);
    assert.equal(data.length, 2);
    data.forEach((row, k) => {
      const r = v2Outputs.results[k] as (typeof v2Outputs.results)[number] & { kpis: Record<string, number> };
      assert.equal(row.length, header.length);
      assert.equal(row[0], String(k + 1));
      assert.equal(row[1], r.id);
      assert.equal(Number(row[2]), r.transform.rotation.value);
      assert.equal(Number(row[5]), r.score);
      assert.equal(Number(row[10]), r.metrics.parcel_utilization);
      assert.equal(row[header.indexOf('kpi_sun')], String(r.kpis.sun));
      assert.equal(row[header.length - 1], r.tags.join(';'));
    });
  });

  it('quotes exactly the fields that need it', () => {
    const scene = buildArtifactScene('sitefit@1.0.0', v1Inputs, v1Outputs);
    scene.placements[0].id = 'plain';
    scene.placements[1].id = 'a,b "c"';
    const text = sceneToCsv(scene);
    assert.match(text, /\r\n1,plain,/);
    assert.match(text, /\r\n2,"a,b ""c""",/);
    assert.equal(parseCsv(text)[2][1], 'a,b "c"');
  });
});

describe('ear-clipping triangulation', () => {
  const triArea = (t: ReturnType<typeof triangulateRings>) => {
    let s = 0;
    for (let k = 0; k < t.triangles.length; k += 3) {
      const [a, b, c] = [t.triangles[k], t.triangles[k + 1], t.triangles[k + 2]].map((i) => t.points[i]);
      const cr = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
      assert.ok(cr > 0, 'every triangle counter-clockwise');
      s += cr / 2;
    }
    return s;
  };

  it('triangulates concave rings and rings with holes, covering exactly their area', () => {
    const l = [
      [0, 0],
      [10, 0],
      [10, 4],
      [4, 4],
      [4, 10],
      [0, 10],
      [0, 0],
    ];
    let t = triangulateRings([l]);
    assert.equal(t.triangles.length / 3, 4);
    assert.equal(triArea(t), 64);
    // Clockwise input is accepted too.
    t = triangulateRings([[...l].reverse()]);
    assert.equal(triArea(t), 64);
    const outer = [
      [0, 0],
      [40, 0],
      [40, 30],
      [0, 30],
      [0, 0],
    ];
    const holes = [
      [
        [25, 10],
        [25, 20],
        [32, 20],
        [32, 10],
        [25, 10],
      ],
      [
        [5, 5],
        [8, 5],
        [8, 8],
        [5, 8],
        [5, 5],
      ],
      [
        [12, 12],
        [18, 12],
        [15, 22],
        [12, 12],
      ],
    ];
    t = triangulateRings([outer, ...holes]);
    assert.ok(Math.abs(triArea(t) - (1200 - 70 - 9 - 30)) < 1e-9);
    // A comb (deeply concave) with a hole in its spine.
    const comb: number[][] = [[0, 0]];
    for (let k = 0; k < 8; k++) comb.push([k * 4 + 2, 10], [k * 4 + 3, 10], [k * 4 + 4, 0]);
    comb.push([32, -5], [0, -5], [0, 0]);
    const combArea = Math.abs(area(comb));
    t = triangulateRings([
      comb,
      [
        [10, -4],
        [20, -4],
        [20, -1],
        [10, -1],
        [10, -4],
      ],
    ]);
    assert.ok(Math.abs(triArea(t) - (combArea - 30)) < 1e-9);
  });

  it('random star-shaped polygons (property): n - 2 triangles covering the area', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 50, noNaN: true }), { minLength: 3, maxLength: 60 }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        (radii, offset) => {
          const n = radii.length;
          const ring = radii.map((r, k) => [
            Math.round((offset + r * Math.cos((2 * Math.PI * k) / n)) * 1000) / 1000,
            Math.round(r * Math.sin((2 * Math.PI * k) / n) * 1000) / 1000,
          ]);
          const t = triangulateRings([ring]);
          const a = Math.abs(area([...ring, ring[0]]));
          const s = triArea(t);
          assert.ok(Math.abs(s - a) <= 1e-6 * Math.max(1, a) + 1e-3, `${s} vs ${a}`);
          assert.ok(t.triangles.length / 3 <= n - 2);
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
});

// ---- independent readers ----

interface ParsedGlb {
  version: number;
  length: number;
  json: {
    asset: { version: string };
    scenes: { nodes: number[]; extras?: Record<string, unknown> }[];
    nodes: { name?: string; mesh: number }[];
    meshes: {
      name?: string;
      primitives: { attributes: Record<string, number>; indices: number; material?: number }[];
    }[];
    accessors: {
      bufferView: number;
      byteOffset?: number;
      componentType: number;
      count: number;
      type: string;
      min?: number[];
      max?: number[];
    }[];
    bufferViews: {
      buffer: number;
      byteOffset?: number;
      byteLength: number;
      byteStride?: number;
      target?: number;
    }[];
    buffers: { byteLength: number }[];
    materials: unknown[];
  };
  bin: Uint8Array;
  jsonChunkLength: number;
}

function parseGlb(bytes: Uint8Array): ParsedGlb {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== 0x46546c67) throw new Error('bad magic');
  const version = dv.getUint32(4, true);
  const length = dv.getUint32(8, true);
  if (length !== bytes.byteLength) throw new Error(`header length ${length} != ${bytes.byteLength}`);
  const jsonLen = dv.getUint32(12, true);
  if (dv.getUint32(16, true) !== 0x4e4f534a) throw new Error('first chunk is not JSON');
  if (jsonLen % 4 !== 0) throw new Error('JSON chunk not 4-byte aligned');
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + jsonLen)));
  const o = 20 + jsonLen;
  const binLen = dv.getUint32(o, true);
  if (dv.getUint32(o + 4, true) !== 0x004e4942) throw new Error('second chunk is not BIN');
  if (binLen % 4 !== 0) throw new Error('BIN chunk not 4-byte aligned');
  if (o + 8 + binLen !== length) throw new Error('chunks do not fill the file');
  return { version, length, json, bin: bytes.subarray(o + 8, o + 8 + binLen), jsonChunkLength: jsonLen };
}

const COMPONENTS: Record<string, number> = { SCALAR: 1, VEC2: 2, VEC3: 3, VEC4: 4 };
const BYTES: Record<number, number> = { 5120: 1, 5121: 1, 5122: 2, 5123: 2, 5125: 4, 5126: 4 };

/** Reads an accessor's values (tightly packed views only, which is what the writer produces). */
function readAccessor(glb: ParsedGlb, index: number): number[] {
  const a = glb.json.accessors[index];
  const view = glb.json.bufferViews[a.bufferView];
  const n = a.count * COMPONENTS[a.type];
  const size = BYTES[a.componentType];
  const start = (view.byteOffset ?? 0) + (a.byteOffset ?? 0);
  if (start % size !== 0) throw new Error(`accessor ${index} misaligned`);
  if ((a.byteOffset ?? 0) + n * size > view.byteLength)
    throw new Error(`accessor ${index} overruns its view`);
  if ((view.byteOffset ?? 0) + view.byteLength > glb.bin.byteLength)
    throw new Error('view overruns the buffer');
  const dv = new DataView(glb.bin.buffer, glb.bin.byteOffset + start, n * size);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    if (a.componentType === 5126) out.push(dv.getFloat32(i * 4, true));
    else if (a.componentType === 5125) out.push(dv.getUint32(i * 4, true));
    else if (a.componentType === 5123) out.push(dv.getUint16(i * 2, true));
    else throw new Error(`component type ${a.componentType} not expected`);
  }
  return out;
}

/**
 * Checks XML well-formedness for the subset an SVG writer produces: one root, properly nested and closed
 * elements, quoted attributes, no stray '<' or unescaped '&'. Returns the element names in document order.
 */
function checkXml(text: string): string[] {
  const names: string[] = [];
  const stack: string[] = [];
  let i = 0;
  let roots = 0;
  const entity = /^&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = lt < 0 ? text.slice(i) : text.slice(i, lt);
    for (let k = chunk.indexOf('&'); k >= 0; k = chunk.indexOf('&', k + 1)) {
      if (!entity.test(chunk.slice(k))) throw new Error(`unescaped & near ${chunk.slice(k, k + 10)}`);
    }
    if (stack.length === 0 && chunk.trim() !== '') throw new Error('text outside the root element');
    if (lt < 0) break;
    const gt = text.indexOf('>', lt);
    if (gt < 0) throw new Error('unterminated tag');
    const tag = text.slice(lt + 1, gt);
    if (tag.startsWith('?') || tag.startsWith('!--')) {
      i = gt + 1;
      continue;
    }
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      if (stack.pop() !== name) throw new Error(`mismatched </${name}>`);
    } else {
      const selfClosing = tag.endsWith('/');
      const body = selfClosing ? tag.slice(0, -1) : tag;
      const m = /^([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*$/.exec(body);
      if (!m) throw new Error(`malformed tag <${tag}>`);
      if (stack.length === 0) roots++;
      names.push(m[1]);
      if (!selfClosing) stack.push(m[1]);
    }
    i = gt + 1;
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('><')}>`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
  return names;
}

/** RFC 4180 parser: CRLF records, quoted fields with doubled quotes and embedded separators. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (c === '\n' || c === '\r' || c === '"') {
      throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length > 0) throw new Error('last record not terminated by CRLF');
  return rows;
}
