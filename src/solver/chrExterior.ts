/**
 * The exterior of a CHR particle (psi < GRADIENT_SURFACE): fictitious cells that carry c on beyond the
 * particle's surface, so that the rate field the Fourier-diagonal implicit step filters stays smooth there
 * (docs/electrochemistry.md, "CHR particles"). They exchange Li with the particle only through faces of
 * weight psi_f < 0.01, hold no reaction sites (smoothedBoundary.ts, particleSites), and nothing physical
 * sets their c.
 *
 * With the particle's own free energy they phase-separate wherever the surface's mu lies in the
 * miscibility gap: c ~ 0 and c ~ 1 domains whose layout depends on the time step, and whose slow exchange
 * with the surface cells made the late voltage curve of `lfp-particle-chr` step-dependent
 * (docs/electrochemistry.md, "The exterior: one phase, no sites"). So the exterior's chemical potential is
 * convexified, f'(c) + B (c - 1/2): it then follows the surface's mu as the one c of a single phase, by
 * smooth diffusion. For the regular solution with the lattice mobility B is about 2 Omega, the ideal
 * solution kT ln(c / (1 - c)), at the particle's stabiliser bound M(c) (f''(c) + B) <= 4 kT.
 */
import { freeEnergy, LOG_CLAMP, type FreeEnergy } from '../physics/freeEnergy.ts';
import type { Spec } from '../scene/resolve.ts';
import { GRADIENT_SURFACE, type SmoothedBoundary } from './smoothedBoundary.ts';

/** c at which the stabiliser and the convexity are sampled (lattice mobility: all of (0, 1); constant: 1 % .. 99 %). */
export function mobilitySamples(lattice: boolean): { c: number; mobility: number }[] {
  return Array.from({ length: 999 }, (_, k) => {
    const i = k + 1;
    const c = lattice ? i / 1000 : 0.01 + (0.98 * i) / 1000;
    return { c, mobility: lattice ? 4 * c * (1 - c) : 1 };
  });
}

/**
 * B >= 0 of the exterior's f'(c) + B (c - 1/2): 0 for a convex f. Otherwise the largest B between -min f''
 * (convex) and -2 min f'' (f'' + B >= |min f''|) that raises max M (f'' + B) by at most 1 % over the
 * particle's max M f'', so that the stabiliser barely moves (regular solution, lattice mobility: about
 * 2 Omega, the ideal solution); -2 min f'' when none does (the stabiliser then covers the exterior).
 */
export function exteriorConvexity(f: FreeEnergy, lattice: boolean): number {
  const samples = mobilitySamples(lattice).map(({ c, mobility }) => ({ mobility, curvature: f.d2f(c) }));
  const lowest = Math.min(...samples.map((s) => s.curvature));
  if (lowest >= 0) return 0;
  const bound = (b: number) => Math.max(...samples.map(({ mobility, curvature }) => mobility * (curvature + b)));
  const limit = 1.01 * bound(0);
  if (bound(-lowest) > limit) return -2 * lowest;
  let [lo, hi] = [-lowest, -2 * lowest];
  if (bound(hi) <= limit) return hi;
  for (let k = 0; k < 40; k++) {
    const mid = (lo + hi) / 2;
    if (bound(mid) <= limit) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** B of a scene's exterior (internal units). */
export function chrExteriorConvexity(spec: Spec): number {
  return exteriorConvexity(freeEnergy(spec.internal.freeEnergy), spec.mobilityForm === 'lattice');
}

/**
 * The initial state with the exterior in equilibrium with the particle: each cell below GRADIENT_SURFACE
 * takes the c at which its convexified chemical potential f'(c) + B (c - 1/2) equals f'(c) of its nearest
 * particle cell (psi >= 1/2). Without it a uniform particle is not at rest: its exterior starts off its
 * own equilibrium and trades Li with the surface cells (a LiFePO4 particle at c = 0.3 drifted 2.3 mV from
 * its OCV in 100 s). Unchanged when B = 0. Bisection in (LOG_CLAMP, 1 - LOG_CLAMP): the function increases.
 */
export function equilibrateExterior(concentration: Float64Array, boundary: Pick<SmoothedBoundary, 'psi' | 'nearestInside'>, f: FreeEnergy, convexity: number): Float64Array {
  if (convexity === 0) return concentration;
  const exteriorPotential = (c: number) => f.df(c) + convexity * (c - 0.5);
  return concentration.map((c, i) => {
    if (boundary.psi[i] >= GRADIENT_SURFACE) return c;
    const target = f.df(concentration[boundary.nearestInside[i]]);
    let [lo, hi] = [LOG_CLAMP, 1 - LOG_CLAMP];
    for (let k = 0; k < 60; k++) {
      const mid = (lo + hi) / 2;
      if (exteriorPotential(mid) < target) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  });
}
