// Text helpers shared by the SVG writers (the plan and the sheets).

export function escapeXml(s: string): string {
  return s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

/** The largest 1, 2 or 5 x 10^k not above `max` (a scale bar length people can read). */
export function roundLength(max: number): number {
  if (!(max > 0)) return 1;
  const k = 10 ** Math.floor(Math.log10(max));
  for (const m of [5, 2, 1]) if (m * k <= max) return m * k;
  return k;
}

/** A number with at most two decimals, trailing zeros dropped. */
export function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/\.?0+$/, '');
}
