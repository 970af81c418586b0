// The SVG sheets read back from their text (test-support/sheet-read.ts): for every valid contract example and
// every stress parcel, one overview plus one sheet per placement; no two texts overlap; no label in the drawing
// crosses a line of it; the drawing fits its frame at a round scale; the setbacks are dimensioned to the
// nearest boundary with the solver's own min_setback_m; north, scale and title block say what they must.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sceneToSheets } from '../src/artifacts/index.ts';
import { ROUND_SCALES } from '../src/artifacts/sheet/index.ts';
import { segmentsIntersect } from '../src/geom/predicates.ts';
import type { Point } from '../src/geom/types.ts';
import { exampleCases, type SheetCase, stressCases } from '../test-support/sheet-cases.ts';
import {
  type Box,
  drawingFrame,
  overlap,
  sheetLines,
  sheetTexts,
  viewBox,
} from '../test-support/sheet-read.ts';

/** Does segment p-q meet box b? (An endpoint inside, or a crossing of one of its sides.) */
function hits(p: Point, q: Point, b: Box): boolean {
  const inside = (r: Point) => r[0] > b[0] && r[0] < b[2] && r[1] > b[1] && r[1] < b[3];
  if (inside(p) || inside(q)) return true;
  const c: Point[] = [
    [b[0], b[1]],
    [b[2], b[1]],
    [b[2], b[3]],
    [b[0], b[3]],
  ];
  return c.some((a, i) => segmentsIntersect(p, q, a, c[(i + 1) % 4]));
}

const LINE_IDS = ['parcel', 'buildable', 'exclusions', 'houses', 'setbacks'];

function checkSheet(name: string, svg: string) {
  const texts = sheetTexts(svg);
  assert.ok(texts.length > 10, `${name}: has its texts`);
  const [W, H] = viewBox(svg);
  for (let i = 0; i < texts.length; i++) {
    const a = texts[i];
    assert.ok(
      a.box[0] >= 0 && a.box[1] >= 0 && a.box[2] <= W && a.box[3] <= H,
      `${name}: "${a.text}" on the paper`,
    );
    for (let j = i + 1; j < texts.length; j++)
      assert.ok(!overlap(a.box, texts[j].box), `${name}: "${a.text}" overlaps "${texts[j].text}"`);
  }
  const lines = sheetLines(svg, LINE_IDS);
  assert.ok(lines.length >= 4, `${name}: the drawing's lines were read`);
  const frame = drawingFrame(svg);
  // A detail (a small house on a large site) is clipped to its frame: there only the house must be inside it.
  const detail = svg.includes('clip-path="url(#drawing-clip)"');
  for (const [p, q] of detail ? sheetLines(svg, ['houses']) : lines)
    for (const r of [p, q])
      assert.ok(
        r[0] >= frame[0] && r[0] <= frame[2] && r[1] >= frame[1] && r[1] <= frame[3],
        `${name}: inside the frame`,
      );
  for (const t of texts.filter((x) => x.inDrawing))
    for (const [p, q] of lines) assert.ok(!hits(p, q, t.box), `${name}: "${t.text}" crosses a line`);
}

describe('sheets of the contract examples', () => {
  let cases: SheetCase[];
  before(async () => {
    cases = await exampleCases(3);
  });

  it('an overview and one sheet per placement, none with overlapping or line-crossing labels', () => {
    for (const c of cases) {
      const sheets = sceneToSheets(c.scene, { date: '2026-12-04' });
      assert.equal(sheets.length, c.scene.placements.length + 1, c.name);
      assert.deepEqual(
        sheets.map((s) => s.name),
        ['overview', ...c.scene.placements.map((p) => `placement-${p.rank}`)],
      );
      for (const s of sheets) {
        checkSheet(`${c.name} ${s.name}`, s.svg);
        // On the examples nothing that matters is dropped: setbacks, ranks, the house's sides, areas.
        assert.deepEqual(
          s.dropped.filter((d) => d.role !== 'edge').map((d) => d.text),
          [],
          `${c.name} ${s.name}`,
        );
      }
    }
  });

  it('the drawing at a round scale, the scale bar and ratio in the column outside it', () => {
    for (const c of cases) {
      for (const s of sceneToSheets(c.scene)) {
        assert.ok(ROUND_SCALES.includes(s.denominator), `${c.name}: 1:${s.denominator}`);
        assert.match(s.svg, new RegExp(`>Scale 1:${s.denominator} \\(A3\\)<`));
        const frame = drawingFrame(s.svg);
        const bar = /<g id="scale">[\s\S]*?<rect x="([\d.]+)"/.exec(s.svg)!;
        assert.ok(Number(bar[1]) > frame[2], 'the scale bar is beside the drawing, not on it');
      }
    }
  });

  it('setbacks: dimension lines to the nearest boundary, the shortest equal to min_setback_m', () => {
    for (const c of cases) {
      for (const [k, s] of sceneToSheets(c.scene).slice(1).entries()) {
        const p = c.scene.placements[k];
        const setbacks = [...s.svg.matchAll(/<text class="setback"[^>]*>([\d.]+) m</g)].map((m) =>
          Number(m[1]),
        );
        assert.ok(setbacks.length >= 2, `${c.name} ${s.name}: several sides dimensioned`);
        const nearest = Math.min(...setbacks);
        assert.ok(
          Math.abs(nearest - p.metrics.min_setback_m) < 0.006,
          `${c.name} ${s.name}: ${nearest} vs ${p.metrics.min_setback_m}`,
        );
        // The nearest is the bold one.
        assert.match(
          s.svg,
          new RegExp(`class="setback"[^>]*font-weight="bold"[^>]*>${nearest.toFixed(2)} m<`),
        );
      }
    }
  });

  it('title block: definition@version, date, CRS, rank and the KPIs in words', () => {
    const c = cases.find((x) => x.name === '2.0.0-prague-sjtsk-constraints')!;
    const [overview, first] = sceneToSheets(c.scene, { date: '2026-12-04' });
    const text = sheetTexts(first.svg)
      .map((t) => t.text)
      .join(' ');
    assert.match(text, /sitefit@2\.0\.0 · placement 1/);
    assert.match(text, /Date 2026-12-04/);
    assert.match(text, /CRS EPSG:5514 S-JTSK \/ Krovak East North/);
    assert.match(text, /rank 1, score 0\.\d{3}/);
    const garden = Math.round(c.scene.placements[0].metrics.garden_area_m2);
    assert.match(text, new RegExp(`garden ${garden} m², nearest boundary 8\\.4 m`));
    assert.match(
      sheetTexts(overview.svg)
        .map((t) => t.text)
        .join(' '),
      /sitefit@2\.0\.0 · overview/,
    );
  });

  it('north: true north from the grid convergence at the centroid in S-JTSK, grid north where unknown', () => {
    const byName = (n: string) => cases.find((x) => x.name === n)!;
    const prague = sceneToSheets(byName('2.0.0-prague-sjtsk-constraints').scene)[0].svg;
    assert.match(prague, />true north</);
    const conv = Number(/grid convergence (-?[\d.]+)°/.exec(prague)![1]);
    assert.ok(conv < -7 && conv > -8.5, `Krovak convergence near Prague is about -7.8°: ${conv}`);
    // The arrow turns clockwise by -gamma.
    assert.match(prague, new RegExp(`rotate\\(${(-conv).toFixed(1)}\\d*\\)`));
    assert.match(sceneToSheets(byName('2.0.0-wgs84-brno').scene)[0].svg, />true north</);
    // 1.0.0 examples sit near (0, 0), outside their CRS's area of use: only grid north is known.
    assert.match(sceneToSheets(byName('1.0.0-typical').scene)[0].svg, />grid north</);
  });

  it('A4 landscape as well, labels still apart', () => {
    for (const c of cases) {
      for (const s of sceneToSheets(c.scene, { paper: 'A4' })) {
        assert.deepEqual(viewBox(s.svg), [297, 210]);
        checkSheet(`${c.name} ${s.name} A4`, s.svg);
      }
    }
  });
});

describe('sheets of the stress parcels', () => {
  it('star, circle and comb up to the vertex limit, holes and exclusions: no overlapping labels', () => {
    for (const c of stressCases()) {
      const sheets = sceneToSheets(c.scene);
      assert.equal(sheets.length, 4, c.name);
      for (const s of sheets) {
        checkSheet(`${c.name} ${s.name}`, s.svg);
        assert.ok(s.labels.length >= 3, `${c.name} ${s.name}: area and house labels at least`);
      }
      // The 2 km comb is drawn at 1:10000, where a 12 m house is 1.2 mm: its placement sheets are details.
      if (c.name.includes('comb')) {
        for (const s of sheets.slice(1)) {
          assert.match(s.svg, /clip-path="url\(#drawing-clip\)"/);
          assert.match(s.svg, /Detail at 1:\d+ \(the site at 1:10000\)/);
          assert.ok(s.denominator <= 500, `${c.name}: detail at 1:${s.denominator}`);
          assert.ok(s.labels.filter((l) => l.role === 'house-edge').length >= 4, 'the house is dimensioned');
        }
      }
    }
  });
});
