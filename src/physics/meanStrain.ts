/**
 * The k = 0 mode of a periodic elastic problem: the mean strain is not set by compatibility but by the
 * boundary condition (Khachaturyan 1983, ch. 7; Moulinec & Suquet, CMAME 157 (1998) 69, sec. 2 for
 * mixed mean conditions). Each Voigt component of the mean is either a prescribed total strain or a
 * prescribed stress:
 *   stress-free      every component stress-controlled at 0 (a free particle)
 *   applied stress   every component stress-controlled at the given value
 *   clamped          every component strain-controlled at the given value
 * A 2D grid in plane strain holds the out-of-plane mean strains (zz, yz, xz) at 0 on top of that.
 * With eps0(c) = eigenstrain * h(c) and hbar the mean of h, the mean elastic strain
 *   e = ebar - hbar eigenstrain
 * solves C_FF e_F = sigma_F - C_FP e_P (F: stress-controlled, P: strain-controlled components), so it is
 * affine in hbar: e = offset + slope * hbar. The stored mean elastic energy density 1/2 e:C:e is then a
 * quadratic in hbar, and the mean elastic chemical potential is -sigmabar : eigenstrain.
 */
import type { SymTensor, Voigt } from './elasticity.ts';

export type MeanCondition =
  | { kind: 'stressFree' }
  | { kind: 'clamped'; strain: readonly number[] }
  | { kind: 'appliedStress'; stress: readonly number[] };

export interface MeanStrainSolution {
  /** mean elastic strain (tensor components) = offset + slope * hbar */
  offset: SymTensor;
  slope: SymTensor;
  /** stored mean elastic energy density = q0 + q1 hbar + q2 hbar^2 */
  energy: [number, number, number];
  /** mean stress at a given hbar */
  meanStress(hbar: number): SymTensor;
}

const SHEAR = [1, 1, 1, 2, 2, 2];

/** Solve A x = b (dense, partial pivoting); A is n x n row-major. */
function solveLinear(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    if (Math.abs(m[pivot][col]) < 1e-300) throw new Error('mean-strain problem is singular (a stiffness with a zero mode?)');
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r][col] / m[col][col];
      for (let c = col; c <= n; c++) m[r][c] -= f * m[col][c];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

/** Voigt stress (tensor components) of a tensor-component strain. */
function stress(C: Voigt, e: readonly number[]): number[] {
  return Array.from({ length: 6 }, (_, i) => {
    let s = 0;
    for (let j = 0; j < 6; j++) s += C[i * 6 + j] * SHEAR[j] * e[j];
    return s;
  });
}

/**
 * Mean elastic strain as a function of hbar. `planeStrain2D` adds e_zz = e_yz = e_xz = 0 total mean
 * strain (the out-of-plane constraint of a plane-strain prism).
 */
export function solveMeanStrain(C: Voigt, eigenstrain: SymTensor, condition: MeanCondition, planeStrain2D: boolean): MeanStrainSolution {
  const prescribedStrain: (number | undefined)[] = Array(6).fill(undefined);
  const prescribedStress: number[] = Array(6).fill(0);
  if (condition.kind === 'clamped') condition.strain.forEach((v, i) => (prescribedStrain[i] = v));
  if (condition.kind === 'appliedStress') condition.stress.forEach((v, i) => (prescribedStress[i] = v));
  if (planeStrain2D) for (const i of [2, 3, 4]) prescribedStrain[i] = 0;
  const P = [0, 1, 2, 3, 4, 5].filter((i) => prescribedStrain[i] !== undefined);
  const F = [0, 1, 2, 3, 4, 5].filter((i) => prescribedStrain[i] === undefined);
  // e = ebar - hbar eps00: for P components e_P = strain_P - hbar eps00_P; for F solve the stress balance.
  const at = (hbar: number): number[] => {
    const e = Array(6).fill(0);
    for (const i of P) e[i] = prescribedStrain[i]! - hbar * eigenstrain[i];
    if (F.length > 0) {
      // sum_j C_ij s_j e_j = sigma_i for i in F: unknowns e_j (j in F), with s_j the engineering factor.
      const a = F.map((i) => F.map((j) => C[i * 6 + j] * SHEAR[j]));
      const b = F.map((i) => prescribedStress[i] - P.reduce((sum, j) => sum + C[i * 6 + j] * SHEAR[j] * e[j], 0));
      solveLinear(a, b).forEach((v, k) => (e[F[k]] = v));
    }
    return e;
  };
  const e0 = at(0);
  const e1 = at(1);
  const offset = e0 as unknown as SymTensor;
  const slope = e1.map((v, i) => v - e0[i]) as unknown as SymTensor;
  const dot = (x: readonly number[], y: readonly number[]) => x.reduce((s, v, i) => s + SHEAR[i] * v * y[i], 0);
  const q0 = 0.5 * dot(offset, stress(C, offset));
  const q1 = dot(slope, stress(C, offset));
  const q2 = 0.5 * dot(slope, stress(C, slope));
  return {
    offset,
    slope,
    energy: [q0, q1, q2],
    meanStress: (hbar) => stress(C, at(hbar)) as unknown as SymTensor,
  };
}

/**
 * The mean-strain update of an iterative (Moulinec-Suquet) solver under the same mixed condition: with
 * the reference stiffness C0, a mean-stress error r on the stress-controlled components F is corrected
 * by d ebar_F = (C0_FF)^-1 r_F (tensor components), and the strain-controlled components P are set to
 * their prescribed values. Returns the correction as a 6x6 row-major matrix (zero on P rows/columns),
 * the P mask, the prescribed mean strains and the target mean stresses.
 */
export function meanStrainControl(
  C0: Voigt,
  condition: MeanCondition,
  planeStrain2D: boolean,
): { correction: Float64Array; prescribed: boolean[]; strain: number[]; stress: number[] } {
  const prescribed = Array(6).fill(condition.kind === 'clamped');
  const strain = condition.kind === 'clamped' ? [...condition.strain] : Array(6).fill(0);
  const stress = condition.kind === 'appliedStress' ? [...condition.stress] : Array(6).fill(0);
  if (planeStrain2D)
    for (const i of [2, 3, 4]) {
      prescribed[i] = true;
      strain[i] = 0;
    }
  const F = [0, 1, 2, 3, 4, 5].filter((i) => !prescribed[i]);
  const correction = new Float64Array(36);
  // columns of (C0_FF)^-1: solve for each unit right-hand side
  F.forEach((_, col) => {
    const a = F.map((i) => F.map((j) => C0[i * 6 + j] * SHEAR[j]));
    const b = F.map((__, r) => (r === col ? 1 : 0));
    solveLinear(a, b).forEach((v, r) => (correction[F[r] * 6 + F[col]] = v));
  });
  return { correction, prescribed, strain, stress };
}
