// The glTF and the GeoJSON keep their geographic origin: the glb's asset.extras names the CRS (EPSG code) and the
// local origin, and adding that origin to a vertex gives back the input coordinates; the GeoJSON keeps absolute
// input-CRS coordinates and says so in its `kuduso` foreign member (RFC 7946 has no crs member).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { buildArtifactScene, sceneToGeoJson, sceneToGlb } from '../src/artifacts/index.ts';
import { solveSitefitV2 } from '../src/v2/index.ts';

const dir = new URL('../../../contracts/sitefit/', import.meta.url).pathname;
const example = (name: string) => JSON.parse(readFileSync(`${dir}2.0.0/examples/valid/${name}.json`, 'utf8'));

/** The JSON chunk and the float32 POSITION values of the first mesh (the parcel) of a GLB. */
function readGlb(glb: Uint8Array) {
  const dv = new DataView(glb.buffer, glb.byteOffset, glb.byteLength);
  assert.equal(dv.getUint32(0, true), 0x46546c67);
  const jsonLen = dv.getUint32(12, true);
  const json = JSON.parse(new TextDecoder().decode(glb.subarray(20, 20 + jsonLen)));
  const bin = glb.subarray(20 + jsonLen + 8);
  const acc = json.accessors[json.meshes[0].primitives[0].attributes.POSITION];
  const view = json.bufferViews[acc.bufferView];
  const pos = new Float32Array(bin.slice(view.byteOffset, view.byteOffset + view.byteLength).buffer);
  return { json, pos };
}

test('glTF asset.extras: EPSG code and local origin; origin + (x, -z) is the parcel in S-JTSK', async () => {
  const inputs = example('prague-sjtsk-constraints');
  const outputs = await solveSitefitV2(structuredClone(inputs), { maxResults: 2, now: new Date(0) });
  const scene = buildArtifactScene('sitefit@2.0.0', inputs, outputs);
  const { json, pos } = readGlb(sceneToGlb(scene));
  const extras = json.asset.extras;
  assert.equal(extras.crs, 'EPSG:5514');
  assert.equal(extras.epsg, 5514);
  assert.equal(extras.local_frame, 'translation');
  const [ox, oy] = extras.origin as [number, number];
  // The origin is a real S-JTSK point near Prague, not (0, 0).
  assert.ok(ox < -700_000 && oy < -1_000_000);
  const parcel = inputs.parcel.geometry.coordinates[0] as [number, number][];
  const back: [number, number][] = [];
  for (let i = 0; i < pos.length; i += 3) back.push([ox + pos[i], oy - pos[i + 2]]);
  for (const [x, y] of parcel.slice(0, -1)) {
    const d = Math.min(...back.map((b) => Math.hypot(b[0] - x, b[1] - y)));
    assert.ok(d < 0.005, `parcel vertex ${x}, ${y} comes back within 5 mm (${d})`);
  }
});

test('glTF asset.extras for EPSG:4326: origin in lon/lat, local metres marked as an approximation', async () => {
  const inputs = example('wgs84-brno');
  const outputs = await solveSitefitV2(structuredClone(inputs), { maxResults: 1, now: new Date(0) });
  const { json } = readGlb(sceneToGlb(buildArtifactScene('sitefit@2.0.0', inputs, outputs)));
  assert.equal(json.asset.extras.epsg, 4326);
  assert.equal(json.asset.extras.local_frame, 'equirectangular-m');
  const [lon, lat] = json.asset.extras.origin;
  assert.ok(lon > 16 && lon < 17 && lat > 49 && lat < 50, 'Brno');
});

test('GeoJSON keeps absolute input-CRS coordinates and records CRS and origin in a foreign member', async () => {
  const inputs = example('prague-sjtsk-constraints');
  const outputs = await solveSitefitV2(structuredClone(inputs), { maxResults: 2, now: new Date(0) });
  const scene = buildArtifactScene('sitefit@2.0.0', inputs, outputs);
  const fc = sceneToGeoJson(scene) as {
    kuduso: { crs: string; epsg: number; coordinates: string; origin: [number, number] };
    features: { id: string; geometry: { coordinates: number[][][] } }[];
  };
  assert.deepEqual(Object.keys(fc.kuduso).sort(), ['coordinates', 'crs', 'epsg', 'origin']);
  assert.equal(fc.kuduso.crs, 'EPSG:5514');
  assert.equal(fc.kuduso.epsg, 5514);
  assert.equal(fc.kuduso.coordinates, 'absolute');
  const { json } = readGlb(sceneToGlb(scene));
  assert.deepEqual(fc.kuduso.origin, json.asset.extras.origin, 'the same origin as the glTF');
  const parcel = fc.features.find((f) => f.id === 'parcel')!;
  assert.deepEqual(parcel.geometry.coordinates[0], inputs.parcel.geometry.coordinates[0]);
});
