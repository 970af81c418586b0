// Label placement for the sheets: each label offers candidate positions (best first); labels are placed
// greedily in priority order at the first candidate whose box is inside the drawing, meets no placed label and
// crosses none of the drawing's lines (and whose leader line, if any, crosses no placed label). A label with no
// free candidate is dropped, never drawn over another. Boxes and lines live in a uniform grid so a sheet of a
// 2000-vertex parcel stays fast. Paper millimetres, y down.
import { ASCENT_EM, DESCENT_EM, textWidth } from './text-metrics.ts';

/** [x0, y0, x1, y1] with x0 <= x1, y0 <= y1. */
export type Box = [number, number, number, number];
type XY = readonly [number, number];

export interface LabelRequest {
  text: string;
  /** Font size, mm. */
  size: number;
  bold?: boolean;
  /** Box centres to try, best first; `leader` draws a line from that point to the box. */
  candidates: Iterable<{ x: number; y: number; leader?: XY }>;
  /** Lower is placed first. */
  priority: number;
  /** An SVG class for styling (e.g. "setback"). */
  role: string;
}

export interface PlacedLabel {
  text: string;
  size: number;
  bold: boolean;
  role: string;
  box: Box;
  /** Text anchor point (middle, alphabetic baseline). */
  x: number;
  y: number;
  leader?: [XY, XY];
}

/** Clearance kept around every label box, mm. */
export const LABEL_PAD = 0.4;

/** Width and height (mm) of a label's box, padding included. */
export function labelSize(text: string, size: number, bold = false): [number, number] {
  return [textWidth(text, size, bold) + 2 * LABEL_PAD, (ASCENT_EM + DESCENT_EM) * size + 2 * LABEL_PAD];
}

export function boxesOverlap(a: Box, b: Box): boolean {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

/** Does the segment p-q meet the box (Liang-Barsky clipping)? */
export function segmentHitsBox(p: XY, q: XY, b: Box): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = q[0] - p[0];
  const dy = q[1] - p[1];
  const clip = (den: number, num: number) => {
    if (den === 0) return num >= 0;
    const t = num / den;
    if (den > 0) {
      if (t < t0) return false;
      if (t < t1) t1 = t;
    } else {
      if (t > t1) return false;
      if (t > t0) t0 = t;
    }
    return true;
  };
  return (
    clip(-dx, p[0] - b[0]) &&
    clip(dx, b[2] - p[0]) &&
    clip(-dy, p[1] - b[1]) &&
    clip(dy, b[3] - p[1]) &&
    t0 <= t1
  );
}

/**
 * Where to put a w x h box beside point p in unit direction n so that it just clears p by `gap`: its centre.
 * Used for labels beside an edge's midpoint or a dimension line.
 */
export function besidePoint(p: XY, n: XY, w: number, h: number, gap: number): { x: number; y: number } {
  const reach = (w / 2) * Math.abs(n[0]) + (h / 2) * Math.abs(n[1]) + gap;
  return { x: p[0] + n[0] * reach, y: p[1] + n[1] * reach };
}

const CELL = 10;

export class LabelPlacer {
  readonly placed: PlacedLabel[] = [];
  readonly dropped: LabelRequest[] = [];
  private readonly segs: [XY, XY][] = [];
  private readonly cells = new Map<number, { segs: number[]; labels: number[] }>();
  private stamp = new Uint32Array(0);
  private query = 0;

  private readonly area: Box;

  constructor(area: Box) {
    this.area = area;
  }

  private cellsOf(b: Box, visit: (c: { segs: number[]; labels: number[] }) => void) {
    const x0 = Math.floor(b[0] / CELL);
    const x1 = Math.floor(b[2] / CELL);
    const y0 = Math.floor(b[1] / CELL);
    const y1 = Math.floor(b[3] / CELL);
    for (let i = x0; i <= x1; i++)
      for (let j = y0; j <= y1; j++) {
        const k = i * 100_003 + j;
        let c = this.cells.get(k);
        if (!c) {
          c = { segs: [], labels: [] };
          this.cells.set(k, c);
        }
        visit(c);
      }
  }

  /** A line of the drawing labels must not cross. */
  addLine(p: XY, q: XY): void {
    const i = this.segs.push([p, q]) - 1;
    const b: Box = [Math.min(p[0], q[0]), Math.min(p[1], q[1]), Math.max(p[0], q[0]), Math.max(p[1], q[1])];
    // Long lines are registered in every cell of their box: fine for the short edges of drawings.
    this.cellsOf(b, (c) => c.segs.push(i));
  }

  addPolyline(points: readonly XY[]): void {
    for (let i = 0; i + 1 < points.length; i++) this.addLine(points[i], points[i + 1]);
  }

  private free(box: Box, leader?: [XY, XY]): boolean {
    const a = this.area;
    if (box[0] < a[0] || box[1] < a[1] || box[2] > a[2] || box[3] > a[3]) return false;
    if (this.stamp.length < this.segs.length + this.placed.length + 1)
      this.stamp = new Uint32Array(2 * (this.segs.length + this.placed.length) + 64);
    const q = ++this.query;
    let ok = true;
    const seen = (id: number) => {
      if (this.stamp[id] === q) return true;
      this.stamp[id] = q;
      return false;
    };
    const nSegs = this.segs.length;
    this.cellsOf(box, (c) => {
      if (!ok) return;
      for (const s of c.segs)
        if (!seen(s) && segmentHitsBox(this.segs[s][0], this.segs[s][1], box)) ok = false;
      for (const l of c.labels) if (!seen(nSegs + l) && boxesOverlap(this.placed[l].box, box)) ok = false;
    });
    if (ok && leader)
      for (const p of this.placed) if (segmentHitsBox(leader[0], leader[1], p.box)) return false;
    return ok;
  }

  /** Places one label at its first free candidate; returns it, or null when it was dropped. */
  place(req: LabelRequest): PlacedLabel | null {
    const [w, h] = labelSize(req.text, req.size, req.bold);
    for (const c of req.candidates) {
      const box: Box = [c.x - w / 2, c.y - h / 2, c.x + w / 2, c.y + h / 2];
      const leader: [XY, XY] | undefined = c.leader ? [c.leader, nearestOnBox(c.leader, box)] : undefined;
      if (!this.free(box, leader)) continue;
      const label: PlacedLabel = {
        text: req.text,
        size: req.size,
        bold: req.bold ?? false,
        role: req.role,
        box,
        x: c.x,
        // The box is centred on the font box (ascent + descent); the baseline sits below its middle.
        y: c.y + ((ASCENT_EM - DESCENT_EM) / 2) * req.size,
      };
      if (leader) {
        label.leader = leader;
        this.addLine(leader[0], leader[1]);
      }
      const i = this.placed.push(label) - 1;
      this.cellsOf(box, (cell) => cell.labels.push(i));
      return label;
    }
    this.dropped.push(req);
    return null;
  }

  /** Places the requests in priority order (stable). */
  placeAll(reqs: LabelRequest[]): void {
    const order = reqs
      .map((r, i) => [r, i] as const)
      .sort((a, b) => a[0].priority - b[0].priority || a[1] - b[1]);
    for (const [r] of order) this.place(r);
  }
}

function nearestOnBox(p: XY, b: Box): XY {
  return [Math.min(b[2], Math.max(b[0], p[0])), Math.min(b[3], Math.max(b[1], p[1]))];
}
