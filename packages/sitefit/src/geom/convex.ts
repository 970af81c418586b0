// Convex decomposition of a simple integer ring (ear clipping, then Hertel–Mehlhorn merging of triangles
// across diagonals while the union stays convex): at most 4x the optimal number of pieces, usually optimal
// for building footprints. Exact: all tests are integer cross products well inside 2^53.

/** Twice the signed area of triangle (a, b, c) given as flat indices into `f`. */
function cross(f: readonly number[], a: number, b: number, c: number): number {
  return (
    (f[2 * b] - f[2 * a]) * (f[2 * c + 1] - f[2 * a + 1]) -
    (f[2 * b + 1] - f[2 * a + 1]) * (f[2 * c] - f[2 * a])
  );
}

function inTriangle(f: readonly number[], p: number, a: number, b: number, c: number): boolean {
  return cross(f, a, b, p) >= 0 && cross(f, b, c, p) >= 0 && cross(f, c, a, p) >= 0;
}

function convexPiece(f: readonly number[], piece: readonly number[]): boolean {
  const n = piece.length;
  for (let i = 0; i < n; i++)
    if (cross(f, piece[i], piece[(i + 1) % n], piece[(i + 2) % n]) < 0) return false;
  return true;
}

/**
 * Splits a counter-clockwise simple ring (flat integer [x0, y0, ...]) into convex pieces, each a list of vertex
 * indices in counter-clockwise order. Returns null if the ring is not triangulable (degenerate after rounding).
 */
export function convexPieces(f: readonly number[]): number[][] | null {
  const n = f.length / 2;
  // Drop collinear vertices first: they neither make ears nor change the shape.
  let ring = Array.from({ length: n }, (_, i) => i).filter(
    (i) => cross(f, (i + n - 1) % n, i, (i + 1) % n) !== 0,
  );
  if (ring.length < 3) return null;
  const tris: number[][] = [];
  while (ring.length > 3) {
    const m = ring.length;
    let clipped = false;
    for (let k = 0; k < m; k++) {
      const a = ring[(k + m - 1) % m];
      const b = ring[k];
      const c = ring[(k + 1) % m];
      if (cross(f, a, b, c) <= 0) continue;
      let blocked = false;
      for (const p of ring) {
        if (p === a || p === b || p === c) continue;
        if (inTriangle(f, p, a, b, c)) {
          blocked = true;
          break;
        }
      }
      if (blocked) continue;
      tris.push([a, b, c]);
      ring = ring.filter((_, i) => i !== k);
      clipped = true;
      break;
    }
    if (!clipped) return null;
  }
  tris.push(ring);
  // Merge pieces across shared diagonals while the result stays convex.
  const pieces = tris;
  let merged = true;
  while (merged) {
    merged = false;
    outer: for (let i = 0; i < pieces.length; i++) {
      const A = pieces[i];
      for (let ai = 0; ai < A.length; ai++) {
        const u = A[ai];
        const v = A[(ai + 1) % A.length];
        for (let j = i + 1; j < pieces.length; j++) {
          const B = pieces[j];
          const bi = B.indexOf(v);
          if (bi < 0 || B[(bi + 1) % B.length] !== u) continue;
          // A walks v .. u the long way round, B walks u .. v: join them without repeating u and v.
          const path: number[] = [];
          for (let k = 0; k < A.length; k++) path.push(A[(ai + 1 + k) % A.length]);
          for (let k = 2; k < B.length; k++) path.push(B[(bi + k) % B.length]);
          if (!convexPiece(f, path)) continue;
          pieces[i] = path;
          pieces.splice(j, 1);
          merged = true;
          break outer;
        }
      }
    }
  }
  return pieces;
}
