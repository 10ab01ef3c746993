/**
 * The chemical potential field mu = f'(c) - kappa lap(c) + mu_el of a concentration field (mu_el of
 * homogeneous-modulus elasticity: B(n) c_hat for k != 0, and -sigmabar : eps00 for the mean), in the scene's units
 * (energy per volume and per unit of site fraction), for output frames. Float64 on the CPU with a
 * spectral Laplacian, the same discretisation as the solver; called once per written frame, never per step.
 */
import { fftNd, realToComplex } from '../fft/reference.ts';
import { freeEnergy } from '../physics/freeEnergy.ts';
import type { Spec } from '../scene/resolve.ts';
import { khachaturyanB } from '../physics/elasticity.ts';

export function chemicalPotentialField(spec: Spec, concentration: ArrayLike<number>): Float32Array {
  const shape = spec.shape;
  const n = concentration.length;
  const spectrum = fftNd(realToComplex(concentration), shape);
  // The exact homogeneous-modulus term only: with inhomogeneous moduli mu_el lives in the iterative
  // solver's real-space kernel (elastic_potential.wgsl) and is not part of this output field.
  const elastic = spec.elasticity?.homogeneous ? spec.elasticity : undefined;
  let meanElastic = 0;
  if (elastic) {
    let cMean = 0;
    for (let i = 0; i < n; i++) cMean += concentration[i];
    cMean /= n;
    const sigma = elastic.mean.meanStress(cMean - elastic.referenceConcentration);
    const e = elastic.eigenstrain;
    meanElastic = -(sigma[0] * e[0] + sigma[1] * e[1] + sigma[2] * e[2] + 2 * (sigma[3] * e[3] + sigma[4] * e[4] + sigma[5] * e[5]));
  }
  const signed = (i: number, m: number) => (i > m / 2 ? i - m : i);
  const [nx, ny, nz = 1] = shape;
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const index = x + nx * (y + ny * z);
        const k = [x, y, z].slice(0, shape.length).map((i, d) => (2 * Math.PI * signed(i, shape[d])) / spec.size[d]);
        const k2 = k.reduce((sum, v) => sum + v * v, 0);
        // -kappa lap c  ->  +kappa k^2 c_hat;  mu_el_hat = B(n) c_hat
        let factor = spec.kappa * k2;
        if (elastic && k2 > 0) factor += khachaturyanB(elastic.stiffness, elastic.eigenstrain, [...k, 0, 0].slice(0, 3).map((v) => v / Math.sqrt(k2)));
        spectrum[2 * index] *= factor;
        spectrum[2 * index + 1] *= factor;
      }
  const gradientTerm = fftNd(spectrum, shape, true);
  const fe = freeEnergy(spec.freeEnergy);
  const mu = new Float32Array(n);
  for (let i = 0; i < n; i++) mu[i] = fe.df(concentration[i]) + gradientTerm[2 * i] + meanElastic;
  return mu;
}
