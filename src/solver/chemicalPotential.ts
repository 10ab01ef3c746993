/**
 * The chemical potential field mu = f'(c) - kappa lap(c) of a concentration field, in the scene's units
 * (energy per volume and per unit of site fraction), for output frames. Float64 on the CPU with a
 * spectral Laplacian, the same discretisation as the solver; called once per written frame, never per step.
 */
import { fftNd, realToComplex } from '../fft/reference.ts';
import { freeEnergy } from '../physics/freeEnergy.ts';
import type { Spec } from '../scene/resolve.ts';

export function chemicalPotentialField(spec: Spec, concentration: ArrayLike<number>): Float32Array {
  const shape = spec.shape;
  const n = concentration.length;
  const spectrum = fftNd(realToComplex(concentration), shape);
  const signed = (i: number, m: number) => (i > m / 2 ? i - m : i);
  const [nx, ny, nz = 1] = shape;
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const index = x + nx * (y + ny * z);
        let k2 = 0;
        [x, y, z].slice(0, shape.length).forEach((i, d) => {
          k2 += ((2 * Math.PI * signed(i, shape[d])) / spec.size[d]) ** 2;
        });
        // -kappa lap c  ->  +kappa k^2 c_hat
        spectrum[2 * index] *= spec.kappa * k2;
        spectrum[2 * index + 1] *= spec.kappa * k2;
      }
  const gradientTerm = fftNd(spectrum, shape, true);
  const fe = freeEnergy(spec.freeEnergy);
  const mu = new Float32Array(n);
  for (let i = 0; i < n; i++) mu[i] = fe.df(concentration[i]) + gradientTerm[2 * i];
  return mu;
}
