// The contract's placement: rotate the house ring about its own area centroid by `value` degrees
// counter-clockwise, then translate by (x, y). Kept here so artifacts depend only on the contract's meaning.

export type Position = [number, number];

/** Signed area (shoelace; positive for counter-clockwise). Works for closed or open rings. */
export function signedArea(ring: readonly (readonly number[])[]): number {
  const n = closedLength(ring);
  if (n < 3) return 0;
  const [ox, oy] = ring[0];
  let a = 0;
  for (let i = 1; i + 1 < n; i++) {
    // Fan from the first vertex, relative to it so large coordinates (S-JTSK) keep their precision.
    a += (ring[i][0] - ox) * (ring[i + 1][1] - oy) - (ring[i + 1][0] - ox) * (ring[i][1] - oy);
  }
  return a / 2;
}

/** Area centroid of a simple ring; falls back to the vertex mean for degenerate (zero-area) rings. */
export function ringCentroid(ring: readonly (readonly number[])[]): Position {
  const n = closedLength(ring);
  const [ox, oy] = ring[0];
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < n; i++) {
    const x0 = ring[i][0] - ox;
    const y0 = ring[i][1] - oy;
    const x1 = ring[(i + 1) % n][0] - ox;
    const y1 = ring[(i + 1) % n][1] - oy;
    const c = x0 * y1 - x1 * y0;
    a += c;
    cx += (x0 + x1) * c;
    cy += (y0 + y1) * c;
  }
  if (Math.abs(a) < 1e-12) {
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      sx += ring[i][0] - ox;
      sy += ring[i][1] - oy;
    }
    return [ox + sx / n, oy + sy / n];
  }
  return [ox + cx / (3 * a), oy + cy / (3 * a)];
}

/** Number of distinct positions (a repeated closing position is not counted). */
export function closedLength(ring: readonly (readonly number[])[]): number {
  const n = ring.length;
  if (n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1]) return n - 1;
  return n;
}

export interface PlacementTransform {
  rotation: { value: number };
  translation: { x: number; y: number };
}

/** The placed ring (closed when the input is closed). */
export function placeRing(ring: readonly (readonly number[])[], t: PlacementTransform): Position[] {
  const [cx, cy] = ringCentroid(ring);
  const a = (t.rotation.value * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  return ring.map(([x, y]) => {
    const dx = x - cx;
    const dy = y - cy;
    return [cx + dx * cos - dy * sin + t.translation.x, cy + dx * sin + dy * cos + t.translation.y];
  });
}

/** Closes a ring if its last position does not repeat the first. */
export function closeRing(ring: readonly (readonly number[])[]): Position[] {
  const out = ring.map((p) => [p[0], p[1]] as Position);
  const n = out.length;
  if (n > 0 && (out[0][0] !== out[n - 1][0] || out[0][1] !== out[n - 1][1])) out.push([out[0][0], out[0][1]]);
  return out;
}
