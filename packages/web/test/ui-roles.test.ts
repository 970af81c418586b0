// The web UI in Chromium against the three roles as separate processes on PostgreSQL (migrate, appserver,
// worker, api): an example submitted from the page, its live timeline, the placements and an artifact.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { ensureBuild, type Kuduso, launchChromium, openPage, screenshot, startRoles } from './harness.ts';
import { assertPlacements, openArtifact, submitExample } from './ui-steps.ts';

describe('web UI on the roles on PostgreSQL in Chromium', { timeout: 240_000 }, () => {
  let kuduso: Kuduso;
  let browser: Browser;
  before(async () => {
    await ensureBuild();
    browser = await launchChromium();
    kuduso = await startRoles();
  });
  after(async () => {
    await browser?.close();
    await kuduso?.stop();
  });

  test('an example from the page: succeeded, every placement drawn, an artifact opens, no console error', async () => {
    const { page, errors, close } = await openPage(browser, `${kuduso.url}/`);
    const id = await submitExample(page, 'l shaped parcel');
    await assertPlacements(page, kuduso.url, id);
    await openArtifact(page, /Site plan \(SVG\)/);
    await screenshot(page, 'roles-pg-results');
    await page.getByRole('link', { name: 'Jobs', exact: true }).click();
    await page.getByRole('heading', { name: 'Jobs' }).waitFor();
    assert.deepEqual(errors, []);
    await close();
  });
});
