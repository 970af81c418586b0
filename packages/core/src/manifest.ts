// The manifest's limits on inputs, checked before a seat is taken: a request that can never run should not
// occupy compute, and should say which field to shrink.
import type { Contract } from './contracts.ts';
import { KudusoError } from './errors.ts';

function isPosition(v: unknown): v is number[] {
  return Array.isArray(v) && v.length >= 2 && v.length <= 3 && v.every((n) => typeof n === 'number');
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Counts every coordinate position ([x, y] or [x, y, z]) anywhere in the inputs; `field` is the JSON pointer of
 * the array holding the most of them, which is the one worth simplifying when the total is too large.
 */
export function countPositions(inputs: unknown): { count: number; field?: string } {
  let count = 0;
  let best: { field: string; n: number } | undefined;
  // Iterative walk: inputs come from clients, and deep nesting must not overflow the stack.
  const stack: { value: unknown; path: string }[] = [{ value: inputs, path: '' }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (Array.isArray(value)) {
      if (isPosition(value)) {
        count++;
        continue;
      }
      let direct = 0;
      for (let i = 0; i < value.length; i++) {
        if (isPosition(value[i])) direct++;
        else stack.push({ value: value[i], path: `${path}/${i}` });
      }
      count += direct;
      if (direct > 0 && (!best || direct > best.n)) best = { field: path, n: direct };
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value))
        stack.push({ value: v, path: `${path}/${escapePointer(k)}` });
    }
  }
  return { count, field: best?.field };
}

/** 422 MANIFEST_LIMIT when the inputs hold more vertices than manifest.max_vertices allows. */
export function enforceMaxVertices(contract: Contract, vertices: { count: number; field?: string }): void {
  const max = contract.manifest.max_vertices;
  if (typeof max !== 'number' || vertices.count <= max) return;
  throw new KudusoError('MANIFEST_LIMIT', {
    message: `The inputs have ${vertices.count} vertices; ${contract.id} allows at most ${max}.`,
    field: vertices.field,
    hint: 'Simplify the geometry (fewer vertices) and try again.',
    extra: { limit: 'max_vertices', max, actual: vertices.count },
  });
}

/** 413 when the request body is larger than manifest.max_payload_bytes. */
export function enforceMaxPayload(contract: Contract, bodyBytes: number | undefined): void {
  const max = contract.manifest.max_payload_bytes;
  if (typeof max !== 'number' || bodyBytes === undefined || bodyBytes <= max) return;
  throw new KudusoError('PAYLOAD_TOO_LARGE', {
    message: `The body is ${bodyBytes} bytes; ${contract.id} accepts at most ${max}.`,
    extra: { limit: 'max_payload_bytes', max, actual: bodyBytes },
  });
}
