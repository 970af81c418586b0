// A finished job's results in Chromium against `kuduso dev` on PGlite: rank labels that do not pile up, the
// glTF in the three.js view (pixels drawn, orbit changes them, the model fitted inside the view), the plan
// exported as SVG and PNG (the downloaded files checked), placements selected by keyboard, and the job list's
// filters and keyset pages.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ensureBuild, type Kuduso, launchChromium, openPage, screenshot, startDev } from './harness.ts';
import { pixelOf, placementCentre, submitExample } from './ui-steps.ts';

interface CanvasStats {
  drawn: number;
  total: number;
  box: [number, number, number, number];
  width: number;
  height: number;
  hash: number;
}

/** Pixels of the 3D view's canvas that are not its background colour, their bounding box and a hash. */
function canvasStats(page: Page): Promise<CanvasStats> {
  return page.evaluate(() => {
    const gl = document.querySelector('.gltf-canvas canvas') as HTMLCanvasElement;
    const c = document.createElement('canvas');
    c.width = gl.width;
    c.height = gl.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(gl, 0, 0);
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    let drawn = 0;
    let hash = 0;
    const box: [number, number, number, number] = [c.width, c.height, -1, -1];
    for (let i = 0; i < data.length; i += 4) {
      hash = (hash * 31 + data[i] + data[i + 1] * 7 + data[i + 2] * 13) | 0;
      // The scene's background is #f3f4f6.
      if (Math.abs(data[i] - 243) + Math.abs(data[i + 1] - 244) + Math.abs(data[i + 2] - 246) < 6) continue;
      drawn++;
      const x = (i / 4) % c.width;
      const y = Math.floor(i / 4 / c.width);
      box[0] = Math.min(box[0], x);
      box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x);
      box[3] = Math.max(box[3], y);
    }
    return { drawn, total: c.width * c.height, box, width: c.width, height: c.height, hash };
  });
}

describe('results, 3D, exports and the job list in Chromium', { timeout: 300_000 }, () => {
  let kuduso: Kuduso;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let close: () => Promise<void>;
  let jobId: string;
  before(async () => {
    await ensureBuild();
    browser = await launchChromium();
    kuduso = await startDev();
    ({ page, errors, close } = await openPage(browser, `${kuduso.url}/`));
    jobId = await submitExample(page, 'typical');
  });
  after(async () => {
    await close?.();
    await browser?.close();
    await kuduso?.stop();
  });

  test('rank labels are decluttered: one label layer, every rank in the table', async () => {
    await page.getByTestId('placement-count').waitFor();
    const layers = await page.getByTestId('results-map').evaluate((el) => {
      const map = (el as HTMLElement & { olMap: { getLayers(): { getArray(): unknown[] } } }).olMap;
      return map
        .getLayers()
        .getArray()
        .map((l) => (l as { getDeclutter(): boolean | string | number }).getDeclutter?.() ?? false);
    });
    assert.ok(
      layers.some((d) => d),
      'a decluttered layer holds the labels',
    );
    await page.getByTestId('results-map').scrollIntoViewIfNeeded();
    await screenshot(page, 'job-results-labels');
  });

  test('placements by keyboard: Enter selects, Space shows and hides', async () => {
    const select2 = page.getByRole('button', { name: 'Select placement 2', exact: true });
    await select2.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Placement 2' }).waitFor();
    await page.getByTestId('results-map').scrollIntoViewIfNeeded();
    await screenshot(page, 'job-results-selected');
    const show3 = page.getByRole('checkbox', { name: 'Show placement 3' });
    const before = await show3.isChecked();
    await show3.focus();
    await page.keyboard.press('Space');
    assert.equal(await show3.isChecked(), !before);
    await page.keyboard.press('Space');
    assert.equal(await show3.isChecked(), before);
  });

  test('the plan exports as SVG and as PNG (downloaded files checked)', async () => {
    const count = Number(await page.getByTestId('placement-count').innerText());
    const [svgDl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export plan SVG' }).click(),
    ]);
    assert.match(svgDl.suggestedFilename(), /^kuduso-plan-[0-9a-f]{8}\.svg$/);
    const svg = readFileSync((await svgDl.path())!, 'utf8');
    assert.match(svg, /^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    for (let r = 1; r <= count; r++) assert.ok(svg.includes(`>#${r}<`), `rank ${r} is labelled in the SVG`);
    const svgWidth = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1]);
    const [pngDl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export plan PNG' }).click(),
    ]);
    assert.match(pngDl.suggestedFilename(), /\.png$/);
    const png = readFileSync((await pngDl.path())!);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
    assert.equal(png.readUInt32BE(16), Math.round(svgWidth * 2), 'drawn at twice the SVG size');
    assert.ok(png.length > 2000, `the PNG has a picture (${png.length} bytes)`);
  });

  test('the glTF in 3D: pixels drawn, the model fitted in the view, orbiting changes the picture', async () => {
    await page.getByRole('button', { name: 'Show 3D view' }).click();
    await page.locator('.gltf-canvas[data-state="ready"] canvas').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(300); // a few frames (damping settles)
    const first = await canvasStats(page);
    assert.ok(first.drawn > first.total * 0.02, `the model covers ${first.drawn} of ${first.total} pixels`);
    const [x0, y0, x1, y1] = first.box;
    assert.ok(x0 > 0 && y0 > 0 && x1 < first.width - 1 && y1 < first.height - 1, 'fitted: not cut off');
    const canvas = page.locator('.gltf-canvas canvas');
    await canvas.scrollIntoViewIfNeeded();
    const b = (await canvas.boundingBox())!;
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 2 + 120, b.y + b.height / 2 + 30, { steps: 8 });
    await page.mouse.up();
    await page.waitForTimeout(300);
    const orbited = await canvasStats(page);
    assert.notEqual(orbited.hash, first.hash, 'the view turned');
    assert.ok(orbited.drawn > orbited.total * 0.02);
    await screenshot(page, 'job-3d');
  });

  test('job list: status and definition filters, keyset pages with Load more', async () => {
    // 22 more jobs (mock, distinct inputs), all finished before the list is read.
    for (let i = 0; i < 22; i++) {
      const r = await fetch(`${kuduso.url}/jobs/run`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ app_id: 'tests', definition: 'mock', version: '1.0.0', inputs: { value: i } }),
      });
      assert.equal(r.status, 202, await r.text());
    }
    const all = async () =>
      (
        (await (await fetch(`${kuduso.url}/jobs?limit=100`)).json()) as {
          items: { job_id: string; status: string; definition: string }[];
        }
      ).items;
    for (
      let i = 0;
      i < 120 && (await all()).some((j) => j.status === 'queued' || j.status === 'running');
      i++
    )
      await new Promise((r) => setTimeout(r, 500));
    const everyJob = await all();
    assert.ok(everyJob.length >= 23);

    await page.goto(`${kuduso.url}/#/jobs`);
    const rows = page.locator('table.jobs tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 20, 'a page of 20');
    await page.getByRole('button', { name: 'Load more' }).click();
    await rows.nth(20).waitFor();
    const ids = await page
      .locator('table.jobs tbody tr td:first-child a')
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).hash.split('/').pop()));
    assert.deepEqual(
      ids,
      everyJob.map((j) => j.job_id),
      'both pages together: every job once, newest first',
    );
    assert.equal(await page.getByRole('button', { name: 'Load more' }).count(), 0, 'no third page');
    await screenshot(page, 'job-list');

    await page.getByLabel('Definition').fill('sitefit');
    await page.waitForFunction(() => document.querySelectorAll('table.jobs tbody tr').length === 1);
    assert.match(await rows.first().innerText(), /sitefit@1\.0\.0/);
    assert.match(await rows.first().innerText(), new RegExp(jobId.slice(0, 8)));
    await page.getByLabel('Definition').fill('');
    await page.getByLabel('Status').selectOption('succeeded');
    await page.waitForFunction(
      (n) => document.querySelectorAll('table.jobs tbody tr').length === n,
      Math.min(20, everyJob.filter((j) => j.status === 'succeeded').length),
    );
    const badges = await page.locator('table.jobs tbody .badge').allInnerTexts();
    assert.ok(badges.every((t) => t === 'succeeded'));
    await page.getByLabel('Status').selectOption('failed');
    await page.getByText('No jobs yet.').waitFor();
  });

  test('sitefit@2.0.0 drag: the page shows the 2.0.0 score and KPIs, the server lane agrees, outside the parcel is invalid', async () => {
    await page.goto(`${kuduso.url}/#/?def=sitefit@2.0.0`);
    const id = await submitExample(page, 'minimal');
    const result = (await (await fetch(`${kuduso.url}/jobs/result/${id}`)).json()) as {
      results: { score: number }[];
    };
    await page.getByRole('button', { name: 'Select placement 1', exact: true }).click();
    const [cx, cy] = await placementCentre(page, 1);
    const from = await pixelOf(page, 'results-map', cx, cy);
    const near = await pixelOf(page, 'results-map', cx + 0.2, cy);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(near.x, near.y, { steps: 3 });
    await page.mouse.up();
    const score = Number(await page.getByTestId('preview-score').innerText());
    assert.ok(
      Math.abs(score - result.results[0].score) < 0.05,
      `${score} near the best ${result.results[0].score}`,
    );
    const panel = await page.getByTestId('preview').innerText();
    for (const kpi of ['clearance', 'sun', 'garden']) assert.match(panel, new RegExp(`· ${kpi}`));
    await page.getByTestId('server-preview').filter({ hasText: /Δ/ }).waitFor();
    assert.match(
      await page.getByTestId('server-preview').innerText(),
      /score [\d.]+ — agrees with the browser/,
    );
    // Far to the side: out of the parcel.
    for (let i = 0; i < 12; i++) await page.getByRole('button', { name: '→' }).click();
    await page.getByTestId('preview-valid').filter({ hasText: /no:/ }).waitFor();
    await page.getByTestId('server-preview').filter({ hasText: 'invalid' }).waitFor();
    assert.match(await page.getByTestId('server-preview').innerText(), /agrees with the browser/);
    await screenshot(page, 'preview-v2');
  });

  test('no console error on any of these pages', () => {
    assert.deepEqual(errors, []);
  });
});
