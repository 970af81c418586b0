// The AppServer stores sitefit's sheets with every result: one SVG per sheet (overview + each placement) and
// their PDF, next to the GeoJSON, plan, glTF, CSV and DXF, under jobs/{job_id}/ (the API lists what is stored).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { contractFiles, makeApp, post } from './helpers.ts';

const v2 = contractFiles().find((f) => f.definition === 'sitefit' && f.version === '2.0.0')!;
const prague = v2.examples.valid.find((e) => e.name === 'prague-sjtsk-constraints.json')!.inputs;

const t = makeApp();
after(() => t.close());

test('sitefit@2.0.0: the sheets and their PDF are stored artifacts of the result', async () => {
  const res = await post(t.app, 'sitefit:2.0.0', prague, { 'x-job-id': 'job-sheets' });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  const n = body.outputs.results.length;
  assert.ok(n >= 1);
  const names = body.artifacts.map((a: { key: string }) => a.key.split('/').pop());
  const sheets = names.filter((k: string) => k.startsWith('sitefit-sheet-'));
  assert.deepEqual(sheets, [
    'sitefit-sheet-overview.svg',
    ...Array.from({ length: n }, (_, i) => `sitefit-sheet-placement-${i + 1}.svg`),
  ]);
  for (const k of [
    'sitefit.geojson',
    'sitefit-plan.svg',
    'sitefit.glb',
    'sitefit-results.csv',
    'sitefit-plan.dxf',
  ])
    assert.ok(names.includes(k), k);
  const pdf = body.artifacts.find((a: { kind: string }) => a.kind === 'pdf');
  assert.ok(pdf, JSON.stringify(names));
  assert.ok(pdf.key.startsWith('jobs/job-sheets/'));
  const stored = await t.blob.get(pdf.key);
  assert.ok(stored);
  assert.equal(new TextDecoder().decode(stored.body.subarray(0, 5)), '%PDF-');
});
