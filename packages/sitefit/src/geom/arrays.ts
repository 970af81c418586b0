// Reductions over arrays whose length comes from the input. `Math.max(...xs)` and `out.push(...xs)` pass every
// element as a call argument and overflow the stack past ~100k elements (a 2.0.0 solve at rotation step 0.1
// has ~10^6 candidates), so the package uses these loops instead.

/** The largest f(x) over xs (or of xs themselves), `empty` when there are none. */
export function maxOf<T>(xs: readonly T[], f: (x: T) => number, empty = Number.NEGATIVE_INFINITY): number {
  let m = empty;
  for (let i = 0; i < xs.length; i++) {
    const v = f(xs[i]);
    if (v > m) m = v;
  }
  return m;
}

/** The smallest f(x) over xs, `empty` when there are none. */
export function minOf<T>(xs: readonly T[], f: (x: T) => number, empty = Number.POSITIVE_INFINITY): number {
  let m = empty;
  for (let i = 0; i < xs.length; i++) {
    const v = f(xs[i]);
    if (v < m) m = v;
  }
  return m;
}

/** Appends every element of src to out (in place), returns out. */
export function pushAll<T>(out: T[], src: readonly T[]): T[] {
  for (let i = 0; i < src.length; i++) out.push(src[i]);
  return out;
}
