// Steps the browser tests share (dev on PGlite and the roles on PostgreSQL run the same user journeys).
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

type MapEl = HTMLElement & { olMap: { getPixelFromCoordinate(c: number[]): number[] } };

/** Page pixel of a map coordinate, through the OpenLayers map the page hangs on its element. */
export async function pixelOf(
  page: Page,
  testId: string,
  x: number,
  y: number,
): Promise<{ x: number; y: number }> {
  const map = page.getByTestId(testId);
  const box = (await map.boundingBox())!;
  const [px, py] = await map.evaluate((el, c) => (el as MapEl).olMap.getPixelFromCoordinate(c), [x, y]);
  return { x: box.x + px, y: box.y + py };
}

/** Loads a contract example, submits it and waits for the job page to say succeeded. Returns the job id. */
export async function submitExample(page: Page, example: string): Promise<string> {
  await page.getByRole('button', { name: example, exact: true }).click();
  await page.getByRole('button', { name: 'Submit job' }).click();
  await page.waitForURL(/#\/jobs\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop()!;
  await page.getByTestId('job-status').filter({ hasText: 'succeeded' }).waitFor({ timeout: 60_000 });
  return id;
}

/** The results show as many placements as the API's result has, each with its rank label on the map. */
export async function assertPlacements(page: Page, baseUrl: string, id: string): Promise<number> {
  const result = (await (await fetch(`${baseUrl}/jobs/result/${id}`)).json()) as { results: unknown[] };
  assert.ok(result.results.length > 0);
  await page
    .getByTestId('placement-count')
    .filter({ hasText: String(result.results.length) })
    .waitFor();
  const rows = page.locator('table.placements tbody tr');
  assert.equal(await rows.count(), result.results.length);
  return result.results.length;
}

/** Opens an artifact link from the list (a new tab, as a user would) and checks what it serves. */
export async function openArtifact(page: Page, label: RegExp): Promise<void> {
  const link = page.getByRole('link', { name: label });
  const href = (await link.getAttribute('href'))!;
  const [popup, response] = await Promise.all([
    page.waitForEvent('popup'),
    page.context().waitForEvent('response', (r) => r.url() === href),
    link.click(),
  ]);
  assert.equal(response.status(), 200);
  assert.ok((await response.body()).length > 0, 'the artifact has content');
  await popup.close();
}

/** The centre (vertex mean) of a ranked placement, read from the job's GeoJSON artifact as the page shows it. */
export async function placementCentre(page: Page, rank: number): Promise<[number, number]> {
  const ring = await page.evaluate(async (rank) => {
    const link = Array.from(document.querySelectorAll('.artifacts a')).find((a) =>
      a.textContent?.includes('GeoJSON'),
    ) as HTMLAnchorElement;
    const fc = await (await fetch(link.href)).json();
    return fc.features.find((f: { properties: { rank?: number } }) => f.properties.rank === rank).geometry
      .coordinates[0] as number[][];
  }, rank);
  const open = ring.slice(0, -1);
  return [open.reduce((s, p) => s + p[0], 0) / open.length, open.reduce((s, p) => s + p[1], 0) / open.length];
}
