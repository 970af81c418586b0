// Every sheet rendered to PNG by the real Chromium (test/support/chromium.ts): the boxes the browser gives
// its texts (getBBox, with the font it really used) overlap nowhere and stay on the paper, and the PNG has the
// paper's size. Every PNG goes to test-results/sheets/; with KUDUSO_SHEETS_DOCS=1 the examples' overview and
// first placement and two stress parcels are written to packages/sitefit/docs/sheets/ instead (the committed
// ones, looked at by a person: see the README there). A plain test run never changes committed files.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../../test/support/chromium.ts';
import { sceneToSheets } from '../src/artifacts/index.ts';
import { exampleCases, type SheetCase, stressCases } from '../test-support/sheet-cases.ts';
import { renderSheet } from '../test-support/sheet-render.ts';

const DOCS =
  process.env.KUDUSO_SHEETS_DOCS === '1' ? new URL('../docs/sheets/', import.meta.url).pathname : null;
const RESULTS = new URL('../../../test-results/sheets/', import.meta.url).pathname;
const DPI = 100;
const KEEP_STRESS = ['v2 star 1993', 'v2 9 holes and 12 exclusions', 'v2 comb 497 teeth setback 1 m'];

const slug = (s: string) => s.replace(/[^a-zA-Z0-9.]+/g, '-').replace(/-+$/, '');

async function renderAll(
  browser: Browser,
  cases: SheetCase[],
  keep: (c: SheetCase, sheet: string) => boolean,
  sheetsPerCase = Number.POSITIVE_INFINITY,
) {
  for (const c of cases) {
    for (const s of sceneToSheets(c.scene, { date: '2026-12-04' }).slice(0, sheetsPerCase)) {
      const r = await renderSheet(browser, s.svg, DPI);
      const name = `${c.name} ${s.name}`;
      // PNG header: signature, then IHDR width and height.
      assert.equal(r.png.readUInt32BE(16), Math.round((r.size[0] / 25.4) * DPI), name);
      assert.equal(r.png.readUInt32BE(20), Math.round((r.size[1] / 25.4) * DPI), name);
      assert.ok(r.texts.length > 10, name);
      for (let i = 0; i < r.texts.length; i++) {
        const a = r.texts[i];
        assert.ok(
          a.box[0] >= 0 && a.box[1] >= 0 && a.box[2] <= r.size[0] && a.box[3] <= r.size[1],
          `${name}: "${a.text}" on the paper`,
        );
        for (let j = i + 1; j < r.texts.length; j++) {
          const b = r.texts[j].box;
          const hit = a.box[0] < b[2] && b[0] < a.box[2] && a.box[1] < b[3] && b[1] < a.box[3];
          assert.ok(!hit, `${name}: "${a.text}" and "${r.texts[j].text}" overlap in Chromium`);
        }
      }
      const dir = DOCS && keep(c, s.name) ? DOCS : RESULTS;
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${slug(c.name)}-${s.name}.png`), r.png);
    }
  }
}

describe('sheets rendered by Chromium', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('the contract examples: every sheet, no overlapping text as laid out by the browser', async () => {
    await renderAll(
      browser,
      await exampleCases(3),
      (_, sheet) => sheet === 'overview' || sheet === 'placement-1',
    );
  });

  it('the stress parcels: overview and first placement, no overlapping text as laid out by the browser', async () => {
    // The other placement sheets of a stress parcel differ only in the house (sheets.test.ts checks them all).
    await renderAll(browser, stressCases(), (c) => KEEP_STRESS.includes(c.name), 2);
  });
});
