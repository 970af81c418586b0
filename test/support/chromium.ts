// Debian's Chromium driven by playwright-core, for every test that needs a real browser (the web UI's tests,
// the sitefit sheets rendered to PNG): one launch configuration for all of them.
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    timeout: 60_000,
  });
}
