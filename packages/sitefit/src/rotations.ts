// The rotations sitefit@1.0.0 tries (shared by the solver and the work estimate).
import { SitefitDomainError } from './errors.ts';

/** The rotations sitefit@1.0.0 tries: min, min + step, ... up to max inclusive. */
export function rotationList(rotation: { min: number; max: number; step: number }): number[] {
  const { min, max, step } = rotation;
  if (![min, max, step].every(Number.isFinite) || min > max) {
    throw new SitefitDomainError(
      'INVALID_ROTATION_RANGE',
      `rotation.min (${min}) is greater than rotation.max (${max}).`,
      '/rotation',
      'Give min <= max, in degrees.',
    );
  }
  if (!(step > 0)) {
    throw new SitefitDomainError(
      'INVALID_ROTATION_RANGE',
      `rotation.step must be positive (got ${step}).`,
      '/rotation/step',
      'Use a step of at least 0.1 degrees.',
    );
  }
  const out: number[] = [];
  for (let k = 0; ; k++) {
    const deg = Math.round((min + k * step) * 1e9) / 1e9;
    if (deg > max + 1e-9) break;
    out.push(deg);
  }
  return out;
}
