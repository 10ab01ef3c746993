/**
 * Float64 CPU twin of the GPU's inhomogeneous elastic solvers (src/solver/elasticCg.ts,
 * src/solver/elasticFixedPoint.ts): periodic small-strain elasticity with a stiffness C(x) and an
 * eigenstress tau(x) per cell, sigma = C(x) : eps - tau(x), on a 2D or 3D grid, with the same mixed
 * mean conditions (each mean component strain- or stress-controlled). For small grids and for tests.
 *
 * Discretisations (the Green operator, DESIGN.md 3.4):
 *   continuous  n = k / |k| (Moulinec & Suquet, CMAME 157 (1998) 69)
 *   willot      n = r / |r| with r_j = (2 / h_j) sin(th_j / 2) prod_{m != j} cos(th_m / 2), th = 2 pi m / N:
 *               Willot's rotated (staggered) scheme, C. R. Mecanique 343 (2015) 232, eq. (12). His
 *               complex frequency k_j = (e^{i th_j} - 1) prod_{m != j} (e^{i th_m} + 1) / 2 / h_j equals
 *               i e^{i (th_1 + th_2 + th_3) / 2} r_j: one phase common to all components, which cancels in
 *               Gamma(k) = sym(k (x) A(k)^-1 (tau conj(k))), A = C0 : (conj(k) (x) k). So the rotated
 *               operator is the continuous formula at the real direction r / |r|. Where r = 0 with
 *               k != 0 (two axes at Nyquist: the rotated grid's hourglass modes) Gamma = 0.
 * Solvers:
 *   cg     conjugate gradients on the Galerkin-projected Lippmann-Schwinger system, reference-free
 *          (Zeman, Vondrejc, Novak & Marek, J. Comput. Phys. 229 (2010) 8065; de Geus, Vondrejc, Zeman,
 *          Peerlings & Geers, CMAME 318 (2017) 412): G' (C : eps) = G' (tau + sigma_target), with G' the
 *          orthogonal projection (reference medium I_s) onto compatible zero-mean fields plus the
 *          stress-controlled mean components. Stops on ||G' (sigma_target - sigma)|| / ||G' sigma_load||,
 *          sigma_load the stress residual of the uniform start eps = E_P.
 *   basic  the basic fixed point eps <- eps - Gamma0 : sigma with a reference C0 and the mixed mean update
 *          d E_F = -(C0_FF)^-1 (sigmabar_F - target_F) (Moulinec & Suquet 1998).
 * Tensors are 6 TENSOR components (xx, yy, zz, yz, xz, xy); stiffnesses row-major Voigt 6x6 acting on
 * ENGINEERING shear, as everywhere in src/physics/elasticity.ts. Norms use a : b (shears twice).
 */
import { fftNd } from '../fft/reference.ts';
import type { Voigt } from './elasticity.ts';
import { greenDirection, type GreenOperatorKind } from './greenOperator.ts';

export type { GreenOperatorKind };

export type ElasticSchemeKind = 'cg' | 'basic';

/** Weight of component p in a : b and engineering factor of a strain component. */
export const SHEAR_WEIGHT = [1, 1, 1, 2, 2, 2] as const;

export interface MeanConditions {
  /** per component: true = mean strain prescribed (P), false = mean stress prescribed (F) */
  prescribed: readonly boolean[];
  /** prescribed mean strain of the P components (tensor components) */
  strain: readonly number[];
  /** prescribed mean stress of the F components */
  stress: readonly number[];
}

export interface LippmannSchwingerProblem {
  /** cells per axis, 2 or 3 entries (x fastest) */
  shape: readonly number[];
  /** grid spacing per axis */
  spacing: readonly number[];
  /** row-major Voigt 6x6 per cell (36 * cells) */
  stiffness: Float64Array;
  /** eigenstress tau per cell (6 * cells, component-major: block p holds component p of every cell) */
  eigenstress: Float64Array;
  mean: MeanConditions;
  green: GreenOperatorKind;
  scheme: ElasticSchemeKind;
  /** reference medium of the basic scheme */
  reference?: Voigt;
  tolerance: number;
  maxIterations: number;
  /** warm start: strain (6 * cells, component-major) */
  initialStrain?: Float64Array;
}

export interface LippmannSchwingerSolution {
  strain: Float64Array;
  stress: Float64Array;
  iterations: number;
  /** relative residual after each iteration (the start first) */
  residuals: number[];
}

/** Row-major 6x6 of the identity on symmetric tensors in the engineering convention: sigma_ij = eps_ij. */
export const IDENTITY_STIFFNESS: Voigt = Float64Array.from({ length: 36 }, (_, i) => (i % 7 === 0 ? (i < 18 ? 1 : 0.5) : 0)) as Voigt;

function inverse3(a: number[]): number[] {
  const [a0, a1, a2, a3, a4, a5, a6, a7, a8] = a;
  const c0 = a4 * a8 - a5 * a7;
  const c1 = a5 * a6 - a3 * a8;
  const c2 = a3 * a7 - a4 * a6;
  const det = a0 * c0 + a1 * c1 + a2 * c2;
  return [c0, a2 * a7 - a1 * a8, a1 * a5 - a2 * a4, c1, a0 * a8 - a2 * a6, a2 * a3 - a0 * a5, c2, a1 * a6 - a0 * a7, a0 * a4 - a1 * a3].map((v) => v / det);
}

/** Rows of D(n) (6 x 3): the engineering strain of displacement a along the direction n is D(n) a. */
function strainOperator(n: number[]): number[][] {
  return [
    [n[0], 0, 0],
    [0, n[1], 0],
    [0, 0, n[2]],
    [0, n[2], n[1]],
    [n[2], 0, n[0]],
    [n[1], n[0], 0],
  ];
}

/**
 * Gamma0(n) as a 6x6 map from a stress (tensor components) to a strain (tensor components) for a unit
 * direction n and reference stiffness C0: (Gamma0 : tau)_ij = 1/2 (n_i v_j + n_j v_i), v = A^-1 (tau n),
 * A = D^T C0 D. Returned row-major: strain_p = sum_q G[p][q] tau_q.
 */
export function greenMatrix(C0: Voigt, n: number[]): number[][] {
  const D = strainOperator(n);
  const A = Array(9).fill(0);
  for (let r = 0; r < 6; r++)
    for (let q = 0; q < 6; q++) {
      const c = C0[r * 6 + q];
      if (c === 0) continue;
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) A[a * 3 + b] += D[r][a] * c * D[q][b];
    }
  const Ai = inverse3(A);
  // traction t_a = sum_q D[q][a] tau_q; v = Ai t; engineering strain D v, tensor strain halves the shears
  const G = Array.from({ length: 6 }, () => Array(6).fill(0));
  for (let p = 0; p < 6; p++)
    for (let q = 0; q < 6; q++) {
      let s = 0;
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) s += D[p][a] * Ai[a * 3 + b] * D[q][b];
      G[p][q] = p >= 3 ? 0.5 * s : s;
    }
  return G;
}

/** sigma = C : e for one cell (tensor components in and out). */
function apply(C: Float64Array, offset: number, e: number[]): number[] {
  const s = Array(6).fill(0);
  for (let r = 0; r < 6; r++) {
    let acc = 0;
    for (let q = 0; q < 6; q++) acc += C[offset + r * 6 + q] * SHEAR_WEIGHT[q] * e[q];
    s[r] = acc;
  }
  return s;
}

class Spectral {
  readonly cells: number;
  readonly shape3: number[];
  /** per full-spectrum mode: the 6x6 operator (or null: zero) */
  private readonly operators: (number[][] | null)[];

  constructor(
    readonly shape: readonly number[],
    spacing: readonly number[],
    green: GreenOperatorKind,
    C0: Voigt,
    /** zero the modes with an axis at Nyquist (even N): the continuous operator is not Hermitian there */
    dropNyquist = false,
  ) {
    this.shape3 = [shape[0], shape[1], shape[2] ?? 1];
    this.cells = this.shape3[0] * this.shape3[1] * this.shape3[2];
    this.operators = new Array(this.cells);
    const [nx, ny, nz] = this.shape3;
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) {
          const index = i + nx * (j + ny * k);
          if (index === 0) {
            this.operators[index] = null;
            continue;
          }
          const r = greenDirection(green, [i, j, k], shape, spacing, { dropNyquist });
          const norm = Math.hypot(...r);
          this.operators[index] = norm > 1e-12 ? greenMatrix(C0, r.map((v) => v / norm)) : null;
        }
  }

  /** FFT of 6 real component blocks. */
  forward(field: Float64Array): Float64Array[] {
    return Array.from({ length: 6 }, (_, p) => {
      const data = new Float64Array(2 * this.cells);
      for (let i = 0; i < this.cells; i++) data[2 * i] = field[p * this.cells + i];
      return fftNd(data, this.shape);
    });
  }

  inverse(spectra: Float64Array[]): Float64Array {
    const out = new Float64Array(6 * this.cells);
    spectra.forEach((s, p) => {
      const back = fftNd(s, this.shape, true);
      for (let i = 0; i < this.cells; i++) out[p * this.cells + i] = back[2 * i];
    });
    return out;
  }

  /**
   * In place: spectra <- Gamma : spectra for k != 0; at k = 0 each component is kept when `keepMean[p]`
   * and zeroed otherwise. Returns sum over cells of a : a of the result (by Parseval).
   */
  project(spectra: Float64Array[], keepMean: readonly boolean[]): number {
    let norm = 0;
    const re = Array(6).fill(0);
    const im = Array(6).fill(0);
    for (let m = 0; m < this.cells; m++) {
      const G = this.operators[m];
      for (let p = 0; p < 6; p++) {
        re[p] = spectra[p][2 * m];
        im[p] = spectra[p][2 * m + 1];
      }
      for (let p = 0; p < 6; p++) {
        let a = 0;
        let b = 0;
        if (m === 0) {
          if (keepMean[p]) {
            a = re[p];
            b = im[p];
          }
        } else if (G) {
          for (let q = 0; q < 6; q++) {
            a += G[p][q] * re[q];
            b += G[p][q] * im[q];
          }
        }
        spectra[p][2 * m] = a;
        spectra[p][2 * m + 1] = b;
        norm += SHEAR_WEIGHT[p] * (a * a + b * b);
      }
    }
    return norm / this.cells;
  }
}

function dot(a: Float64Array, b: Float64Array, cells: number): number {
  let s = 0;
  for (let p = 0; p < 6; p++) {
    const w = SHEAR_WEIGHT[p];
    for (let i = 0; i < cells; i++) s += w * a[p * cells + i] * b[p * cells + i];
  }
  return s;
}

function stressOf(problem: LippmannSchwingerProblem, strain: Float64Array, cells: number, withEigen: boolean): Float64Array {
  const out = new Float64Array(6 * cells);
  const e = Array(6).fill(0);
  for (let i = 0; i < cells; i++) {
    for (let p = 0; p < 6; p++) e[p] = strain[p * cells + i];
    const s = apply(problem.stiffness, 36 * i, e);
    for (let p = 0; p < 6; p++) out[p * cells + i] = s[p] - (withEigen ? problem.eigenstress[p * cells + i] : 0);
  }
  return out;
}

/** Solve the periodic problem; see the header. */
export function solveLippmannSchwinger(problem: LippmannSchwingerProblem): LippmannSchwingerSolution {
  const cells = problem.shape.reduce((a, b) => a * b, 1);
  const { prescribed } = problem.mean;
  const stressControlled = prescribed.map((p) => !p);
  const strain = new Float64Array(6 * cells);
  if (problem.initialStrain) strain.set(problem.initialStrain);
  // the P means are the prescribed strains from the start and never change
  for (let p = 0; p < 6; p++) {
    if (!prescribed[p]) continue;
    let mean = 0;
    for (let i = 0; i < cells; i++) mean += strain[p * cells + i];
    const shift = problem.mean.strain[p] - mean / cells;
    for (let i = 0; i < cells; i++) strain[p * cells + i] += shift;
  }
  const target = (field: Float64Array) => {
    // field <- sigma_target - field on the stress-controlled components (the P ones are projected away)
    for (let p = 0; p < 6; p++) for (let i = 0; i < cells; i++) field[p * cells + i] = (prescribed[p] ? 0 : problem.mean.stress[p]) - field[p * cells + i];
  };

  if (problem.scheme === 'cg') {
    const spectral = new Spectral(problem.shape, problem.spacing, problem.green, IDENTITY_STIFFNESS, problem.green === 'continuous');
    // load: residual of the uniform start eps = E_P
    const start = new Float64Array(6 * cells);
    for (let p = 0; p < 6; p++) if (prescribed[p]) start.fill(problem.mean.strain[p], p * cells, (p + 1) * cells);
    const load = stressOf(problem, start, cells, true);
    target(load);
    const loadNorm = Math.sqrt(spectral.project(spectral.forward(load), stressControlled));
    const scale = loadNorm > 0 ? 1 / loadNorm : 1;
    const sigma = stressOf(problem, strain, cells, true);
    target(sigma);
    const rs = spectral.forward(sigma);
    let rr = spectral.project(rs, stressControlled);
    const r = spectral.inverse(rs);
    const p = Float64Array.from(r);
    const residuals = [Math.sqrt(rr) * scale];
    let iterations = 0;
    while (residuals[residuals.length - 1] > problem.tolerance && iterations < problem.maxIterations) {
      const tau = stressOf(problem, p, cells, false);
      const pq = dot(p, tau, cells);
      const qs = spectral.forward(tau);
      spectral.project(qs, stressControlled);
      const q = spectral.inverse(qs);
      if (!(pq > 0)) break;
      const alpha = rr / pq;
      for (let i = 0; i < 6 * cells; i++) {
        strain[i] += alpha * p[i];
        r[i] -= alpha * q[i];
      }
      const next = dot(r, r, cells);
      const beta = next / rr;
      rr = next;
      for (let i = 0; i < 6 * cells; i++) p[i] = r[i] + beta * p[i];
      iterations++;
      residuals.push(Math.sqrt(rr) * scale);
    }
    return { strain, stress: stressOf(problem, strain, cells, true), iterations, residuals };
  }

  // basic scheme: eps <- eps - Gamma0 : sigma (fluctuation) and the mean update
  const C0 = problem.reference;
  if (!C0) throw new Error('the basic scheme needs a reference medium');
  const spectral = new Spectral(problem.shape, problem.spacing, problem.green, C0);
  const F = [0, 1, 2, 3, 4, 5].filter((p) => !prescribed[p]);
  const correction = F.length > 0 ? invertDense(F.map((i) => F.map((j) => C0[i * 6 + j] * SHEAR_WEIGHT[j]))) : [];
  const misfitScale = (() => {
    let m = 0;
    for (let i = 0; i < 6 * cells; i++) m = Math.max(m, Math.abs(problem.eigenstress[i]));
    return m;
  })();
  const residuals: number[] = [];
  let iterations = 0;
  for (; iterations < problem.maxIterations; iterations++) {
    const sigma = stressOf(problem, strain, cells, true);
    const spectra = spectral.forward(sigma);
    const meanStress = spectra.map((s) => s[0] / cells);
    const change = Array(6).fill(0);
    F.forEach((i, a) => {
      let d = 0;
      F.forEach((j, b) => (d -= correction[a][b] * (meanStress[j] - problem.mean.stress[j])));
      change[i] = d;
    });
    const fluctuation = spectral.project(spectra, Array(6).fill(false));
    const de = spectral.inverse(spectra);
    for (let p = 0; p < 6; p++) for (let i = 0; i < cells; i++) strain[p * cells + i] += -de[p * cells + i] + change[p];
    const size = Math.max(Math.sqrt(fluctuation / cells), Math.hypot(...change));
    residuals.push(size * (misfitScale > 0 ? 1 / misfitScale : 1));
    if (residuals[residuals.length - 1] <= problem.tolerance) {
      iterations++;
      break;
    }
  }
  return { strain, stress: stressOf(problem, strain, cells, true), iterations, residuals };
}

function invertDense(a: number[][]): number[][] {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r][col] / m[col][col];
      for (let c = col; c < 2 * n; c++) m[r][c] -= f * m[col][c];
    }
  }
  return m.map((row, i) => row.slice(n).map((v) => v / row[i]));
}
