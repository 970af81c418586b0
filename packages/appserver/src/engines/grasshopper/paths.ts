// Where a binding reads from the inputs or writes into the outputs: a JSON pointer (`/parcel/coordinates`,
// RFC 6901), a JSONPath subset (`$.parcel.coordinates`, `$['a b'][0]`, `$.items[*].x`), or the legacy dotted
// form (`parcel.coordinates`). A wildcard yields every match, so its binding becomes a list.

export type PathStep = string | number | '*';

function unescapePointer(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Parses a binding's path; throws an Error naming what is wrong. */
export function parsePath(path: string): PathStep[] {
  if (path === '' || path === '$') return [];
  if (path.startsWith('/')) {
    return path
      .slice(1)
      .split('/')
      .map((s) => unescapePointer(s));
  }
  const steps: PathStep[] = [];
  let rest = path.startsWith('$') ? path.slice(1) : `.${path}`;
  // Each token: its pattern and the step it makes.
  const tokens: [RegExp, (m: RegExpExecArray) => PathStep][] = [
    [/^\.([A-Za-z_][A-Za-z0-9_-]*)/, (m) => m[1]],
    [/^\.\*|^\[\*\]/, () => '*'],
    [/^\[(\d+)\]/, (m) => Number(m[1])],
    [/^\['((?:[^'\\]|\\.)*)'\]/, (m) => m[1].replace(/\\(.)/g, '$1')],
  ];
  while (rest.length) {
    let matched: RegExpExecArray | null = null;
    for (const [re, step] of tokens) {
      matched = re.exec(rest);
      if (matched) {
        steps.push(step(matched));
        break;
      }
    }
    if (!matched) throw new Error(`unsupported path ${JSON.stringify(path)} at ${JSON.stringify(rest)}`);
    rest = rest.slice(matched[0].length);
  }
  return steps;
}

export function hasWildcard(steps: PathStep[]): boolean {
  return steps.includes('*');
}

/** Every value at `steps` (one for a plain path; any number for a wildcard). Missing -> []. */
export function readPath(root: unknown, steps: PathStep[]): unknown[] {
  let current: unknown[] = [root];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of current) {
      if (step === '*') {
        if (Array.isArray(v)) next.push(...v);
        else if (v !== null && typeof v === 'object') next.push(...Object.values(v));
      } else if (v !== null && typeof v === 'object') {
        const key = Array.isArray(v) && /^\d+$/.test(String(step)) ? Number(step) : step;
        if (Object.hasOwn(v, key)) next.push((v as Record<string | number, unknown>)[key]);
      }
    }
    current = next;
  }
  return current;
}

/** Sets the value at a plain path, creating objects on the way. */
export function writePath(root: Record<string, unknown>, steps: PathStep[], value: unknown): void {
  if (steps.length === 0) throw new Error('an output binding needs a path below the root');
  let target: Record<string | number, unknown> = root;
  for (let i = 0; i < steps.length - 1; i++) {
    const step = steps[i];
    if (step === '*') throw new Error('output paths cannot use wildcards');
    const child = target[step];
    if (child === null || typeof child !== 'object') target[step] = {};
    target = target[step] as Record<string | number, unknown>;
  }
  const last = steps.at(-1)!;
  if (last === '*') throw new Error('output paths cannot use wildcards');
  target[last] = value;
}
