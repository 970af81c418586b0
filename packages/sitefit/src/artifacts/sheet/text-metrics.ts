// Text extents for laying out labels without a browser: the advance widths of Helvetica and Helvetica-Bold
// (Adobe's AFM files, 1/1000 em, printable ASCII and the few other characters the sheets write). The PDF uses
// Helvetica itself; browsers get "Helvetica, Arial, sans-serif", and Arial and Liberation Sans share these
// widths. Heights are the font boxes browsers report for text (ascent 0.905, descent 0.212 em in Arial).

// Characters 32..126.
const REGULAR = [
  278, 278, 355, 556, 556, 889, 667, 222, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
  556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278,
  500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
  556, 222, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
  278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const BOLD = [
  278, 333, 474, 556, 556, 889, 722, 278, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
  556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278,
  556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584,
  556, 278, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556,
  333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];
/** Outside ASCII, the same in both weights. */
const OTHER: Record<string, number> = {
  '²': 333,
  '³': 333,
  '°': 400,
  '·': 278,
  '–': 556,
  '—': 1000,
  '×': 584,
};

/** Ascent and descent of the font box, in em. */
export const ASCENT_EM = 0.905;
export const DESCENT_EM = 0.212;

/** Advance width of `text` at font size `size` (same unit as the result). Unknown characters count as 'M'. */
export function textWidth(text: string, size: number, bold = false): number {
  const table = bold ? BOLD : REGULAR;
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    w += c >= 32 && c <= 126 ? table[c - 32] : (OTHER[ch] ?? 833);
  }
  return (w * size) / 1000;
}
