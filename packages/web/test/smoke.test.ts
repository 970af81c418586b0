// The page served by `kuduso dev` loads in Chromium without a console error, and the API around it is intact.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { ensureBuild, type Kuduso, launchChromium, openPage, screenshot, startDev } from './harness.ts';

describe('web UI smoke (kuduso dev on PGlite, Chromium)', { timeout: 180_000 }, () => {
  let kuduso: Kuduso;
  let browser: Browser;
  before(async () => {
    await ensureBuild();
    [kuduso, browser] = await Promise.all([startDev(), launchChromium()]);
  });
  after(async () => {
    await browser?.close();
    await kuduso?.stop();
  });

  test('GET / serves the page; API paths and the JSON 404 stay', async () => {
    const index = await fetch(`${kuduso.url}/`);
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type') ?? '', /text\/html/);
    assert.equal(index.headers.get('x-kuduso-web-notice'), null, 'the build the test made is current');
    const missing = await fetch(`${kuduso.url}/no-such-page`);
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { code: string }).code, 'NOT_FOUND');
    const defs = await fetch(`${kuduso.url}/definitions`);
    assert.equal(defs.status, 200);
  });

  test('the page loads in Chromium with no console error', async () => {
    const { page, errors, close } = await openPage(browser, `${kuduso.url}/`);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    assert.equal(await page.title(), 'Kuduso');
    await screenshot(page, 'smoke');
    assert.deepEqual(errors, []);
    await close();
  });
});
