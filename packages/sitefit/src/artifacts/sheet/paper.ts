// Paper and scale of a sheet: ISO A3 or A4 landscape in millimetres, split into the drawing (left) and a
// column for north arrow, scale, legend and title block (right); the drawing is fitted to the largest round
// scale (1:100, 1:200, 1:500 ...) at which the site and room for its dimensions fit.

export type PaperName = 'A3' | 'A4';

export interface SheetLayout {
  paper: PaperName;
  width: number;
  height: number;
  /** The drawing's frame, [x0, y0, x1, y1] in mm from the top-left corner. */
  drawing: [number, number, number, number];
  /** The column beside it. */
  column: [number, number, number, number];
  /** Base text size, mm. */
  text: number;
}

const SIZES: Record<PaperName, [number, number]> = { A3: [420, 297], A4: [297, 210] };

export function sheetLayout(paper: PaperName): SheetLayout {
  const [width, height] = SIZES[paper];
  const margin = paper === 'A3' ? 10 : 8;
  const columnW = paper === 'A3' ? 100 : 84;
  const gap = 4;
  return {
    paper,
    width,
    height,
    drawing: [margin, margin, width - margin - columnW - gap, height - margin],
    column: [width - margin - columnW, margin, width - margin, height - margin],
    text: paper === 'A3' ? 2.5 : 2.2,
  };
}

/** Scale denominators a drawing is printed at (the usual architectural and survey series). */
export const ROUND_SCALES = [
  50, 100, 200, 250, 500, 1000, 1250, 2000, 2500, 5000, 10_000, 20_000, 25_000, 50_000, 100_000, 200_000,
  500_000, 1_000_000,
];

/**
 * The smallest round denominator at which a site of `w` x `h` metres fits in the drawing frame, leaving `pad` mm
 * on every side for dimensions and labels.
 */
export function roundScale(w: number, h: number, layout: SheetLayout, pad: number): number {
  const [x0, y0, x1, y1] = layout.drawing;
  const room = Math.min((x1 - x0 - 2 * pad) / Math.max(w, 1e-9), (y1 - y0 - 2 * pad) / Math.max(h, 1e-9)); // mm/m
  for (const d of ROUND_SCALES) if (1000 / d <= room) return d;
  return ROUND_SCALES[ROUND_SCALES.length - 1];
}
