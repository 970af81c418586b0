// The sheets' PDF and their registration as artifacts: the definition modules list one SVG per sheet and the
// PDF next to the other artifacts; the PDF parses (pdf-lib), has one A3 landscape page per sheet (N + 1) and
// its pages draw the title text (content streams inflated, pdfkit's hex-encoded strings decoded).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { inflateSync } from 'node:zlib';
import { PDFDocument, PDFRawStream } from 'pdf-lib';
import { buildSheetArtifacts } from '../src/artifacts/sheet/artifacts.ts';
import { sitefitV1, sitefitV2 } from '../src/definitions.ts';
import { exampleCases, type SheetCase } from '../test-support/sheet-cases.ts';

/** The text a page draws: every `<hex> Tj` / `[<hex> ...] TJ` string of its content streams, decoded. */
function drawnText(doc: PDFDocument): string {
  let out = '';
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFRawStream)) continue;
    let data: Buffer;
    try {
      data = inflateSync(obj.contents);
    } catch {
      continue;
    }
    const s = data.toString('latin1');
    for (const m of s.matchAll(/<([0-9a-fA-F]+)>/g)) out += Buffer.from(m[1], 'hex').toString('latin1');
    out += '\n';
  }
  return out;
}

const LOCK = new URL('../../../package-lock.json', import.meta.url).pathname;

/** The packages (lockfile keys) `name` pulls in, resolved as Node does (nested node_modules first). */
function closure(
  lock: { packages: Record<string, { dependencies?: Record<string, string> }> },
  name: string,
) {
  const pk = lock.packages;
  const find = (dep: string, from: string): string | undefined => {
    for (let base = from; ; ) {
      const k = base ? `${base}/node_modules/${dep}` : `node_modules/${dep}`;
      if (k in pk) return k;
      if (!base) return undefined;
      const i = base.lastIndexOf('/node_modules/');
      base = i >= 0 ? base.slice(0, i) : '';
    }
  };
  const seen = new Set<string>();
  const stack = [find(name, '')];
  while (stack.length > 0) {
    const k = stack.pop();
    if (!k || seen.has(k)) continue;
    seen.add(k);
    for (const d of Object.keys(pk[k].dependencies ?? {})) stack.push(find(d, k));
  }
  return seen;
}

describe('sheets PDF', () => {
  it('pdfkit, svg-to-pdfkit and pdf-lib are pure JavaScript: no install scripts, no native addons', () => {
    const lock = JSON.parse(readFileSync(LOCK, 'utf8'));
    for (const name of ['pdfkit', 'svg-to-pdfkit', 'pdf-lib']) {
      const all = closure(lock, name);
      assert.ok(all.size >= 1, `${name} is in package-lock.json`);
      for (const k of all) {
        const p = lock.packages[k];
        assert.ok(!p.hasInstallScript, `${k} runs an install script`);
        assert.ok(!p.gypfile, `${k} builds a native addon`);
      }
    }
  });

  let cases: SheetCase[];
  before(async () => {
    cases = await exampleCases(3);
  });

  it('one A3 landscape page per sheet (N placements + overview), the title drawn on them', async () => {
    for (const c of cases.filter((x) =>
      ['2.0.0-prague-sjtsk-constraints', '1.0.0-typical'].includes(x.name),
    )) {
      const arts = await buildSheetArtifacts(c.definition, c.inputs, c.outputs);
      const pdf = arts.find((a) => a.kind === 'pdf')!;
      assert.equal(pdf.contentType, 'application/pdf');
      assert.equal(new TextDecoder().decode(pdf.body.subarray(0, 5)), '%PDF-');
      const doc = await PDFDocument.load(pdf.body);
      const n = c.scene.placements.length;
      assert.ok(n >= 2, `${c.name} has several placements`);
      assert.equal(doc.getPageCount(), n + 1);
      for (const page of doc.getPages()) {
        const { width, height } = page.getSize();
        assert.ok(
          Math.abs(width - 1190.55) < 0.1 && Math.abs(height - 841.89) < 0.1,
          `A3 landscape: ${width} x ${height}`,
        );
      }
      assert.equal(doc.getTitle(), `${c.definition} sheets`);
      const text = drawnText(doc);
      assert.ok(text.includes(`${c.definition} · overview`), 'overview title drawn');
      for (let k = 1; k <= n; k++)
        assert.ok(text.includes(`${c.definition} · placement ${k}`), `page ${k + 1}`);
      assert.match(text, /nearest boundary/);
    }
  });

  it('the definitions register the sheets (SVG per sheet) and the PDF as artifacts', async () => {
    for (const c of cases.filter((x) => x.name === '1.0.0-typical' || x.name === '2.0.0-wgs84-brno')) {
      const def = c.definition === 'sitefit@1.0.0' ? sitefitV1 : sitefitV2;
      const arts = await def.artifacts(c.inputs, c.outputs);
      const n = c.scene.placements.length;
      const sheets = arts.filter((a) => a.filename.startsWith('sitefit-sheet-'));
      assert.deepEqual(
        sheets.map((a) => [a.kind, a.filename, a.contentType]),
        [
          ['svg', 'sitefit-sheet-overview.svg', 'image/svg+xml'],
          ...c.scene.placements.map((p) => ['svg', `sitefit-sheet-placement-${p.rank}.svg`, 'image/svg+xml']),
        ],
      );
      assert.equal(sheets.length, n + 1);
      assert.deepEqual(
        arts.filter((a) => a.kind === 'pdf').map((a) => a.filename),
        ['sitefit-sheets.pdf'],
      );
      // The earlier artifacts stay first and unchanged in kind.
      assert.deepEqual(
        arts.slice(0, 5).map((a) => a.kind),
        ['geojson', 'svg', 'gltf', 'csv', 'dxf'],
      );
      assert.equal(new Set(arts.map((a) => a.filename)).size, arts.length, 'file names are unique');
    }
  });
});
