// The web UI in Chromium against `kuduso dev` on PGlite (real API, queue, worker and AppServer processes in one):
// drawing, examples, submit, the live timeline, placements, artifacts, the drag preview, cancel and API errors
// at their fields. Screenshots go to test-results/screenshots.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ensureBuild, type Kuduso, launchChromium, openPage, screenshot, startDev } from './harness.ts';
import { assertPlacements, openArtifact, pixelOf, placementCentre, submitExample } from './ui-steps.ts';

describe('web UI on kuduso dev (PGlite) in Chromium', { timeout: 300_000 }, () => {
  let kuduso: Kuduso;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let close: () => Promise<void>;
  before(async () => {
    await ensureBuild();
    browser = await launchChromium();
    kuduso = await startDev();
    ({ page, errors, close } = await openPage(browser, `${kuduso.url}/`));
  });
  after(async () => {
    await close?.();
    await browser?.close();
    await kuduso?.stop();
  });

  test('GET / serves the current build; API paths and the JSON 404 stay; the page loads', async () => {
    const index = await fetch(`${kuduso.url}/`);
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type') ?? '', /text\/html/);
    assert.equal(index.headers.get('x-kuduso-web-notice'), null, 'the build the test made is current');
    const csp = index.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-eval/, 'the form validators are compiled at build time');
    const missing = await fetch(`${kuduso.url}/no-such-page`);
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { code: string }).code, 'NOT_FOUND');
    assert.equal((await fetch(`${kuduso.url}/definitions`)).status, 200);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    assert.equal(await page.title(), 'Kuduso');
    await page.getByRole('button', { name: 'Submit job' }).waitFor();
    await screenshot(page, 'new-job');
  });

  test('draw a parcel by clicks; undo and redo it', async () => {
    await page.getByRole('button', { name: 'typical', exact: true }).click();
    await page.getByLabel('Shape').selectOption('parcel');
    const exampleX = await page.getByLabel('Vertex 2 x').inputValue();
    await page.getByRole('button', { name: 'Draw parcel' }).click();
    const map = page.getByTestId('site-map');
    const box = (await map.boundingBox())!;
    const pts = [
      [0.2, 0.2],
      [0.7, 0.25],
      [0.75, 0.8],
      [0.25, 0.75],
    ].map(([fx, fy]) => ({ x: box.x + fx * box.width, y: box.y + fy * box.height }));
    for (const p of pts) await page.mouse.click(p.x, p.y);
    await page.mouse.click(pts[0].x, pts[0].y); // clicking the first vertex closes the ring
    await page.getByRole('status').filter({ hasText: 'Polygon drawn with 4 vertices' }).waitFor();
    await page.getByLabel('Shape').selectOption('parcel');
    assert.equal(await page.locator('.vertex-table tbody tr').count(), 4);
    await screenshot(page, 'editor-drawn-parcel');
    await page.getByRole('button', { name: 'Undo' }).click();
    assert.equal(await page.getByLabel('Vertex 2 x').inputValue(), exampleX, 'the example parcel is back');
    await page.getByRole('button', { name: 'Redo' }).click();
    assert.notEqual(await page.getByLabel('Vertex 2 x').inputValue(), exampleX, 'the drawn parcel again');
  });

  test('an example submitted: the timeline reaches succeeded, the placements are drawn, an artifact opens', async () => {
    await page.goto(`${kuduso.url}/#/`);
    const id = await submitExample(page, 'typical');
    const timeline = page.getByTestId('timeline');
    assert.match(await timeline.innerText(), /succeeded/);
    await assertPlacements(page, kuduso.url, id);
    await screenshot(page, 'job-results');
    await openArtifact(page, /Site plan \(GeoJSON\)/);
  });

  test('drag the best placement: the preview changes on the way and turns invalid outside the parcel', async () => {
    await page.getByRole('button', { name: 'Select placement 1', exact: true }).click();
    const [cx, cy] = await placementCentre(page, 1);
    const from = await pixelOf(page, 'results-map', cx, cy);
    const mid = await pixelOf(page, 'results-map', cx + 1, cy);
    const far = await pixelOf(page, 'results-map', cx + 12, cy);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(mid.x, mid.y, { steps: 5 });
    const setbackMid = await page.getByTestId('preview-setback').innerText();
    assert.match(await page.getByTestId('preview-valid').innerText(), /yes/);
    await screenshot(page, 'preview-valid');
    await page.mouse.move(far.x, far.y, { steps: 10 });
    await page.mouse.up();
    const setbackFar = await page.getByTestId('preview-setback').innerText();
    assert.notEqual(setbackMid, setbackFar, 'the preview changed with the drag');
    assert.match(await page.getByTestId('preview-valid').innerText(), /no: The house leaves the parcel/);
    await page.getByTestId('preview').filter({ hasText: 'leaves the parcel' }).waitFor();
    // Tier (b): the AppServer's preview lane evaluated the same placement and agrees to 1 mm.
    await page.getByTestId('server-preview').filter({ hasText: 'invalid' }).waitFor();
    assert.match(await page.getByTestId('server-preview').innerText(), /agrees with the browser/);
    await page.getByRole('button', { name: '←' }).click();
    await page.getByTestId('server-preview').filter({ hasText: /Δ/ }).waitFor();
    assert.match(await page.getByTestId('server-preview').innerText(), /agrees with the browser/);
    await screenshot(page, 'preview-invalid');
  });

  test('duplicate and edit opens the job inputs in the editor', async () => {
    await page.getByRole('link', { name: 'Duplicate and edit' }).click();
    await page.getByRole('button', { name: 'Submit job' }).waitFor();
    await page.getByLabel('Shape').selectOption('parcel');
    assert.ok((await page.locator('.vertex-table tbody tr').count()) >= 4);
  });

  test('the page checks the form itself (compiled validator, no eval): the error shows, nothing is sent', async () => {
    await page.goto(`${kuduso.url}/#/`);
    await page.getByRole('button', { name: 'typical', exact: true }).click();
    const posts: string[] = [];
    const onRequest = (r: { method(): string; url(): string }) => {
      if (r.method() === 'POST') posts.push(r.url());
    };
    page.on('request', onRequest);
    await page.locator('#root_rotation_step').fill('0.01');
    await page.getByRole('button', { name: 'Submit job' }).click();
    await page
      .locator('.form .error-detail')
      .filter({ hasText: /must be >= 0.1/ })
      .first()
      .waitFor();
    page.off('request', onRequest);
    assert.deepEqual(posts, [], 'the page stopped the submit');
    assert.equal(await page.getByTestId('server-validation').count(), 0);
  });

  test('an API 400 is shown at the field it names', async () => {
    await page.goto(`${kuduso.url}/#/?validate=server`);
    await page.getByRole('button', { name: 'typical', exact: true }).click();
    await page.locator('#root_rotation_step').fill('0.01');
    await page.getByRole('button', { name: 'Submit job' }).click();
    await page.getByTestId('submit-error').filter({ hasText: '400 VALIDATION_FAILED' }).waitFor();
    const fieldError = page
      .locator('.form .has-error, .form .error-detail')
      .filter({ hasText: /rotation\/step must be >= 0.1/ });
    await fieldError.first().waitFor();
    await screenshot(page, 'api-400-at-field');
  });

  test('a 422 on the geometry is shown at the parcel', async () => {
    await page.goto(`${kuduso.url}/#/`);
    await page.getByRole('button', { name: 'typical', exact: true }).click();
    await page.getByLabel('Shape').selectOption('parcel');
    // Swap two vertices: the ring crosses itself.
    const x1 = page.getByLabel('Vertex 1 x');
    const x2 = page.getByLabel('Vertex 2 x');
    const [a, b] = [await x1.inputValue(), await x2.inputValue()];
    const y1 = page.getByLabel('Vertex 1 y');
    const y2 = page.getByLabel('Vertex 2 y');
    const [c, d] = [await y1.inputValue(), await y2.inputValue()];
    await x1.fill(b);
    await x1.press('Enter');
    await page.getByLabel('Vertex 1 y').fill(d);
    await page.getByLabel('Vertex 1 y').press('Enter');
    await page.getByLabel('Vertex 2 x').fill(a);
    await page.getByLabel('Vertex 2 x').press('Enter');
    await page.getByLabel('Vertex 2 y').fill(c);
    await page.getByLabel('Vertex 2 y').press('Enter');
    await page.getByRole('button', { name: 'Submit job' }).click();
    await page
      .locator('.editor .field-error[data-field="parcel"]')
      .filter({ hasText: /intersects itself/ })
      .waitFor();
  });

  test('cancel: a queued job at once, a running long job ends cancelled', async () => {
    await page.goto(`${kuduso.url}/#/?def=mock@1.1.0`);
    await page.locator('#root_value').waitFor();
    // mock is not in contracts/, so the build has no compiled validator for it: the API checks it.
    await page.getByTestId('server-validation').waitFor();
    const submitLong = async () => {
      await page.goto(`${kuduso.url}/#/?def=mock@1.1.0`);
      await page.locator('#root_value').fill(String(Math.random()));
      await page.locator('#root_delay_ms').fill('20000');
      await page.getByRole('button', { name: 'Submit job' }).click();
      await page.waitForURL(/#\/jobs\/[0-9a-f-]{36}$/);
      return page.url();
    };
    const running = await submitLong();
    await page.getByTestId('job-status').filter({ hasText: 'running' }).waitFor({ timeout: 30_000 });
    const queued = await submitLong();
    assert.equal(
      await page.getByTestId('job-status').innerText(),
      'queued',
      'one worker, busy: the second waits',
    );
    await page.getByRole('button', { name: 'Cancel job' }).click();
    await page.getByTestId('job-status').filter({ hasText: 'cancelled' }).waitFor({ timeout: 5_000 });
    await page.goto(running);
    await page.getByRole('button', { name: 'Cancel job' }).click();
    await page.getByTestId('job-status').filter({ hasText: 'cancelled' }).waitFor({ timeout: 5_000 });
    // The worker notices within a second and aborts its AppServer call: the 20 s solve does not run out.
    await kuduso.waitForLog('job cancelled: aborting the running solve', 10_000);
    await screenshot(page, 'job-cancelled');
    const q = (await (await fetch(`${kuduso.url}/jobs/status/${queued.split('/').pop()}`)).json()) as {
      status: string;
      started_at: unknown;
    };
    assert.equal(q.status, 'cancelled');
    assert.equal(q.started_at, null, 'the queued job never ran');
  });

  test('no console error on any of these pages', () => {
    assert.deepEqual(errors, []);
  });
});
