/** Initial concentration fields, computed in float64 on the CPU (x fastest), then uploaded. */
import type { Spec } from '../scene/resolve.ts';
import { mulberry32 } from '../physics/random.ts';
import { shapeIndicator } from './geometry.ts';
import { chrExteriorConvexity, equilibrateExterior } from './chrExterior.ts';
import { smoothedBoundary } from './smoothedBoundary.ts';
import { freeEnergy } from '../physics/freeEnergy.ts';
import { electrochemistryOf } from '../scene/resolveElectrochemistry.ts';

/**
 * PFHub benchmark 1a initial condition (Jokisaari et al. 2017), x and y in the scene's length unit:
 * c = c0 + eps [cos(0.105x)cos(0.11y) + (cos(0.13x)cos(0.087y))^2 + cos(0.025x - 0.15y)cos(0.07x - 0.02y)].
 * Evaluated at the cell positions x = i dx (it is not periodic; the benchmark says so).
 */
export function pfhubBm1a(x: number, y: number, c0: number, epsilon: number): number {
  return (
    c0 +
    epsilon *
      (Math.cos(0.105 * x) * Math.cos(0.11 * y) +
        (Math.cos(0.13 * x) * Math.cos(0.087 * y)) ** 2 +
        Math.cos(0.025 * x - 0.15 * y) * Math.cos(0.07 * x - 0.02 * y))
  );
}

/**
 * PFHub benchmark 6 initial condition (the benchmark 6 notebook): benchmark 1a's formula with cos(0.2 x)
 * in place of cos(0.105 x), amplitude c1:
 * c = c0 + c1 [cos(0.2x)cos(0.11y) + (cos(0.13x)cos(0.087y))^2 + cos(0.025x - 0.15y)cos(0.07x - 0.02y)].
 */
export function pfhubBm6(x: number, y: number, c0: number, c1: number): number {
  return (
    c0 +
    c1 *
      (Math.cos(0.2 * x) * Math.cos(0.11 * y) +
        (Math.cos(0.13 * x) * Math.cos(0.087 * y)) ** 2 +
        Math.cos(0.025 * x - 0.15 * y) * Math.cos(0.07 * x - 0.02 * y))
  );
}

/**
 * The scene's initial c per cell (x fastest). A CHR particle's exterior (psi < 0.01) starts in equilibrium
 * with its nearest particle cell (chrExterior.ts, equilibrateExterior), so that a particle at rest stays at
 * rest and the inserted charge counts from this state.
 */
export function initialConcentration(spec: Spec): Float64Array {
  const c = sceneConcentration(spec);
  const ec = electrochemistryOf(spec);
  const boundary = ec?.reaction.mode === 'chr' ? smoothedBoundary(spec) : undefined;
  return boundary ? equilibrateExterior(c, boundary, freeEnergy(spec.internal.freeEnergy), chrExteriorConvexity(spec)) : c;
}

function sceneConcentration(spec: Spec): Float64Array {
  const [nx, ny, nz = 1] = spec.shape;
  const [dx, dy, dz = 0] = spec.spacing;
  const out = new Float64Array(nx * ny * nz);
  const ic = spec.scene.initial;
  if (ic.kind === 'precipitate') {
    // a physical interface width is converted to cells of this grid (the indicator's smallest spacing)
    const h = Math.min(...spec.spacing);
    const shape = ic.interfaceWidth !== undefined ? { ...ic.shape, interfaceCells: ic.interfaceWidth / h } : ic.shape;
    return shapeIndicator(shape, spec).map((psi) => ic.outside + (ic.inside - ic.outside) * psi);
  }
  const random = ic.kind === 'noise' ? mulberry32(ic.seed) : undefined;
  // Sample points: x = i dx on periodic axes (the lattice the Fourier basis sees), the cell centres
  // x = (i + 1/2) dx between walls at 0 and L (the grid of the cosine basis, docs/boundaries.md).
  const offset = spec.boundary.map((b) => (b === 'periodic' ? 0 : 0.5));
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const index = i + nx * (j + ny * k);
        switch (ic.kind) {
          case 'pfhub-bm1a':
            out[index] = pfhubBm1a((i + offset[0]) * dx, (j + offset[1]) * dy, ic.c0, ic.epsilon);
            break;
          case 'pfhub-bm6':
            out[index] = pfhubBm6((i + offset[0]) * dx, (j + offset[1]) * dy, ic.c0, ic.c1);
            break;
          case 'uniform':
            out[index] = ic.value;
            break;
          case 'noise':
            out[index] = ic.mean + ic.amplitude * (2 * random!() - 1);
            break;
          case 'cosine': {
            const [mx, my, mz = 0] = ic.modes;
            const phase = 2 * Math.PI * (mx * (i / nx) + my * (j / ny) + mz * (nz > 1 ? k / nz : 0));
            out[index] = ic.mean + ic.amplitude * Math.cos(phase);
            break;
          }
        }
      }
    }
  }
  void dz;
  return out;
}
