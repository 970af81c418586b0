// The plan as a standalone SVG (parcel, buildable area, zones, placements with rank labels), for export as SVG
// and, rasterised by the page, as PNG. Pure.
type Rings = number[][][];

export interface PlanLayer {
  rings: Rings;
  role: 'parcel' | 'buildable' | 'zone' | 'placement' | 'selected' | 'invalid';
  label?: string;
}

const styles: Record<PlanLayer['role'], string> = {
  parcel: 'fill="#eef2ff" stroke="#1d4ed8" stroke-width="2"',
  buildable: 'fill="none" stroke="#047857" stroke-width="1" stroke-dasharray="6 4"',
  zone: 'fill="#fecdd3" fill-opacity="0.6" stroke="#9f1239" stroke-width="1" stroke-dasharray="3 3"',
  placement: 'fill="#fde68a" fill-opacity="0.5" stroke="#b45309" stroke-width="1.5"',
  selected: 'fill="#a7f3d0" fill-opacity="0.7" stroke="#047857" stroke-width="3"',
  invalid: 'fill="#fecaca" fill-opacity="0.7" stroke="#b91c1c" stroke-width="3" stroke-dasharray="6 4"',
};

const esc = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function planSvg(layers: PlanLayer[], opts: { width?: number; title?: string } = {}): string {
  const pts = layers.flatMap((l) => l.rings.flat());
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const width = opts.width ?? 800;
  const pad = 30;
  const scale = (width - 2 * pad) / Math.max(x1 - x0, y1 - y0, 1e-9);
  const height = Math.round((y1 - y0) * scale + 2 * pad + 30);
  const px = (x: number) => (pad + (x - x0) * scale).toFixed(2);
  const py = (y: number) => (pad + 30 + (y1 - y) * scale).toFixed(2);
  const path = (rings: Rings) =>
    rings.map((r) => `M${r.map((p) => `${px(p[0])},${py(p[1])}`).join('L')}Z`).join('');
  const body = layers
    .map((l) => {
      const shape = `<path d="${path(l.rings)}" fill-rule="evenodd" ${styles[l.role]}/>`;
      if (!l.label) return shape;
      const outer = l.rings[0];
      const cx = outer.reduce((s, p) => s + p[0], 0) / outer.length;
      const cy = outer.reduce((s, p) => s + p[1], 0) / outer.length;
      return `${shape}<text x="${px(cx)}" y="${py(cy)}" font-family="sans-serif" font-size="13" font-weight="700" text-anchor="middle" dominant-baseline="middle">${esc(l.label)}</text>`;
    })
    .join('\n');
  // A 10 m scale bar (or the largest round length that fits) in the corner.
  const bar = [1, 2, 5, 10, 20, 50, 100, 200, 500].filter((m) => m * scale < width / 3).pop() ?? 1;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="${pad}" y="20" font-family="sans-serif" font-size="14">${esc(opts.title ?? 'Site plan')}</text>
${body}
<g transform="translate(${pad},${height - 12})"><rect width="${(bar * scale).toFixed(2)}" height="4" fill="#111827"/><text x="${(bar * scale + 6).toFixed(2)}" y="5" font-family="sans-serif" font-size="11">${bar} m</text></g>
</svg>`;
}
