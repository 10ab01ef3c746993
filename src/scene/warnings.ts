/**
 * Checks that are not errors but usually mean a wasted run. A diffuse interface between the two
 * coexisting phases c1 < c2 has width  W = (c2 - c1) / max|dc/dx|,  and by equipartition of bulk and
 * gradient energy across a flat interface (Cahn & Hilliard, J. Chem. Phys. 28 (1958) 258)
 * max|dc/dx| = sqrt(2 df_max / kappa), with df_max the barrier of f above its common tangent.
 * Under about two cells the interface is under-resolved (grid pinning, anisotropy): we say so, with the fix.
 */
import { commonTangent, freeEnergy } from '../physics/freeEnergy.ts';
import type { Spec } from './resolve.ts';

/** Interface width in cells along x, or null when f has no miscibility gap. */
export function interfaceWidthCells(spec: Spec): number | null {
  const fe = freeEnergy(spec.internal.freeEnergy);
  const gap = commonTangent(fe);
  if (!gap) return null;
  const [c1, c2] = gap;
  const slope = (fe.f(c2) - fe.f(c1)) / (c2 - c1);
  let barrier = 0;
  for (let i = 0; i <= 400; i++) {
    const c = c1 + ((c2 - c1) * i) / 400;
    barrier = Math.max(barrier, fe.f(c) - (fe.f(c1) + slope * (c - c1)));
  }
  if (barrier <= 0) return null;
  return (c2 - c1) / Math.sqrt((2 * barrier) / spec.internal.kappa); // internal units: dx = 1
}

export function interfaceWarnings(spec: Spec): string[] {
  const width = interfaceWidthCells(spec);
  if (width === null || width >= 2) return [];
  const factor = 2 / width;
  return [
    `the phase interface is only ${width.toFixed(2)} cells wide (about 2 or more are needed): ` +
      `use about ${Math.ceil(spec.shape[0] * factor)} cells along x for the same box, or a ${(factor * factor).toFixed(1)}x larger model.kappa`,
  ];
}
