// GeoJSON import of the site editor (pure module, no browser).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closeRing, ImportError, parseShapes } from '../src/app/lib/geojson-import.ts';

const square = [
  [0, 0],
  [10, 0],
  [10, 10],
  [0, 10],
  [0, 0],
];
const hole = [
  [2, 2],
  [2, 4],
  [4, 4],
  [4, 2],
  [2, 2],
];

test('a Polygon with a hole: two open rings', () => {
  const [s] = parseShapes(JSON.stringify({ type: 'Polygon', coordinates: [square, hole] }));
  assert.equal(s.type, 'polygon');
  assert.deepEqual(s.type === 'polygon' && s.rings.map((r) => r.length), [4, 4]);
});

test('a Feature keeps its name; a FeatureCollection yields every geometry', () => {
  const f = {
    type: 'Feature',
    properties: { name: 'parc. 1234/5' },
    geometry: { type: 'Polygon', coordinates: [square] },
  };
  assert.equal(parseShapes(JSON.stringify(f))[0].name, 'parc. 1234/5');
  const fc = {
    type: 'FeatureCollection',
    features: [
      f,
      { type: 'Feature', properties: null, geometry: { type: 'Point', coordinates: [3, 4] } },
      { type: 'Feature', geometry: null },
    ],
  };
  const shapes = parseShapes(JSON.stringify(fc));
  assert.deepEqual(
    shapes.map((s) => s.type),
    ['polygon', 'point'],
  );
});

test('plain rings: [[x,y],...], {coordinates}, open or closed, and a list of rings', () => {
  for (const v of [square, square.slice(0, -1), { coordinates: square }]) {
    const [s] = parseShapes(JSON.stringify(v));
    assert.deepEqual(s.type === 'polygon' && s.rings[0], [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
    ]);
  }
  const [s] = parseShapes(JSON.stringify([square, hole]));
  assert.equal(s.type === 'polygon' && s.rings.length, 2);
});

test('MultiPolygon: one shape per polygon', () => {
  assert.equal(
    parseShapes(JSON.stringify({ type: 'MultiPolygon', coordinates: [[square], [hole]] })).length,
    2,
  );
});

test('bad input is an ImportError saying what is wrong', () => {
  assert.throws(
    () => parseShapes('{not json'),
    (e: Error) => e instanceof ImportError && /Not JSON/.test(e.message),
  );
  assert.throws(() => parseShapes('[[0,0],[1,1]]'), /2 distinct positions; a ring needs at least 3/);
  assert.throws(() => parseShapes('[[0,0],[1,"a"],[2,2]]'), /position 1 is not a position/);
  assert.throws(() => parseShapes('{"type":"Circle"}'), /"Circle" is not supported/);
  assert.throws(() => parseShapes('{"type":"Feature"}'), /has no geometry/);
});

test('closeRing repeats the first position', () => {
  assert.deepEqual(
    closeRing([
      [0, 0],
      [1, 0],
      [1, 1],
    ]),
    [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 0],
    ],
  );
});
