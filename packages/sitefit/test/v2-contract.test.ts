// Contract sitefit@2.0.0: the schemas compile under Ajv strict mode, every valid example validates (with defaults
// materialised), every invalid example fails exactly at the field it names, and 1.0.0 inputs stay 2.0.0 inputs.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => void;

const dir = new URL('../../../contracts/sitefit/2.0.0/', import.meta.url).pathname;
const read = (p: string) => JSON.parse(readFileSync(join(dir, p), 'utf8'));

function compile(schema: object) {
  // The same options as the platform's contract registry.
  const ajv = new Ajv({
    strict: true,
    allErrors: true,
    useDefaults: true,
    verbose: true,
    allowUnionTypes: true,
  });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** Field pointers the way the API reports them (required/additionalProperties name the property). */
function fields(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const p = e.params as Record<string, unknown>;
    if (e.keyword === 'required') return `${e.instancePath}/${String(p.missingProperty)}`;
    if (e.keyword === 'additionalProperties') return `${e.instancePath}/${String(p.additionalProperty)}`;
    return e.instancePath;
  });
}

const validateInputs = compile(read('inputs.schema.json'));
const validateOutputs = compile(read('outputs.schema.json'));

describe('sitefit@2.0.0 contract files', () => {
  it('manifest and bindings name the definition and the builtin engine', () => {
    const m = read('manifest.json');
    assert.equal(m.definition, 'sitefit');
    assert.equal(m.version, '2.0.0');
    assert.ok(m.timeout_sec > 0);
    const b = read('bindings.json');
    assert.equal(b.engine, 'builtin');
    assert.equal(b.entry, 'sitefit-v2');
    assert.ok(Array.isArray(read('plugins.json').plugins));
  });

  const valid = readdirSync(join(dir, 'examples/valid')).filter((f) => f.endsWith('.json'));
  it('has valid examples', () => assert.ok(valid.length >= 3));
  for (const f of valid) {
    it(`valid example ${f} validates and gets its defaults`, () => {
      const inputs = read(`examples/valid/${f}`);
      // Checked through a separate reference: the type guard would narrow `inputs` to unknown.
      const ok = validateInputs(inputs as object);
      assert.ok(ok, JSON.stringify(validateInputs.errors));
      assert.equal(typeof inputs.max_results, 'number');
      assert.equal(typeof inputs.objective.weights.clearance, 'number');
      assert.equal(typeof inputs.setbacks.uniform_m, 'number');
      assert.equal(typeof inputs.orientation.facade_edge, 'number');
      assert.ok(Array.isArray(inputs.exclusions));
    });
  }

  const invalid = readdirSync(join(dir, 'examples/invalid')).filter((f) => f.endsWith('.json'));
  it('has invalid examples', () => assert.ok(invalid.length >= 10));
  for (const f of invalid) {
    it(`invalid example ${f} fails at its field`, () => {
      const ex = read(`examples/invalid/${f}`);
      assert.deepEqual(Object.keys(ex).sort(), ['description', 'field', 'inputs']);
      assert.equal(validateInputs(ex.inputs), false);
      const at = fields(validateInputs.errors);
      assert.ok(at.includes(ex.field), `${ex.field} not among ${at.join(', ')}`);
    });
  }

  it('accepts every sitefit@1.0.0 valid example unchanged (plain rings are a 2.0.0 parcel form)', () => {
    const v1 = new URL('../../../contracts/sitefit/1.0.0/examples/valid/', import.meta.url).pathname;
    for (const f of readdirSync(v1)) {
      const inputs = JSON.parse(readFileSync(join(v1, f), 'utf8'));
      assert.ok(validateInputs(inputs), `${f}: ${JSON.stringify(validateInputs.errors)}`);
    }
  });

  it('the outputs schema rejects results without the 2.0.0 KPIs', () => {
    const out = {
      results: [
        {
          id: 'r1',
          transform: {
            rotation: { axis: 'z', value: 0, units: 'deg' },
            translation: { x: 0, y: 0, z: 0, units: 'm' },
            scale: { uniform: 1 },
          },
          score: 0.5,
          metrics: {
            yard_area_m2: 1,
            min_setback_m: 1,
            house_area_m2: 1,
            orientation_deg: 0,
            parcel_utilization: 0.1,
          },
          kpis: { clearance: 1, sun: 1, garden: 1, access: 0, alignment: 0 },
          footprint: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 0],
              ],
            ],
          },
          tags: [],
        },
      ],
      artifacts: [],
      metadata: {
        definition: 'sitefit',
        version: '2.0.0',
        units: 'm',
        seed: 1,
        generated_at: '2026-01-01T00:00:00.000Z',
        engine: 'builtin',
        cache_hit: false,
        warnings: [],
        crs: 'EPSG:5514',
        working_crs: 'EPSG:5514',
        convergence_deg: -7.8,
        objective: { clearance: 1, sun: 1, garden: 1, access: 0, alignment: 0 },
      },
    };
    assert.equal(validateOutputs(out), false);
    assert.ok(fields(validateOutputs.errors).includes('/results/0/metrics/clearance_slack_m'));
  });
});
