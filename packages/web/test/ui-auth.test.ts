// The web UI against `kuduso dev` with AUTH_MODE=jwt (an HS256 secret) in Chromium: the token set in
// Settings goes as an Authorization header on every call, the live timeline included (it reads the event
// stream with fetch(), as EventSource cannot send headers), and never in a URL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SignJWT } from 'jose';
import type { Browser, Page, Request } from 'playwright-core';
import { ensureBuild, type Kuduso, launchChromium, openPage, screenshot, startDev } from './harness.ts';

const SECRET = 'web-ui-auth-test-secret-0123456789abcdef';

describe('web UI with AUTH_MODE=jwt in Chromium', { timeout: 300_000 }, () => {
  let kuduso: Kuduso;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let close: () => Promise<void>;
  let token: string;
  const requests: Request[] = [];
  before(async () => {
    await ensureBuild();
    browser = await launchChromium();
    kuduso = await startDev({ AUTH_MODE: 'jwt', JWT_SECRET: SECRET, JWT_TENANT_CLAIM: 'tenant_id' });
    token = await new SignJWT({ tenant_id: 'studio-a' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('architect-1')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    ({ page, errors, close } = await openPage(browser, `${kuduso.url}/`));
    page.on('request', (r) => requests.push(r));
  });
  after(async () => {
    await close?.();
    await browser?.close();
    await kuduso?.stop();
  });

  test('the API refuses calls without the token', async () => {
    const r = await fetch(`${kuduso.url}/jobs`);
    assert.equal(r.status, 401);
  });

  test('with the token saved in Settings, a job is followed live until it succeeds', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('API token (Bearer)').fill(token);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForLoadState('load');
    await page.goto(`${kuduso.url}/#/?def=mock@1.1.0`);
    await page.locator('#root_value').fill('3');
    await page.locator('#root_delay_ms').fill('1500');
    await page.getByRole('button', { name: 'Submit job' }).click();
    await page.waitForURL(/#\/jobs\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    await page.getByText('live (server-sent events)').waitFor({ timeout: 30_000 });
    await page.getByTestId('job-status').filter({ hasText: 'succeeded' }).waitFor({ timeout: 60_000 });
    const timeline = await page.getByTestId('timeline').innerText();
    assert.match(timeline, /running/);
    assert.match(timeline, /succeeded/);
    await screenshot(page, 'auth-jwt-job-live');

    const events = requests.filter((r) => r.url().includes(`/jobs/${id}/events`));
    assert.ok(events.length >= 1, 'the timeline read the event stream');
    for (const r of events) {
      assert.equal(r.headers().authorization, `Bearer ${token}`);
      assert.equal(new URL(r.url()).search, '', 'no token in the URL');
      assert.equal((await r.response())?.status(), 200);
    }
    assert.ok(
      requests.every((r) => !r.url().includes(token)),
      'the token is in no URL the page requested',
    );
  });

  test('no console error', () => {
    assert.deepEqual(errors, []);
  });
});
