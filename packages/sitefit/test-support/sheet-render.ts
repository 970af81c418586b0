// Renders a sheet SVG in the real Chromium (see test/support/chromium.ts) and measures it there: the PNG, and
// the box of every text element as the browser lays it out (getBBox, in the sheet's millimetres).
import type { Browser } from 'playwright-core';

export interface RenderedSheet {
  png: Buffer;
  texts: { text: string; box: [number, number, number, number] }[];
  /** The SVG's size in mm (its viewBox). */
  size: [number, number];
}

export async function renderSheet(browser: Browser, svg: string, dpi = 150): Promise<RenderedSheet> {
  const vb = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg);
  if (!vb) throw new Error('sheet SVG without a viewBox');
  const size: [number, number] = [Number(vb[1]), Number(vb[2])];
  const px = (mm: number) => Math.round((mm / 25.4) * dpi);
  const context = await browser.newContext({ viewport: { width: px(size[0]), height: px(size[1]) } });
  try {
    const page = await context.newPage();
    await page.setContent(
      `<!doctype html><html><body style="margin:0">${svg.replace(/ width="[\d.]+mm" height="[\d.]+mm"/, ` width="${px(size[0])}" height="${px(size[1])}"`)}</body></html>`,
    );
    const texts = await page.evaluate(() =>
      Array.from(document.querySelectorAll('svg text')).map((t) => {
        const b = (t as SVGTextElement).getBBox();
        return {
          text: t.textContent ?? '',
          box: [b.x, b.y, b.x + b.width, b.y + b.height] as [number, number, number, number],
        };
      }),
    );
    const png = await page.screenshot({ type: 'png', fullPage: false });
    return { png, texts, size };
  } finally {
    await context.close();
  }
}
