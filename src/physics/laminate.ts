/**
 * Float64 twin of the laminate (rank-one) interface homogenisation of shaders/elastic/inhomogeneous.wgsl:
 * a boundary cell of particle fraction psi is two layers normal to n, the particle (C_p, eigenstrain
 * eps*) and the matrix (C_m), with continuous strain along and continuous traction across the layers
 * (Schneider, Merkert, Weber & Boehlke, Comput. Mech. 56 (2015) 1017):
 *   eps_p = eps + (1 - psi) sym(a (x) n),  eps_m = eps - psi sym(a (x) n),
 *   [(1 - psi) C_p + psi C_m](sym(a (x) n)) n = (C_p eps*) n - ((C_p - C_m) eps) n,
 *   sigma = psi C_p (eps_p - eps*) + (1 - psi) C_m eps_m.
 * Tensors: 6 tensor components (xx, yy, zz, yz, xz, xy); stiffnesses row-major Voigt acting on
 * engineering shear.
 */
import type { Voigt } from './elasticity.ts';

const SHEAR = [1, 1, 1, 2, 2, 2];

function apply(C: ArrayLike<number>, e: readonly number[]): number[] {
  return Array.from({ length: 6 }, (_, r) => {
    let s = 0;
    for (let q = 0; q < 6; q++) s += C[r * 6 + q] * SHEAR[q] * e[q];
    return s;
  });
}

function symOuter(a: readonly number[], n: readonly number[]): number[] {
  return [a[0] * n[0], a[1] * n[1], a[2] * n[2], 0.5 * (a[1] * n[2] + a[2] * n[1]), 0.5 * (a[0] * n[2] + a[2] * n[0]), 0.5 * (a[0] * n[1] + a[1] * n[0])];
}

function traction(s: readonly number[], n: readonly number[]): number[] {
  return [s[0] * n[0] + s[5] * n[1] + s[4] * n[2], s[5] * n[0] + s[1] * n[1] + s[3] * n[2], s[4] * n[0] + s[3] * n[1] + s[2] * n[2]];
}

function solve3(K: number[][], b: number[]): number[] {
  const det = (m: number[][]) => m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  const d = det(K);
  return [0, 1, 2].map((c) => det(K.map((row, r) => row.map((v, k) => (k === c ? b[r] : v)))) / d);
}

/** Stress of a laminate cell (see the header); Voigt-Taylor where psi is 0 or 1 or n = 0. */
export function laminateStress(Cp: Voigt, Cm: Voigt, psi: number, n: readonly number[], eps: readonly number[], eigenstrain: readonly number[]): number[] {
  const starStress = apply(Cp, eigenstrain);
  const voigt = apply(Float64Array.from(Cp, (v, i) => psi * v + (1 - psi) * Cm[i]), eps).map((v, p) => v - psi * starStress[p]);
  if (psi <= 0 || psi >= 1 || Math.hypot(...n) < 0.5) return voigt;
  const Ch = Float64Array.from(Cp, (v, i) => (1 - psi) * v + psi * Cm[i]);
  const dC = Float64Array.from(Cp, (v, i) => v - Cm[i]);
  const K = [0, 1, 2].map(() => [0, 0, 0]);
  for (let k = 0; k < 3; k++) {
    const u = [0, 0, 0];
    u[k] = 1;
    traction(apply(Ch, symOuter(u, n)), n).forEach((v, i) => (K[i][k] = v));
  }
  const dt = traction(apply(dC, eps), n);
  const a = solve3(K, traction(starStress, n).map((v, i) => v - dt[i]));
  const extra = apply(dC, symOuter(a, n));
  return voigt.map((v, p) => v + psi * (1 - psi) * extra[p]);
}
