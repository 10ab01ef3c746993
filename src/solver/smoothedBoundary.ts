/**
 * The host-side geometry of a CHR particle (smoothed-boundary method, Yu, Chen & Thornton, Modelling
 * Simul. Mater. Sci. Eng. 20 (2012) 075008; DESIGN.md 3.5), float64, computed once per scene:
 *
 *   psi_r = max(psi, PSI_MIN)            the regularised indicator (1 inside, PSI_MIN far outside);
 *                                        the solver divides by it (c = u / psi_r)
 *   nearest inside                       for a cell outside (psi < 1/2) the nearest cell inside (psi >= 1/2),
 *                                        itself inside: the constant extension of a surface value outward
 *                                        (the coherency potential, cahnHilliardReaction.ts)
 *   w     = |grad psi|                   the reaction-site density, reactive area per volume (1/length):
 *                                        it integrates to the particle's surface area (coarea formula),
 *                                        so the surface flux R becomes the volume source w R / rho_s;
 *                                        a composite electrode supplies its own (geometry.ts,
 *                                        reactionSiteDensity: TPB band or active/electrolyte interface)
 *
 * grad psi is spectral (psi is smooth over ~3 cells; the periodic box is the solver's), the Nyquist
 * component dropped as in the GPU's spectral derivatives. Particle volume V = sum psi_r dV and surface
 * area A = sum w dV are the discrete sums the GPU uses, so the charge of a full particle F rho_s V and
 * the current density I / A agree with the GPU's capacity to rounding. (A 2D scene is a prism of unit
 * depth: V an area, A a perimeter.)
 */
import { fftNd, realToComplex } from '../fft/reference.ts';
import type { Spec } from '../scene/resolve.ts';
import { particleIndicator, reactionSiteDensity } from './geometry.ts';

/** Floor of psi where the solver divides by it (DESIGN.md 3.5: "regularise psi >= psi_min"). */
export const PSI_MIN = 1e-3;

/**
 * psi of the surface that bounds the particle in the gradient term of mu (chr_potential.wgsl): no
 * (c_j - c_i) crosses it, so the particle obeys n . grad c = 0 there (no wetting) and the exterior does not
 * pull on the surface cells. Beyond it the exterior has a convexified free energy (chrExterior.ts) and no
 * reaction sites (particleSites below). Low enough that the tail beyond it holds only ~1.5 % of |grad psi|
 * (a tanh profile, w ~ psi (1 - psi)).
 */
export const GRADIENT_SURFACE = 0.01;

export interface SmoothedBoundary {
  /** psi_r = max(psi, PSI_MIN), x fastest */
  psi: Float64Array;
  /**
   * per cell the index of the nearest cell with psi >= 1/2 (in nearest-neighbour steps across the periodic
   * box; its own index inside), x fastest
   */
  nearestInside: Uint32Array;
  /** reaction-site density w [1/length, scene units]; for a shape 0 below GRADIENT_SURFACE (particleSites) */
  siteDensity: Float64Array;
  /** sum psi_r dV [scene length^dims] */
  particleVolume: number;
  /** sum w dV [scene length^(dims-1)] */
  surfaceArea: number;
  /** dims V / A: the radius of a sphere or circle (the diffusion length of the Damkohler number) */
  length: number;
}

const cache = new WeakMap<Spec, SmoothedBoundary | null>();

/** The particle's smoothed boundary, or undefined when the scene has no geometry. Cached per spec. */
export function smoothedBoundary(spec: Spec): SmoothedBoundary | undefined {
  if (!cache.has(spec)) cache.set(spec, compute(spec) ?? null);
  return cache.get(spec) ?? undefined;
}

/** Spectral gradient of a real periodic field (per axis, scene units), float64. */
export function spectralGradient(field: Float64Array, shape: readonly number[], size: readonly number[]): Float64Array[] {
  const n = field.length;
  const spectrum = fftNd(realToComplex(field), shape);
  const [nx, ny, nz = 1] = shape;
  return shape.map((m, axis) => {
    const d = new Float64Array(2 * n);
    for (let z = 0; z < nz; z++)
      for (let y = 0; y < ny; y++)
        for (let x = 0; x < nx; x++) {
          const index = x + nx * (y + ny * z);
          const i = [x, y, z][axis];
          // signed mode number; the Nyquist mode has no first derivative on the grid
          const mode = 2 * i === m ? 0 : i > m / 2 ? i - m : i;
          const k = (2 * Math.PI * mode) / size[axis];
          // i k (a + i b) = -k b + i k a
          d[2 * index] = -k * spectrum[2 * index + 1];
          d[2 * index + 1] = k * spectrum[2 * index];
        }
    const real = fftNd(d, shape, true);
    return Float64Array.from({ length: n }, (_, j) => real[2 * j]);
  });
}

function compute(spec: Spec): SmoothedBoundary | undefined {
  const raw = particleIndicator(spec);
  if (!raw) return undefined;
  const shape = spec.shape;
  const size = spec.size;
  const psi = Float64Array.from(raw, (v) => Math.max(v, PSI_MIN));
  const gradient = spectralGradient(raw, shape, size);
  const siteDensity = reactionSiteDensity(spec) ?? particleSites(Float64Array.from(raw, (_, i) => Math.hypot(...gradient.map((g) => g[i]))), psi);
  const cellVolume = spec.spacing.reduce((a, b) => a * b, 1);
  const particleVolume = psi.reduce((s, v) => s + v, 0) * cellVolume;
  const surfaceArea = siteDensity.reduce((s, v) => s + v, 0) * cellVolume;
  if (!(surfaceArea > 0)) throw new Error('geometry: the particle has no surface on the grid (reaction-site density sums to 0)');
  const nearestInside = nearestInsideCells(raw, shape);
  return { psi, nearestInside, siteDensity, particleVolume, surfaceArea, length: (spec.dims * particleVolume) / surfaceArea };
}

/**
 * The reaction sites of a shape: |grad psi| on the particle's side of its surface psi = GRADIENT_SURFACE,
 * rescaled so that their sum (the reactive area) stays that of |grad psi| over the whole box. The ~1.5 %
 * of the sites in the tail beyond (psi < 0.01) sat on fictitious cells whose c no physics sets (the
 * exterior, src/solver/chrExterior.ts): there they reacted at rates of their own, and moved the
 * LiFePO4 particle's voltage by up to 10 mV once the exterior no longer phase-separated
 * (docs/electrochemistry.md, "The exterior: one phase, no sites").
 */
function particleSites(gradientNorm: Float64Array, psi: Float64Array): Float64Array {
  const total = gradientNorm.reduce((a, v) => a + v, 0);
  const kept = gradientNorm.map((v, i) => (psi[i] >= GRADIENT_SURFACE ? v : 0));
  const keptTotal = kept.reduce((a, v) => a + v, 0);
  return keptTotal > 0 ? kept.map((v) => (v * total) / keptTotal) : gradientNorm;
}

/**
 * For every cell the index of a nearest cell with psi >= 1/2: a breadth-first search from all inside cells
 * at once over the faces of the periodic grid, so each outside cell inherits the source of the neighbour
 * that reached it first (nearest in face steps, the Manhattan metric; ties by search order). O(cells).
 */
export function nearestInsideCells(psi: Float64Array, shape: readonly number[]): Uint32Array {
  const [nx, ny, nz = 1] = shape;
  const n = psi.length;
  const source = new Uint32Array(n).fill(0xffffffff);
  const queue = new Uint32Array(n);
  let tail = 0;
  for (let i = 0; i < n; i++) {
    if (psi[i] >= 0.5) {
      source[i] = i;
      queue[tail++] = i;
    }
  }
  if (tail === 0) throw new Error('geometry: no cell of the particle has psi >= 1/2 on the grid');
  const strides = [1, nx, nx * ny];
  const sizes = [nx, ny, nz];
  for (let head = 0; head < tail; head++) {
    const i = queue[head];
    const position = [i % nx, Math.floor(i / nx) % ny, Math.floor(i / (nx * ny))];
    for (let axis = 0; axis < 3; axis++) {
      if (sizes[axis] === 1) continue;
      for (const step of [1, -1]) {
        const moved = (position[axis] + step + sizes[axis]) % sizes[axis];
        const j = i + (moved - position[axis]) * strides[axis];
        if (source[j] === 0xffffffff) {
          source[j] = source[i];
          queue[tail++] = j;
        }
      }
    }
  }
  return source;
}
