// Schema-to-form mapping (pure module): geometry bound to the map, edge lists to edge clicks, the rest to the
// form; inputs round-trip through the page; API errors placed at their fields. Runs on the real contracts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadRegistry } from '@kuduso/core/node';
import { errorSchemaAt, fromInputs, placeError, planForm, toInputs } from '../src/app/lib/schema-form.ts';

const REPO = new URL('../../..', import.meta.url).pathname;
const registry = loadRegistry([`${REPO}contracts`, `${REPO}test/fixtures/contracts`]);
const schema = (id: string) => {
  const [d, v] = id.split('@');
  return registry.get(d, v)!.inputsSchema as Record<string, unknown>;
};

test('sitefit@1.0.0: parcel and house on the map (plain rings, no holes), the rest in the form', () => {
  const plan = planForm(schema('sitefit@1.0.0'));
  assert.deepEqual(
    plan.geometry.map((g) => [g.name, g.kind, g.geojson, g.required]),
    [
      ['parcel', 'footprint', false, true],
      ['house', 'footprint', false, true],
    ],
  );
  assert.deepEqual(Object.keys(plan.formSchema.properties as object), [
    'crs',
    'rotation',
    'grid_step',
    'seed',
  ]);
  assert.deepEqual(plan.formSchema.required, ['crs']);
  assert.deepEqual(plan.edges, []);
});

test('sitefit@2.0.0: parcel with holes, house footprint, exclusion zones, street and per-edge setbacks on the map', () => {
  const plan = planForm(schema('sitefit@2.0.0'));
  assert.deepEqual(
    plan.geometry.map((g) => [g.name, g.kind, g.geojson]),
    [
      ['parcel', 'area', true],
      ['house', 'footprint', true],
      ['exclusions', 'zones', true],
    ],
  );
  assert.deepEqual(plan.edges, [
    { path: ['setbacks', 'edges'], kind: 'values', valueKey: 'distance_m' },
    { path: ['street', 'edges'], kind: 'set' },
  ]);
  const props = plan.formSchema.properties as Record<string, { properties?: object }>;
  assert.ok(!('street' in props), 'street holds only edges: it leaves the form');
  assert.deepEqual(Object.keys(props.setbacks.properties!), ['uniform_m', 'front_m', 'side_m', 'rear_m']);
  assert.ok('definitions' in plan.formSchema, 'refs still resolve in the form');
});

test('a definition without geometry (mock) is all form', () => {
  const plan = planForm(schema('mock@1.0.0'));
  assert.deepEqual(plan.geometry, []);
  assert.ok('delay_ms' in (plan.formSchema.properties as object));
});

test('every valid example of every contract round-trips through the page unchanged', () => {
  for (const c of registry.list()) {
    const plan = planForm(c.inputsSchema as Record<string, unknown>);
    for (const ex of c.examples.valid) {
      const inputs = ex.inputs as Record<string, unknown>;
      const { formData, site } = fromInputs(plan, inputs);
      const back = toInputs(plan, formData, site);
      // Plain rings stay plain rings; a GeoJSON Feature parcel comes back as the equivalent plain ring or Polygon.
      const norm = (v: Record<string, unknown>) =>
        JSON.parse(JSON.stringify(v, (_k, x) => (x?.type === 'Feature' ? x.geometry : x)));
      const a = norm(inputs);
      const b = norm(back);
      for (const k of Object.keys(a)) {
        const g = plan.geometry.find((x) => x.name === k);
        if (g && g.kind !== 'zones') {
          const rings = (v: { coordinates: unknown }) =>
            Array.isArray((v.coordinates as unknown[][])[0]?.[0]) ? v.coordinates : [v.coordinates];
          assert.deepEqual(rings(b[k]), rings(a[k]), `${c.id} ${ex.name} ${k}`);
        } else assert.deepEqual(b[k], a[k], `${c.id} ${ex.name} ${k}`);
      }
      assert.deepEqual(Object.keys(b).sort(), Object.keys(a).sort(), `${c.id} ${ex.name}`);
      const check = c.validateInputs(structuredClone(back));
      assert.ok(check.ok, `${c.id} ${ex.name}: what the page submits is valid`);
    }
  }
});

test('API errors land at their field: form path, map layer, edge list, or the top', () => {
  const plan = planForm(schema('sitefit@2.0.0'));
  assert.deepEqual(placeError(plan, { message: 'm', field: '/inputs/rotation/step' }), {
    at: 'form',
    path: ['rotation', 'step'],
    text: 'm',
  });
  assert.deepEqual(placeError(plan, { message: 'x', hint: 'h', field: '/inputs/parcel/coordinates/0' }), {
    at: 'geometry',
    field: 'parcel',
    text: 'x h',
  });
  assert.deepEqual(placeError(plan, { message: 'e', field: '/inputs/street/edges/0' }), {
    at: 'edges',
    key: 'street.edges',
    text: 'e',
  });
  assert.deepEqual(placeError(plan, { message: 't' }), { at: 'top', text: 't' });
  assert.deepEqual(errorSchemaAt(['rotation', 'step'], 'bad'), { rotation: { step: { __errors: ['bad'] } } });
});
