/**
 * The float64 twin of the CHR particle's chemical potential (cahnHilliardReaction.ts, chr_potential.wgsl,
 * chr_elastic_potential.wgsl), in the scene's units (energy per volume and per unit site fraction):
 *
 *   mu_i = f'(c_i) - kappa sum_faces s_ij (c_j - c_i) / h^2 + m_{nearest(i)} - (1/V) sum_j w_j m_j
 *   s_ij = 1 when psi_i and psi_j lie on the same side of GRADIENT_SURFACE, else 0 (no wetting)
 *   m    = IFFT[B(n) theta_hat],  theta = w (c - cbar),  cbar = sum w c / sum w
 *   nearest(i) = i inside (psi >= 1/2), the nearest inside cell outside
 *
 * with psi the regularised indicator of smoothedBoundary.ts, w = psi where psi >= GRADIENT_SURFACE and 0 in
 * the exterior (chr_particle_content.wgsl), and V = sum w (the last term is the energy's variation through
 * cbar). Also the coherency energy (1/2N) sum_k B(n) |theta_hat|^2.
 * For output frames and tests; called once per frame, never per step.
 */
import { fftNd, realToComplex } from '../fft/reference.ts';
import { freeEnergy } from '../physics/freeEnergy.ts';
import { khachaturyanB } from '../physics/elasticity.ts';
import type { Spec } from '../scene/resolve.ts';
import { GRADIENT_SURFACE, smoothedBoundary } from './smoothedBoundary.ts';
import { exteriorConvexity } from './chrExterior.ts';

export interface ChrCoherency {
  /** m = IFFT[B(n) theta_hat] per cell, not yet extended outward [scene energy density] */
  potential: Float64Array;
  /** (1/2N) sum_k B |theta_hat|^2 times the cell volume [scene energy (per unit depth in 2D)] */
  energy: number;
  /** -(1/V) sum_j psi_j m_j, the uniform part of mu_el [scene energy density] */
  uniformTerm: number;
}

/** The coherency part of a CHR particle with homogeneous-modulus elasticity (undefined without). */
export function chrCoherency(spec: Spec, concentration: ArrayLike<number>): ChrCoherency | undefined {
  const elastic = spec.elasticity?.homogeneous ? spec.elasticity : undefined;
  if (!elastic) return undefined;
  const weight = Float64Array.from(smoothedBoundary(spec)!.psi, (p) => (p >= GRADIENT_SURFACE ? p : 0));
  const n = concentration.length;
  let content = 0;
  let volume = 0;
  for (let i = 0; i < n; i++) {
    content += weight[i] * concentration[i];
    volume += weight[i];
  }
  const mean = content / volume;
  const theta = Float64Array.from(weight, (w, i) => w * (concentration[i] - mean));
  const spectrum = fftNd(realToComplex(theta), spec.shape);
  const signed = (i: number, m: number) => (i > m / 2 ? i - m : i);
  const [nx, ny, nz = 1] = spec.shape;
  let energy = 0;
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const index = x + nx * (y + ny * z);
        const k = [x, y, z].slice(0, spec.shape.length).map((i, d) => (2 * Math.PI * signed(i, spec.shape[d])) / spec.size[d]);
        const k2 = k.reduce((sum, v) => sum + v * v, 0);
        const b = k2 > 0 ? khachaturyanB(elastic.stiffness, elastic.eigenstrain, [...k, 0, 0].slice(0, 3).map((v) => v / Math.sqrt(k2))) : 0;
        energy += b * (spectrum[2 * index] ** 2 + spectrum[2 * index + 1] ** 2);
        spectrum[2 * index] *= b;
        spectrum[2 * index + 1] *= b;
      }
  const real = fftNd(spectrum, spec.shape, true);
  const potential = Float64Array.from({ length: n }, (_, i) => real[2 * i]);
  let weighted = 0;
  for (let i = 0; i < n; i++) weighted += weight[i] * potential[i];
  const cellVolume = spec.spacing.reduce((a, v) => a * v, 1);
  return { potential, energy: (energy / (2 * n)) * cellVolume, uniformTerm: -weighted / volume };
}

/** mu of a CHR particle's state c (float64 in, float32 out, x fastest), as the GPU step computes it. */
export function chrChemicalPotentialField(spec: Spec, concentration: ArrayLike<number>): Float32Array {
  const boundary = smoothedBoundary(spec)!;
  const psi = boundary.psi;
  const coherency = chrCoherency(spec, concentration);
  const fe = freeEnergy(spec.freeEnergy);
  const shape = [spec.shape[0], spec.shape[1], spec.shape[2] ?? 1];
  const strides = [1, shape[0], shape[0] * shape[1]];
  const inside = (i: number) => psi[i] >= GRADIENT_SURFACE;
  const exterior = exteriorConvexity(fe, spec.mobilityForm === 'lattice');
  const mu = new Float32Array(concentration.length);
  for (let i = 0; i < mu.length; i++) {
    const position = [i % shape[0], Math.floor(i / shape[0]) % shape[1], Math.floor(i / (shape[0] * shape[1]))];
    let laplacian = 0;
    for (let axis = 0; axis < spec.shape.length; axis++) {
      for (const step of [1, -1]) {
        const moved = (position[axis] + step + shape[axis]) % shape[axis];
        const j = i + (moved - position[axis]) * strides[axis];
        if (inside(i) === inside(j)) laplacian += (concentration[j] - concentration[i]) / spec.spacing[axis] ** 2;
      }
    }
    mu[i] = fe.df(concentration[i]) + (inside(i) ? 0 : exterior * (concentration[i] - 0.5)) - spec.kappa * laplacian + (coherency ? coherency.potential[boundary.nearestInside[i]] + coherency.uniformTerm : 0);
  }
  return mu;
}
