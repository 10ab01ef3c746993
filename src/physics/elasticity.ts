/**
 * Linear (small-strain) anisotropic elasticity with a chemical eigenstrain: stiffness matrices,
 * rotations to a crystal orientation, Khachaturyan's B(n), plane-stress condensation, stress
 * invariants. Float64, no GPU; the GPU kernels are written against exactly these definitions.
 *
 * Conventions
 * - A stiffness (or compliance) is a `Voigt`: a Float64Array of 36 entries, a row-major 6x6 matrix in
 *   Voigt order (xx, yy, zz, yz, xz, xy) with ENGINEERING shear strains:
 *       [sxx, syy, szz, syz, sxz, sxy] = C [exx, eyy, ezz, 2 eyz, 2 exz, 2 exy]
 *   (Nye, Physical Properties of Crystals, 1957, ch. VIII). The compliance S = C^-1 maps the stress
 *   to the same engineering strain vector.
 * - A symmetric second-rank tensor (strain, stress, eigenstrain) is a `SymTensor`
 *   [xx, yy, zz, yz, xz, xy] with TENSOR shear components (eyz, not 2 eyz).
 * - The full fourth-rank tensor is a Float64Array of 81 entries, C_ijkl at ((i*3 + j)*3 + k)*3 + l.
 * - Quaternions are unit quaternions in gl-matrix order [x, y, z, w]; R is the rotation matrix of q,
 *   mapping crystal-frame vectors to grid-frame vectors.
 * - Units are the caller's (Pa for SI): every function is linear or homogeneous in the moduli.
 */
import { mat3, quat } from 'gl-matrix';

export type Voigt = Float64Array;
/** [xx, yy, zz, yz, xz, xy], tensor (not engineering) shear components. */
export type SymTensor = readonly [number, number, number, number, number, number];
/** Unit quaternion, gl-matrix order [x, y, z, w]. */
export type Quaternion = readonly [number, number, number, number];

/** Voigt index -> tensor index pair, order (xx, yy, zz, yz, xz, xy). */
export const VOIGT_PAIRS: readonly (readonly [number, number])[] = [
  [0, 0],
  [1, 1],
  [2, 2],
  [1, 2],
  [0, 2],
  [0, 1],
];

/** Tensor index pair (i, j) -> Voigt index, symmetric in i and j. */
const VOIGT_INDEX: readonly (readonly number[])[] = [
  [0, 5, 4],
  [5, 1, 3],
  [4, 3, 2],
];

const IN_PLANE = [0, 1, 5] as const; // xx, yy, xy
const OUT_OF_PLANE = [2, 3, 4] as const; // zz, yz, xz

function checkVoigt(C: Voigt): void {
  if (C.length !== 36) throw new Error(`a Voigt stiffness has 36 entries (6x6), got ${C.length}`);
}

// ---------------------------------------------------------------------------------------------
// Stiffness matrices
// ---------------------------------------------------------------------------------------------

/**
 * Isotropic stiffness from Young's modulus E and Poisson's ratio nu: Lame constants
 * lambda = E nu / ((1 + nu)(1 - 2 nu)), G = E / (2 (1 + nu)); C11 = lambda + 2G, C12 = lambda, C44 = G
 * (Landau & Lifshitz, Theory of Elasticity, 3rd ed. 1986, sec. 5, eq. 5.9).
 */
export function isotropicStiffness(youngsModulus: number, poissonRatio: number): Voigt {
  if (!(youngsModulus > 0)) throw new Error(`Young's modulus must be positive, got ${youngsModulus}`);
  if (!(poissonRatio > -1 && poissonRatio < 0.5)) {
    throw new Error(`Poisson's ratio must lie in (-1, 0.5) for a stable isotropic solid, got ${poissonRatio}`);
  }
  const lambda = (youngsModulus * poissonRatio) / ((1 + poissonRatio) * (1 - 2 * poissonRatio));
  const shear = youngsModulus / (2 * (1 + poissonRatio));
  return cubicStiffness(lambda + 2 * shear, lambda, shear);
}

/** Cubic stiffness in the cubic axes (Nye 1957, ch. VIII, table 9): C11, C12, C44. */
export function cubicStiffness(c11: number, c12: number, c44: number): Voigt {
  return orthorhombicStiffness({ c11, c22: c11, c33: c11, c12, c13: c12, c23: c12, c44, c55: c44, c66: c44 });
}

export interface OrthorhombicConstants {
  c11: number;
  c22: number;
  c33: number;
  c12: number;
  c13: number;
  c23: number;
  c44: number;
  c55: number;
  c66: number;
}

/** Orthorhombic stiffness in the crystal axes (a, b, c) = (x, y, z): nine constants (Nye 1957, table 9). */
export function orthorhombicStiffness(c: OrthorhombicConstants): Voigt {
  const C = new Float64Array(36);
  const set = (I: number, J: number, v: number) => {
    C[I * 6 + J] = v;
    C[J * 6 + I] = v;
  };
  set(0, 0, c.c11);
  set(1, 1, c.c22);
  set(2, 2, c.c33);
  set(0, 1, c.c12);
  set(0, 2, c.c13);
  set(1, 2, c.c23);
  set(3, 3, c.c44);
  set(4, 4, c.c55);
  set(5, 5, c.c66);
  return C;
}

/**
 * The fourth-rank tensor C_ijkl of a Voigt stiffness. With engineering shear strains the Voigt entry
 * C_IJ equals C_ijkl for I = (ij), J = (kl) (no factors of 2), so the map is a plain copy with full
 * minor and major symmetry.
 */
export function stiffnessTensor(C: Voigt): Float64Array {
  checkVoigt(C);
  const c = new Float64Array(81);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++)
      for (let k = 0; k < 3; k++)
        for (let l = 0; l < 3; l++) c[((i * 3 + j) * 3 + k) * 3 + l] = C[VOIGT_INDEX[i][j] * 6 + VOIGT_INDEX[k][l]];
  return c;
}

/** Inverse of `stiffnessTensor`: reads C_IJ from C_ijkl (assumes the tensor has minor symmetry). */
export function voigtFromTensor(c: Float64Array): Voigt {
  if (c.length !== 81) throw new Error(`a fourth-rank tensor has 81 entries, got ${c.length}`);
  const C = new Float64Array(36);
  for (let I = 0; I < 6; I++) {
    const [i, j] = VOIGT_PAIRS[I];
    for (let J = 0; J < 6; J++) {
      const [k, l] = VOIGT_PAIRS[J];
      C[I * 6 + J] = c[((i * 3 + j) * 3 + k) * 3 + l];
    }
  }
  return C;
}

// ---------------------------------------------------------------------------------------------
// Rotations
// ---------------------------------------------------------------------------------------------

/**
 * Row-major 3x3 rotation matrix R of a quaternion (normalised first). gl-matrix allocates Float32Array
 * by default, which would cap every rotated modulus at ~1e-7 relative accuracy, so its functions are
 * given Float64Array storage here. Its mat3 is column-major, so R_ij = m[j*3 + i].
 */
export function rotationMatrix(q: Quaternion): Float64Array {
  const len = Math.hypot(q[0], q[1], q[2], q[3]);
  if (!(len > 0) || !Number.isFinite(len)) throw new Error(`rotation quaternion must be non-zero and finite, got [${q.join(', ')}]`);
  const unit = new Float64Array(4);
  quat.normalize(unit, q);
  const m = new Float64Array(9);
  mat3.fromQuat(m, unit);
  const R = new Float64Array(9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) R[i * 3 + j] = m[j * 3 + i];
  return R;
}

/** Contracts index `slot` (0..3) of a fourth-rank tensor with R: out_..i.. = R_ia c_..a.. . */
function rotateSlot(c: Float64Array, R: Float64Array, slot: number): Float64Array {
  const out = new Float64Array(81);
  const stride = 27 / 3 ** slot; // 27, 9, 3, 1
  for (let idx = 0; idx < 81; idx++) {
    const digit = Math.floor(idx / stride) % 3;
    const base = idx - digit * stride;
    let s = 0;
    for (let a = 0; a < 3; a++) s += R[digit * 3 + a] * c[base + a * stride];
    out[idx] = s;
  }
  return out;
}

/**
 * The crystal-frame stiffness seen in the grid frame: C'_ijkl = R_ia R_jb R_kc R_ld C_abcd, R the
 * rotation of q (the tensor transformation law; Nye 1957, ch. VIII, eq. 8). Done on the full tensor,
 * one index at a time (4 x 81 x 3 products), which avoids the error-prone 6x6 Bond matrix.
 */
export function rotateStiffness(C: Voigt, q: Quaternion): Voigt {
  const R = rotationMatrix(q);
  let c = stiffnessTensor(C);
  for (let slot = 0; slot < 4; slot++) c = rotateSlot(c, R, slot);
  return voigtFromTensor(c);
}

/** 3x3 row-major matrix of a SymTensor. */
export function symTensorToMatrix(t: SymTensor): Float64Array {
  const [xx, yy, zz, yz, xz, xy] = t;
  return Float64Array.of(xx, xy, xz, xy, yy, yz, xz, yz, zz);
}

/** SymTensor of a 3x3 row-major matrix (symmetrised). */
export function matrixToSymTensor(m: ArrayLike<number>): SymTensor {
  return [m[0], m[4], m[8], 0.5 * (m[5] + m[7]), 0.5 * (m[2] + m[6]), 0.5 * (m[1] + m[3])];
}

/** t' = R t R^T (second-rank transformation law), e.g. a crystal-frame eigenstrain in the grid frame. */
export function rotateSymTensor(t: SymTensor, q: Quaternion): SymTensor {
  const R = rotationMatrix(q);
  const m = symTensorToMatrix(t);
  const out = new Float64Array(9);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) s += R[i * 3 + a] * m[a * 3 + b] * R[j * 3 + b];
      out[i * 3 + j] = s;
    }
  return matrixToSymTensor(out);
}

// ---------------------------------------------------------------------------------------------
// Hooke's law
// ---------------------------------------------------------------------------------------------

/** Engineering Voigt vector [exx, eyy, ezz, 2eyz, 2exz, 2exy] of a strain. */
export function engineeringStrain(strain: SymTensor): Float64Array {
  return Float64Array.of(strain[0], strain[1], strain[2], 2 * strain[3], 2 * strain[4], 2 * strain[5]);
}

function matVec6(A: Voigt, v: ArrayLike<number>): Float64Array {
  const out = new Float64Array(6);
  for (let I = 0; I < 6; I++) {
    let s = 0;
    for (let J = 0; J < 6; J++) s += A[I * 6 + J] * v[J];
    out[I] = s;
  }
  return out;
}

/** sigma = C : strain (Hooke's law). */
export function stressFromStrain(C: Voigt, strain: SymTensor): SymTensor {
  checkVoigt(C);
  const s = matVec6(C, engineeringStrain(strain));
  return [s[0], s[1], s[2], s[3], s[4], s[5]];
}

/**
 * Inverse of an n x n row-major matrix by Gauss-Jordan elimination with partial pivoting. Throws when a
 * pivot falls below 1e-12 of the largest entry (singular to working precision).
 */
function invertMatrix(A: ArrayLike<number>, n: number, what: string): Float64Array {
  const a = Float64Array.from(A);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(a[i]));
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`${what} is singular (all zero or not finite)`);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]) > Math.abs(a[pivot * n + col])) pivot = r;
    const p = a[pivot * n + col];
    if (Math.abs(p) <= 1e-12 * scale) throw new Error(`${what} is singular (pivot ${p.toExponential(3)} in column ${col})`);
    if (pivot !== col) {
      for (let k = 0; k < n; k++) {
        [a[col * n + k], a[pivot * n + k]] = [a[pivot * n + k], a[col * n + k]];
        [inv[col * n + k], inv[pivot * n + k]] = [inv[pivot * n + k], inv[col * n + k]];
      }
    }
    for (let k = 0; k < n; k++) {
      a[col * n + k] /= p;
      inv[col * n + k] /= p;
    }
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r * n + col];
      if (f === 0) continue;
      for (let k = 0; k < n; k++) {
        a[r * n + k] -= f * a[col * n + k];
        inv[r * n + k] -= f * inv[col * n + k];
      }
    }
  }
  return inv;
}

/**
 * Compliance S = C^-1 (6x6), in the same engineering-shear convention: [exx, eyy, ezz, 2eyz, 2exz, 2exy]
 * = S sigma. Throws if C is singular.
 */
export function complianceFromStiffness(C: Voigt): Voigt {
  checkVoigt(C);
  return invertMatrix(C, 6, 'stiffness matrix');
}

/** strain = S : stress, returned with tensor shear components (half the engineering ones). */
export function strainFromStress(S: Voigt, stress: SymTensor): SymTensor {
  checkVoigt(S);
  const e = matVec6(S, stress);
  return [e[0], e[1], e[2], 0.5 * e[3], 0.5 * e[4], 0.5 * e[5]];
}

/** Elastic energy density 1/2 e : C : e of an elastic strain (total minus eigenstrain). */
export function elasticEnergyDensity(C: Voigt, elasticStrain: SymTensor): number {
  checkVoigt(C);
  const e = engineeringStrain(elasticStrain);
  const s = matVec6(C, e);
  let w = 0;
  for (let I = 0; I < 6; I++) w += e[I] * s[I];
  return 0.5 * w;
}

/**
 * Voigt (uniform strain) and Reuss (uniform stress) bounds of the isotropic bulk and shear moduli of a
 * polycrystal and their Hill average (Hill, Proc. Phys. Soc. A 65 (1952) 349; the explicit sums as in Nye 1957):
 *   K_V = [(C11+C22+C33) + 2(C12+C13+C23)]/9, G_V = [(C11+C22+C33) - (C12+C13+C23) + 3(C44+C55+C66)]/15,
 *   1/K_R = (S11+S22+S33) + 2(S12+S13+S23), 15/G_R = 4(S11+S22+S33) - 4(S12+S13+S23) + 3(S44+S55+S66);
 * then E = 9KG/(3K+G), nu = (3K-2G)/(2(3K+G)). Valid for any symmetry (the formulas are invariants).
 */
export function voigtReussHill(C: Voigt): { bulkModulus: number; shearModulus: number; youngsModulus: number; poissonRatio: number } {
  const S = complianceFromStiffness(C);
  const d = (A: Voigt, I: number, J: number) => A[I * 6 + J];
  const cA = d(C, 0, 0) + d(C, 1, 1) + d(C, 2, 2);
  const cB = d(C, 0, 1) + d(C, 0, 2) + d(C, 1, 2);
  const cC = d(C, 3, 3) + d(C, 4, 4) + d(C, 5, 5);
  const sA = d(S, 0, 0) + d(S, 1, 1) + d(S, 2, 2);
  const sB = d(S, 0, 1) + d(S, 0, 2) + d(S, 1, 2);
  const sC = d(S, 3, 3) + d(S, 4, 4) + d(S, 5, 5);
  const kV = (cA + 2 * cB) / 9;
  const gV = (cA - cB + 3 * cC) / 15;
  const kR = 1 / (sA + 2 * sB);
  const gR = 15 / (4 * sA - 4 * sB + 3 * sC);
  const K = 0.5 * (kV + kR);
  const G = 0.5 * (gV + gR);
  return { bulkModulus: K, shearModulus: G, youngsModulus: (9 * K * G) / (3 * K + G), poissonRatio: (3 * K - 2 * G) / (2 * (3 * K + G)) };
}

// ---------------------------------------------------------------------------------------------
// Khachaturyan's microelasticity: acoustic tensor, Green's function, B(n)
// ---------------------------------------------------------------------------------------------

/** K_ik(n) = C_ijkl n_j n_l (3x3 row-major): the Christoffel / acoustic tensor, Omega^-1 in Khachaturyan. */
export function acousticTensor(C: Voigt, n: readonly number[]): Float64Array {
  checkVoigt(C);
  const K = new Float64Array(9);
  for (let i = 0; i < 3; i++)
    for (let k = 0; k < 3; k++) {
      let s = 0;
      for (let j = 0; j < 3; j++)
        for (let l = 0; l < 3; l++) s += C[VOIGT_INDEX[i][j] * 6 + VOIGT_INDEX[k][l]] * n[j] * n[l];
      K[i * 3 + k] = s;
    }
  return K;
}

/** Inverse of a symmetric 3x3 by the adjugate; throws if singular relative to its scale. */
function invert3(K: Float64Array): Float64Array {
  const [a, b, c, d, e, f, g, h, i] = K;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const Cc = d * h - e * g;
  const det = a * A + b * B + c * Cc;
  let scale = 0;
  for (const v of K) scale = Math.max(scale, Math.abs(v));
  if (!(Math.abs(det) > 1e-14 * scale ** 3)) throw new Error(`acoustic tensor is singular (det ${det}); is n a unit vector and C positive definite?`);
  const inv = Float64Array.of(A, -(b * i - c * h), b * f - c * e, B, a * i - c * g, -(a * f - c * d), Cc, -(a * h - b * g), a * e - b * d);
  for (let k = 0; k < 9; k++) inv[k] /= det;
  return inv;
}

/** Omega(n) = K(n)^-1: the Fourier-space Green's function of the elastic body times k^2 (Khachaturyan 1983, ch. 7). */
export function greenOmega(C: Voigt, n: readonly number[]): Float64Array {
  return invert3(acousticTensor(C, n));
}

/**
 * Khachaturyan's B(n) for an eigenstrain eps0 in a homogeneous-modulus body (Khachaturyan, Theory of
 * Structural Transformations in Solids, Wiley 1983, ch. 7):
 *   B(n) = C_ijkl eps0_ij eps0_kl - n_i sigma0_ij Omega_jk(n) sigma0_kl n_l,   sigma0 = C : eps0.
 * The elastic energy of a composition field theta(x) eps0 is 1/2 integral B(n) |theta_hat(k)|^2 d^3k/(2pi)^3,
 * so B(n) is TWICE the energy density of an infinite coherent plate with normal n (for an isotropic body
 * and dilatational eps0 = eps* I: B = 2 E eps*^2 / (1 - nu) for every n). n must be a unit vector.
 */
export function khachaturyanB(C: Voigt, eigenstrain: SymTensor, n: readonly number[]): number {
  const sigma0 = stressFromStrain(C, eigenstrain);
  const e = engineeringStrain(eigenstrain);
  let first = 0;
  for (let I = 0; I < 6; I++) first += e[I] * sigma0[I];
  const s = symTensorToMatrix(sigma0);
  const t = [0, 1, 2].map((j) => s[j * 3] * n[0] + s[j * 3 + 1] * n[1] + s[j * 3 + 2] * n[2]);
  const omega = greenOmega(C, n);
  let second = 0;
  for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) second += t[j] * omega[j * 3 + k] * t[k];
  return first - second;
}

/** Sign convention for reported directions (n and -n are equivalent): the first clearly non-zero component is positive. */
function canonicalDirection(n: readonly number[]): [number, number, number] {
  const len = Math.hypot(n[0], n[1], n[2]);
  let v: [number, number, number] = [n[0] / len, n[1] / len, n[2] / len];
  for (const x of v) {
    if (Math.abs(x) > 1e-9) {
      if (x < 0) v = [-v[0], -v[1], -v[2]];
      break;
    }
  }
  return v;
}

/**
 * The softest direction: min over unit n of B(n) and the minimising n (the habit-plane normal of a
 * coherent plate, Khachaturyan 1983, ch. 7). dims = 2 restricts n to the xy plane (2D grids, k_z = 0).
 * Sampling (`samples` directions: uniform angles in 2D, a Fibonacci lattice on the half sphere in 3D,
 * since B(n) = B(-n)), then a local refinement from the best few samples (golden-section search in 2D, a
 * shrinking compass search on the tangent plane in 3D) to an angle tolerance of ~1e-9 rad.
 */
export function khachaturyanBMinimum(
  C: Voigt,
  eigenstrain: SymTensor,
  dims: 2 | 3,
  samples = 2000,
): { value: number; direction: [number, number, number] } {
  if (!(samples >= 8)) throw new Error(`khachaturyanBMinimum needs at least 8 samples, got ${samples}`);
  const B = (n: readonly number[]) => khachaturyanB(C, eigenstrain, n);
  if (dims === 2) {
    const dTheta = Math.PI / samples;
    const at = (theta: number) => B([Math.cos(theta), Math.sin(theta), 0]);
    const values = Array.from({ length: samples }, (_, i) => ({ theta: i * dTheta, b: at(i * dTheta) }));
    values.sort((p, q) => p.b - q.b);
    let best = { theta: values[0].theta, b: values[0].b };
    for (const start of values.slice(0, 3)) {
      // golden-section search on [theta - dTheta, theta + dTheta] (B is smooth and locally unimodal there)
      const ratio = (Math.sqrt(5) - 1) / 2;
      let lo = start.theta - dTheta;
      let hi = start.theta + dTheta;
      let x1 = hi - ratio * (hi - lo);
      let x2 = lo + ratio * (hi - lo);
      let f1 = at(x1);
      let f2 = at(x2);
      while (hi - lo > 1e-10) {
        if (f1 < f2) {
          hi = x2;
          x2 = x1;
          f2 = f1;
          x1 = hi - ratio * (hi - lo);
          f1 = at(x1);
        } else {
          lo = x1;
          x1 = x2;
          f1 = f2;
          x2 = lo + ratio * (hi - lo);
          f2 = at(x2);
        }
      }
      const theta = 0.5 * (lo + hi);
      const b = at(theta);
      if (b < best.b) best = { theta, b };
    }
    return { value: best.b, direction: canonicalDirection([Math.cos(best.theta), Math.sin(best.theta), 0]) };
  }
  // 3D: Fibonacci lattice on the upper half sphere (z in (0, 1]).
  const golden = Math.PI * (3 - Math.sqrt(5));
  const candidates: { n: [number, number, number]; b: number }[] = [];
  for (let i = 0; i < samples; i++) {
    const z = 1 - (i + 0.5) / samples;
    const rho = Math.sqrt(Math.max(0, 1 - z * z));
    const phi = i * golden;
    const n: [number, number, number] = [rho * Math.cos(phi), rho * Math.sin(phi), z];
    candidates.push({ n, b: B(n) });
  }
  candidates.sort((p, q) => p.b - q.b);
  const spacing = Math.sqrt((2 * Math.PI) / samples); // mean angular distance between samples
  let best = candidates[0];
  for (const start of candidates.slice(0, 4)) {
    let n = start.n;
    let b = start.b;
    let step = 2 * spacing;
    while (step > 1e-9) {
      // orthonormal tangent basis at n
      const helper = Math.abs(n[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
      const t1 = normalize(cross(n, helper));
      const t2 = cross(n, t1);
      let improved = false;
      for (const [u, v] of [
        [step, 0],
        [-step, 0],
        [0, step],
        [0, -step],
      ]) {
        const trial = normalize([n[0] + u * t1[0] + v * t2[0], n[1] + u * t1[1] + v * t2[1], n[2] + u * t1[2] + v * t2[2]]);
        const bt = B(trial);
        if (bt < b) {
          n = trial;
          b = bt;
          improved = true;
          break;
        }
      }
      if (!improved) step *= 0.5;
    }
    if (b < best.b) best = { n, b };
  }
  return { value: best.b, direction: canonicalDirection(best.n) };
}

function cross(a: readonly number[], b: readonly number[]): [number, number, number] {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function normalize(a: readonly number[]): [number, number, number] {
  const len = Math.hypot(a[0], a[1], a[2]);
  return [a[0] / len, a[1] / len, a[2] / len];
}

// ---------------------------------------------------------------------------------------------
// Plane problems
// ---------------------------------------------------------------------------------------------

/**
 * Plane stress (a thin platelet: sigma_zz = sigma_yz = sigma_xz = 0) posed as an equivalent problem for a
 * solver that treats the 2D grid as a 3D body with k_z = 0.
 *
 * Static condensation (the reduced stiffnesses of classical lamination theory: Jones, Mechanics of
 * Composite Materials, 2nd ed. 1999, ch. 2; here for a general anisotropic C): split the Voigt indices into in-plane p = {xx, yy, xy} and
 * out-of-plane o = {zz, yz, xz}. Setting sigma_o = C_op (e_p - e*_p) + C_oo (e_o - e*_o) = 0 and
 * eliminating e_o gives sigma_p = Q (e_p - e*_p) with Q = C_pp - C_po C_oo^-1 C_op, and the energy density
 * 1/2 (e - e*) : C : (e - e*) = 1/2 (e_p - e*_p) Q (e_p - e*_p). The out-of-plane eigenstrain drops out.
 *
 * Why the returned problem is plane stress on such a solver: with Q on p, zero p-o coupling and the
 * identity on the o diagonal, the in-plane displacement (u_x, u_y) sees exactly the plane-stress law
 * sigma_p = Q (e_p - e*_p), while u_z decouples and, having no eigenstrain to drive it (e*_o = 0), stays 0;
 * with k_z = 0 the strain e_zz is just its mean, which the stress-free (or clamped-at-zero) k = 0 mode
 * keeps at 0. So every out-of-plane stress the solver computes is 0, as plane stress demands, and the
 * in-plane stresses and the energy are those of the plate. The identity entries only keep the 3x3
 * acoustic tensor K(n) invertible for n in the plane (their value is irrelevant: nothing drives u_z).
 * The physical thickness strain, if wanted, is e_o = e*_o - C_oo^-1 C_op (e_p - e*_p) with the ORIGINAL
 * C and eigenstrain (`planeStressOutOfPlaneStrain`).
 *
 * Plane strain needs no transformation: it is the 3D body with k_z = 0 and the mean e_zz held at 0.
 */
export function planeStressProblem(C: Voigt, eigenstrain: SymTensor): { stiffness: Voigt; eigenstrain: SymTensor } {
  checkVoigt(C);
  const Coo = new Float64Array(9);
  for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) Coo[a * 3 + b] = C[OUT_OF_PLANE[a] * 6 + OUT_OF_PLANE[b]];
  const CooInv = invertMatrix(Coo, 3, 'out-of-plane stiffness block C_oo');
  const Q = new Float64Array(36);
  for (let a = 0; a < 3; a++)
    for (let b = 0; b < 3; b++) {
      const P = IN_PLANE[a];
      const Pp = IN_PLANE[b];
      let s = C[P * 6 + Pp];
      for (let m = 0; m < 3; m++)
        for (let k = 0; k < 3; k++) s -= C[P * 6 + OUT_OF_PLANE[m]] * CooInv[m * 3 + k] * C[OUT_OF_PLANE[k] * 6 + Pp];
      Q[P * 6 + Pp] = s;
    }
  for (const O of OUT_OF_PLANE) Q[O * 6 + O] = 1;
  return { stiffness: Q, eigenstrain: [eigenstrain[0], eigenstrain[1], 0, 0, 0, eigenstrain[5]] };
}

/**
 * Out-of-plane strains (zz, yz, xz; tensor shears) of a plane-stress plate, from the original stiffness
 * and eigenstrain and the in-plane total strain (xx, yy, xy of `inPlaneStrain`):
 * e_o = e*_o - C_oo^-1 C_op (e_p - e*_p) (see `planeStressProblem`).
 */
export function planeStressOutOfPlaneStrain(C: Voigt, eigenstrain: SymTensor, inPlaneStrain: SymTensor): { zz: number; yz: number; xz: number } {
  checkVoigt(C);
  const Coo = new Float64Array(9);
  for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) Coo[a * 3 + b] = C[OUT_OF_PLANE[a] * 6 + OUT_OF_PLANE[b]];
  const CooInv = invertMatrix(Coo, 3, 'out-of-plane stiffness block C_oo');
  const eTot = engineeringStrain(inPlaneStrain);
  const eStar = engineeringStrain(eigenstrain);
  const rhs = [0, 0, 0];
  for (let m = 0; m < 3; m++) for (const P of IN_PLANE) rhs[m] += C[OUT_OF_PLANE[m] * 6 + P] * (eTot[P] - eStar[P]);
  const eo = [0, 1, 2].map((a) => eStar[OUT_OF_PLANE[a]] - (CooInv[a * 3] * rhs[0] + CooInv[a * 3 + 1] * rhs[1] + CooInv[a * 3 + 2] * rhs[2]));
  return { zz: eo[0], yz: 0.5 * eo[1], xz: 0.5 * eo[2] };
}

// ---------------------------------------------------------------------------------------------
// Stress invariants
// ---------------------------------------------------------------------------------------------

/** sigma_h = tr(sigma) / 3 (positive in tension). */
export function hydrostaticStress(s: SymTensor): number {
  return (s[0] + s[1] + s[2]) / 3;
}

/** von Mises equivalent stress sqrt(3 J2) (Hill, The Mathematical Theory of Plasticity, 1950, ch. II). */
export function vonMisesStress(s: SymTensor): number {
  const [xx, yy, zz, yz, xz, xy] = s;
  return Math.sqrt(0.5 * ((xx - yy) ** 2 + (yy - zz) ** 2 + (zz - xx) ** 2) + 3 * (yz * yz + xz * xz + xy * xy));
}

/**
 * Principal stresses, descending (sigma_1 >= sigma_2 >= sigma_3), by the closed-form trigonometric
 * solution of the characteristic cubic of a symmetric 3x3 (Smith, Commun. ACM 4 (1961) 168):
 * q = tr/3, p = sqrt(|s - qI|_F^2 / 6), r = det((s - qI)/p)/2 clamped into [-1, 1], phi = acos(r)/3,
 * sigma_1 = q + 2p cos(phi), sigma_3 = q + 2p cos(phi + 2pi/3), sigma_2 = 3q - sigma_1 - sigma_3.
 * Clamping r keeps two equal eigenvalues (r = +-1) exact; p = 0 (isotropic) returns q three times.
 */
export function principalStresses(s: SymTensor): [number, number, number] {
  const [xx, yy, zz, yz, xz, xy] = s;
  const q = (xx + yy + zz) / 3;
  const a = xx - q;
  const b = yy - q;
  const c = zz - q;
  const off = yz * yz + xz * xz + xy * xy;
  const p2 = (a * a + b * b + c * c + 2 * off) / 6;
  const scale = Math.max(Math.abs(xx), Math.abs(yy), Math.abs(zz), Math.abs(yz), Math.abs(xz), Math.abs(xy));
  if (p2 <= (1e-15 * scale) ** 2) return [q, q, q];
  const p = Math.sqrt(p2);
  // det of the deviator divided by p^3
  const det = a * (b * c - yz * yz) - xy * (xy * c - yz * xz) + xz * (xy * yz - b * xz);
  const r = Math.min(1, Math.max(-1, det / (2 * p * p * p)));
  const phi = Math.acos(r) / 3;
  const s1 = q + 2 * p * Math.cos(phi);
  const s3 = q + 2 * p * Math.cos(phi + (2 * Math.PI) / 3);
  const s2 = 3 * q - s1 - s3;
  return [s1, s2, s3];
}

// ---------------------------------------------------------------------------------------------
// Eigenstrain interpolation with composition
// ---------------------------------------------------------------------------------------------

export type EigenstrainWeightKind = 'vegard' | 'smoothstep';

/** p(c) = c^3 (6c^2 - 15c + 10): zero slope and curvature at c = 0 and 1 (Wang, Sekerka, Wheeler et al., Physica D 69 (1993) 189). */
function smoothstep(c: number): number {
  return c * c * c * (6 * c * c - 15 * c + 10);
}

/**
 * Weight h(c) of eps0(x) = eps00 h(c) (DESIGN 3.4): Vegard's law h = c - cRef (linear lattice parameter,
 * Vegard, Z. Phys. 5 (1921) 17; Cahn, Acta Metall. 9 (1961) 795), or h = p(c) - p(cRef) with the quintic
 * smoothstep p. Both vanish at c = cRef (the stress-free reference composition).
 */
export function eigenstrainWeight(kind: EigenstrainWeightKind, c: number, cRef: number): number {
  switch (kind) {
    case 'vegard':
      return c - cRef;
    case 'smoothstep':
      return smoothstep(c) - smoothstep(cRef);
  }
}

/** dh/dc of `eigenstrainWeight`: 1 (Vegard) or p'(c) = 30 c^2 (1 - c)^2 (smoothstep). */
export function eigenstrainWeightDerivative(kind: EigenstrainWeightKind, c: number, _cRef: number): number {
  switch (kind) {
    case 'vegard':
      return 1;
    case 'smoothstep':
      return 30 * c * c * (1 - c) * (1 - c);
  }
}
