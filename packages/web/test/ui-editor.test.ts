// The site editor of sitefit@2.0.0 in Chromium against `kuduso dev` on PGlite: per-edge setbacks (click an
// edge: front / side / rear), an exclusion zone drawn by clicks, a GeoJSON parcel with a hole imported and a
// second hole drawn, keyboard operation (vertex table, map arrow keys, the Settings dialog), the 768 px layout.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ensureBuild, type Kuduso, launchChromium, openPage, screenshot, startDev } from './harness.ts';
import { pixelOf } from './ui-steps.ts';

const V2 = 'sitefit@2.0.0';

/** Submits the form and returns the inputs the API stored for the job. */
async function submitAndReadInputs(page: Page, baseUrl: string): Promise<Record<string, unknown>> {
  await page.getByRole('button', { name: 'Submit job' }).click();
  await page.waitForURL(/#\/jobs\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop()!;
  const body = (await (await fetch(`${baseUrl}/jobs/${id}/inputs`)).json()) as {
    inputs: Record<string, unknown>;
  };
  return body.inputs;
}

/** Clicks the map at polygon vertices (map coordinates) and back at the first to close the ring. */
async function drawRing(page: Page, ring: [number, number][]): Promise<void> {
  for (const [x, y] of ring) {
    const p = await pixelOf(page, 'site-map', x, y);
    await page.mouse.click(p.x, p.y);
  }
  const first = await pixelOf(page, 'site-map', ring[0][0], ring[0][1]);
  await page.mouse.click(first.x, first.y);
}

describe('site editor of sitefit@2.0.0 in Chromium', { timeout: 300_000 }, () => {
  let kuduso: Kuduso;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let close: () => Promise<void>;
  before(async () => {
    await ensureBuild();
    browser = await launchChromium();
    kuduso = await startDev();
    ({ page, errors, close } = await openPage(browser, `${kuduso.url}/#/?def=${V2}`));
  });
  after(async () => {
    await close?.();
    await browser?.close();
    await kuduso?.stop();
  });

  const openMinimal = async () => {
    await page.goto(`${kuduso.url}/#/?def=${V2}`);
    await page.getByRole('button', { name: 'minimal', exact: true }).click();
    await page.getByRole('button', { name: 'Fit' }).click();
  };

  test('Edges: a clicked edge becomes the street (front), the opposite one rear, another gets its own setback', async () => {
    await openMinimal(); // parcel (0,0) (20,0) (20,30) (0,30): e0 bottom, e1 right, e2 top, e3 left
    await page.getByRole('button', { name: 'Edges' }).click();
    const click = async (x: number, y: number) => {
      const p = await pixelOf(page, 'site-map', x, y);
      await page.mouse.click(p.x, p.y);
    };
    await click(10, 0);
    const panel = page.getByRole('group', { name: 'Parcel edge 0' });
    assert.match(await panel.locator('legend').innerText(), /Edge 0: side/);
    await panel.getByLabel('Street edge (gets the front setback)').check();
    assert.match(await panel.locator('legend').innerText(), /Edge 0: front/);
    await click(10, 30);
    assert.match(
      await page.getByRole('group', { name: 'Parcel edge 2' }).locator('legend').innerText(),
      /Edge 2: rear/,
    );
    await click(20, 15);
    const e1 = page.getByRole('group', { name: 'Parcel edge 1' });
    assert.match(await e1.locator('legend').innerText(), /Edge 1: side/);
    await e1.getByLabel('Own setback (m)').fill('2.5');
    await screenshot(page, 'editor-v2-edges');
    const inputs = (await submitAndReadInputs(page, kuduso.url)) as {
      street?: { edges: number[] };
      setbacks?: { edges?: { edge: number; distance_m: number }[] };
    };
    assert.deepEqual(inputs.street?.edges, [0]);
    assert.deepEqual(inputs.setbacks?.edges, [{ edge: 1, distance_m: 2.5 }]);
  });

  test('an exclusion zone drawn by clicks goes into the inputs', async () => {
    await openMinimal();
    await page.getByRole('button', { name: 'Draw exclusion' }).click();
    await drawRing(page, [
      [12, 20],
      [18, 20],
      [18, 27],
      [12, 27],
    ]);
    await page.getByRole('status').filter({ hasText: 'Polygon drawn with 4 vertices' }).waitFor();
    await page.getByLabel('Kind').selectOption('tree_protection');
    await page.getByLabel('Buffer (m)').fill('1');
    await screenshot(page, 'editor-v2-exclusion');
    const inputs = (await submitAndReadInputs(page, kuduso.url)) as {
      exclusions?: { kind: string; buffer_m: number; geometry: { coordinates: number[][][] } | number[][] }[];
    };
    assert.equal(inputs.exclusions?.length, 1);
    const z = inputs.exclusions![0];
    assert.equal(z.kind, 'tree_protection');
    assert.equal(z.buffer_m, 1);
    const ring = (Array.isArray(z.geometry) ? z.geometry : z.geometry.coordinates[0]) as number[][];
    assert.ok(ring.length >= 4);
    for (const [x, y] of ring)
      assert.ok(x > 11 && x < 19 && y > 19 && y < 28, `vertex ${x},${y} where clicked`);
  });

  test('a GeoJSON parcel with a hole is imported and drawn; a second hole drawn; both submitted', async () => {
    await openMinimal();
    const parcel = {
      type: 'Feature',
      properties: {},
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [40, 0],
            [40, 30],
            [0, 30],
            [0, 0],
          ],
          [
            [25, 10],
            [25, 20],
            [32, 20],
            [32, 10],
            [25, 10],
          ],
        ],
      },
    };
    await page.getByText('Import GeoJSON or a ring').click();
    await page.getByLabel('Into').selectOption({ label: 'Parcel' });
    await page.getByLabel(/Paste GeoJSON/).fill(JSON.stringify(parcel));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Parcel: 4 vertices, 1 hole(s) imported.' }).waitFor();
    await page.getByRole('button', { name: 'Fit' }).click();
    // The hole is drawn: the map shows the background through it (the parcel's fill is not there).
    const inHole = await pixelOf(page, 'site-map', 28.5, 15);
    const inParcel = await pixelOf(page, 'site-map', 10, 25);
    const shot = await page.screenshot();
    const colour = async (p: { x: number; y: number }) =>
      page.evaluate(
        async ({ b64, x, y }) => {
          const img = new Image();
          img.src = `data:image/png;base64,${b64}`;
          await img.decode();
          const c = document.createElement('canvas');
          c.width = img.width;
          c.height = img.height;
          const ctx = c.getContext('2d')!;
          ctx.drawImage(img, 0, 0);
          return Array.from(ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data);
        },
        { b64: shot.toString('base64'), ...p },
      );
    assert.notDeepEqual(await colour(inHole), await colour(inParcel), 'the hole is not filled');
    await page.getByRole('button', { name: 'Add hole' }).click();
    await drawRing(page, [
      [5, 5],
      [12, 5],
      [12, 12],
      [5, 12],
    ]);
    await page.getByRole('status').filter({ hasText: 'Hole drawn with 4 vertices' }).waitFor();
    await page.getByLabel('Shape').selectOption('parcel');
    assert.deepEqual(await page.getByLabel('Ring').locator('option').allInnerTexts(), [
      'outer',
      'hole 1',
      'hole 2',
    ]);
    await screenshot(page, 'editor-v2-holes');
    const inputs = (await submitAndReadInputs(page, kuduso.url)) as {
      parcel: { coordinates: number[][][] };
    };
    assert.equal(inputs.parcel.coordinates.length, 3, 'outer ring and two holes');
  });

  test('keyboard: edit a vertex in the table, move the selection with arrow keys, undo with Ctrl+Z', async () => {
    await openMinimal();
    await page.getByLabel('Shape').selectOption('parcel');
    const x1 = page.getByLabel('Vertex 1 x');
    await x1.focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('24');
    await page.keyboard.press('Enter');
    assert.equal(await page.getByLabel('Vertex 1 x').inputValue(), '24');
    await page.getByTestId('site-map').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowUp');
    assert.equal(await page.getByLabel('Vertex 1 x').inputValue(), '24.5');
    assert.equal(await page.getByLabel('Vertex 1 y').inputValue(), '5');
    await page.keyboard.press('ControlOrMeta+z');
    await page.keyboard.press('ControlOrMeta+z');
    assert.equal(await page.getByLabel('Vertex 1 x').inputValue(), '24');
    assert.equal(await page.getByLabel('Vertex 1 y').inputValue(), '0');
  });

  test('keyboard: the Settings dialog takes focus, keeps Tab inside, closes on Escape back to its button', async () => {
    const opener = page.getByRole('button', { name: 'Settings' });
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.waitFor();
    const inDialog = () => page.evaluate(() => Boolean(document.activeElement?.closest('dialog[open]')));
    assert.ok(await inDialog(), 'focus moved into the dialog');
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      assert.ok(await inDialog(), `Tab ${i + 1} stays in the dialog`);
    }
    await page.keyboard.press('Shift+Tab');
    assert.ok(await inDialog());
    await screenshot(page, 'settings-dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(
      await page.evaluate(() => document.activeElement?.textContent),
      'Settings',
      'focus is back on the button',
    );
  });

  test('768 px wide: no horizontal scrolling, every control reachable', async () => {
    await page.setViewportSize({ width: 768, height: 900 });
    for (const hash of [`#/?def=${V2}`, '#/?def=sitefit@1.0.0', '#/jobs']) {
      await page.goto(`${kuduso.url}/${hash}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      const [scroll, client] = await page.evaluate(() => [
        document.documentElement.scrollWidth,
        document.documentElement.clientWidth,
      ]);
      assert.ok(scroll <= client, `${hash}: page ${scroll} px wide in a ${client} px window`);
      // Every button and field lies within the window's width once scrolled to (nothing cut off); the skip
      // link is off screen on purpose until it has the focus.
      const outside = await page.evaluate(() =>
        Array.from(document.querySelectorAll('button, input, select, textarea, a[href]'))
          .filter((el) => (el as HTMLElement).offsetParent !== null && !el.classList.contains('skip'))
          .map((el) => ({ el, r: el.getBoundingClientRect() }))
          .filter(({ r }) => r.left < 0 || r.right > document.documentElement.clientWidth + 0.5)
          .map(({ el }) => el.outerHTML.slice(0, 80)),
      );
      assert.deepEqual(outside, [], hash);
    }
    await page.goto(`${kuduso.url}/#/?def=${V2}`);
    await page.getByRole('button', { name: 'minimal', exact: true }).click();
    await screenshot(page, 'new-job-768');
    const submit = page.getByRole('button', { name: 'Submit job' });
    await submit.scrollIntoViewIfNeeded();
    const box = (await submit.boundingBox())!;
    assert.ok(box.x >= 0 && box.x + box.width <= 768 && box.y >= 0 && box.y + box.height <= 900);
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  test('no console error on any of these pages', () => {
    assert.deepEqual(errors, []);
  });
});
