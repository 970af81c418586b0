// DXF R12 of the parcel and placements, read back by an independent group-code reader (below): sections in
// order, every POLYLINE closed with its VERTEXes and SEQEND on the right layer, coordinates equal to the
// scene's (absolute in projected CRSs; metres around the parcel centre for EPSG:4326), one label per placement.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { buildArtifactScene, buildPlanArtifacts, sceneToDxf } from '../src/artifacts/index.ts';
import { solveSitefitV1 } from '../src/index.ts';
import { solveSitefitV2 } from '../src/v2/index.ts';

const dir = new URL('../../../contracts/sitefit/', import.meta.url).pathname;
const example = (v: string, name: string) =>
  JSON.parse(readFileSync(`${dir}${v}/examples/valid/${name}.json`, 'utf8'));

interface Entity {
  type: string;
  groups: [number, string][];
}

/** Pairs of (code, value) lines -> entities of the ENTITIES section, after checking the file's frame. */
function readDxf(text: string): { entities: Entity[]; header: Map<string, [number, string][]> } {
  const lines = text.split('\r\n');
  assert.equal(lines.pop(), '', 'CRLF-terminated');
  assert.equal(lines.length % 2, 0);
  const pairs: [number, string][] = [];
  for (let i = 0; i < lines.length; i += 2) {
    const code = Number(lines[i]);
    assert.ok(Number.isInteger(code), `group code at line ${i}`);
    pairs.push([code, lines[i + 1]]);
  }
  assert.deepEqual(pairs[pairs.length - 1], [0, 'EOF']);
  const header = new Map<string, [number, string][]>();
  const entities: Entity[] = [];
  let section = '';
  let current: Entity | null = null;
  let variable = '';
  for (let i = 0; i < pairs.length; i++) {
    const [code, value] = pairs[i];
    if (code === 0 && value === 'SECTION') {
      section = pairs[++i][1];
      continue;
    }
    if (code === 0 && value === 'ENDSEC') {
      section = '';
      current = null;
      continue;
    }
    if (section === 'HEADER') {
      if (code === 9) {
        variable = value;
        header.set(variable, []);
      } else header.get(variable)?.push([code, value]);
    } else if (section === 'ENTITIES') {
      if (code === 0) {
        current = { type: value, groups: [] };
        entities.push(current);
      } else current!.groups.push([code, value]);
    }
  }
  return { entities, header };
}

const g = (e: Entity, code: number) => e.groups.find(([c]) => c === code)?.[1];

/** POLYLINEs with their vertices, checking VERTEX/SEQEND structure. */
function polylines(entities: Entity[]): { layer: string; closed: boolean; pts: number[][] }[] {
  const out: { layer: string; closed: boolean; pts: number[][] }[] = [];
  for (let i = 0; i < entities.length; i++) {
    if (entities[i].type !== 'POLYLINE') continue;
    const pl = entities[i];
    const pts: number[][] = [];
    let j = i + 1;
    for (; entities[j].type === 'VERTEX'; j++) {
      assert.equal(g(entities[j], 8), g(pl, 8), 'vertex on its polyline layer');
      pts.push([Number(g(entities[j], 10)), Number(g(entities[j], 20))]);
    }
    assert.equal(entities[j].type, 'SEQEND');
    out.push({ layer: g(pl, 8)!, closed: (Number(g(pl, 70)) & 1) === 1, pts });
  }
  return out;
}

test('DXF of a 1.0.0 result: R12 header, closed parcel and houses at the scene coordinates, labels', async () => {
  // The schema's defaults, as the AppServer's Ajv fills them in.
  const inputs = {
    rotation: { min: 0, max: 180, step: 5 },
    grid_step: 0.5,
    seed: 1,
    ...example('1.0.0', 'typical'),
  };
  const outputs = await solveSitefitV1(structuredClone(inputs), { maxResults: 3, now: new Date(0) });
  const scene = buildArtifactScene('sitefit@1.0.0', inputs, outputs);
  const { entities, header } = readDxf(sceneToDxf(scene));
  assert.deepEqual(header.get('$ACADVER'), [[1, 'AC1009']]);
  assert.deepEqual(header.get('$INSUNITS'), [[70, '6']]);
  const pls = polylines(entities);
  assert.ok(pls.every((p) => p.closed));
  const parcel = pls.filter((p) => p.layer === 'PARCEL');
  assert.equal(parcel.length, 1);
  assert.deepEqual(
    parcel[0].pts,
    scene.parcel[0].slice(0, -1).map(([x, y]) => [Math.round(x * 1e6) / 1e6, Math.round(y * 1e6) / 1e6]),
  );
  const houses = pls.filter((p) => p.layer === 'HOUSE' || p.layer === 'OPTIONS');
  assert.equal(houses.length, scene.placements.length);
  assert.equal(pls.filter((p) => p.layer === 'HOUSE').length, 1);
  for (const [k, h] of houses.entries()) {
    const fp = scene.placements[k].footprint.slice(0, -1);
    assert.equal(h.pts.length, fp.length);
    h.pts.forEach(([x, y], i) => {
      assert.ok(Math.abs(x - fp[i][0]) < 1e-6 && Math.abs(y - fp[i][1]) < 1e-6);
    });
  }
  const labels = entities.filter((e) => e.type === 'TEXT');
  assert.equal(labels.length, scene.placements.length);
  assert.match(g(labels[0], 1)!, /^1\. r1 rotation .* nearest boundary \d+\.\d\d m$/);
});

test('DXF of a 2.0.0 result in EPSG:4326: metres around the parcel centre, buildable area and zones', async () => {
  const inputs = example('2.0.0', 'wgs84-brno');
  const outputs = await solveSitefitV2(structuredClone(inputs), { maxResults: 3, now: new Date(0) });
  const arts = buildPlanArtifacts('sitefit@2.0.0', inputs, outputs);
  assert.deepEqual(
    arts.map((a) => [a.kind, a.filename, a.contentType]),
    [['dxf', 'sitefit-plan.dxf', 'image/vnd.dxf']],
  );
  const { entities } = readDxf(new TextDecoder().decode(arts[0].body));
  const pls = polylines(entities);
  const parcel = pls.find((p) => p.layer === 'PARCEL')!;
  // The Brno parcel is about 25 x 35 m: metres, centred near 0, not degrees.
  const xs = parcel.pts.map((p) => p[0]);
  const ys = parcel.pts.map((p) => p[1]);
  assert.ok(Math.max(...xs) - Math.min(...xs) > 20 && Math.max(...xs) - Math.min(...xs) < 30);
  assert.ok(Math.max(...ys) - Math.min(...ys) > 30 && Math.max(...ys) - Math.min(...ys) < 40);
  assert.ok(Math.abs(Math.max(...xs) + Math.min(...xs)) < 1e-6);
  assert.ok(pls.some((p) => p.layer === 'BUILDABLE'));
  assert.ok(pls.some((p) => p.layer === 'HOUSE'));
});
