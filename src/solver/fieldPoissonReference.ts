/**
 * Float64 twin of FieldPoisson (src/solver/fieldPoisson.ts): the same cell-centred, conservative
 * finite-volume discretisation of
 *   div(eps grad phi) = -rho(phi),   rho(phi) = rho_fixed(x) + q exp(-phi / V)
 * (variable permittivity eps(x); optionally one mobile ion in Boltzmann equilibrium, bulk charge
 * density q and thermal voltage V = kT / (z e), the Poisson-Boltzmann equation), solved by Newton's
 * method with conjugate gradients on each Newton system, to a tolerance far below float32's.
 *
 * Faces per axis: periodic, noFlux (insulating: zero normal flux) or fixed (a held potential g on the
 * face, half a cell from the first cell centre: flux 2 eps_i (g - phi_i) / h). Interior face
 * permittivities are harmonic means of the two cells (the exact flux of a layered medium).
 * Layout: x fastest; face values per held face in the order of the remaining axes (x fastest).
 */
import type { BoundaryKind } from '../scene/boundarySchema.ts';

export interface FieldPoissonBox {
  /** cells per axis [nx, ny] or [nx, ny, nz] */
  shape: readonly number[];
  /** box lengths per axis */
  lengths: readonly number[];
  /** faces per axis: periodic, noFlux (insulating), fixed (held potential) */
  boundary: readonly BoundaryKind[];
}

/** One mobile ion in Boltzmann equilibrium: rho_mobile = charge exp(-phi / thermalVoltage). */
export interface MobileIon {
  /** its bulk charge density q = z e nInf (where phi = 0), signed */
  charge: number;
  /** V = kT / (z e), signed like z */
  thermalVoltage: number;
}

/** Values of phi held on the faces of `fixed` axes: [axis][0 low | 1 high], each a face array (undefined: 0). */
export type HeldFaces = (readonly [ArrayLike<number>, ArrayLike<number>] | undefined)[];

/** Number of cells on a face normal to `axis`, and the face index of cell (c0, c1, c2). */
export function faceIndex(shape: readonly number[], axis: number, c: readonly number[]): number {
  let index = 0;
  let stride = 1;
  for (let a = 0; a < shape.length; a++) {
    if (a === axis) continue;
    index += c[a] * stride;
    stride *= shape[a];
  }
  return index;
}

/**
 * The cell across face `side` (0 low, 1 high) of axis `a` from cell i at coordinates c: its index (the
 * neighbour, or the opposite end of a periodic axis), or the kind of wall there.
 */
function across(box: FieldPoissonBox, strides: number[], i: number, c: number[], a: number, side: number): number | 'insulating' | 'held' {
  const step = side === 0 ? -1 : 1;
  const m = c[a] + step;
  if (m >= 0 && m < box.shape[a]) return i + step * strides[a];
  if (box.boundary[a] === 'periodic') return i + step * strides[a] - step * box.shape[a] * strides[a];
  return box.boundary[a] === 'noFlux' ? 'insulating' : 'held';
}

/**
 * sum over the cells of sum_a (1 / h_a^2) sum over the faces of `face(i, j, a, side, c)`, where j is the
 * index across the face or its wall kind: the loop both the operator and its permittivity derivative run.
 */
function sumOverFaces(box: FieldPoissonBox, face: (i: number, j: number | 'insulating' | 'held', a: number, side: number, c: number[]) => number): Float64Array {
  const { shape, lengths } = box;
  const cells = shape.reduce((p, n) => p * n, 1);
  const strides = shape.map((_, a) => shape.slice(0, a).reduce((p, n) => p * n, 1));
  const out = new Float64Array(cells);
  const c = [0, 0, 0];
  for (let i = 0; i < cells; i++) {
    for (let a = 0; a < shape.length; a++) c[a] = Math.floor(i / strides[a]) % shape[a];
    let sum = 0;
    for (let a = 0; a < shape.length; a++) {
      const h = lengths[a] / shape[a];
      for (const side of [0, 1]) sum += face(i, across(box, strides, i, c, a, side), a, side, c) / (h * h);
    }
    out[i] = sum;
  }
  return out;
}

function heldValue(box: FieldPoissonBox, faces: HeldFaces | undefined, a: number, side: number, c: number[]): number {
  return faces?.[a] ? faces[a]![side][faceIndex(box.shape, a, c)] : 0;
}

/** Applies the discrete operator: out = div_h(eps grad_h phi) with the held values (or 0 where `faces` is undefined). */
export function divergenceEpsGradient(box: FieldPoissonBox, eps: ArrayLike<number>, phi: ArrayLike<number>, faces?: HeldFaces): Float64Array {
  return sumOverFaces(box, (i, j, a, side, c) => {
    if (j === 'insulating') return 0;
    if (j === 'held') return 2 * eps[i] * (heldValue(box, faces, a, side, c) - phi[i]);
    return ((2 * eps[i] * eps[j]) / (eps[i] + eps[j])) * (phi[j] - phi[i]);
  });
}

/**
 * dE/d eps_i of the discrete field energy whose gradient in phi is the operator above,
 *   E = (1/2) sum_a (1/h_a^2) [ sum over inner faces eps_f (phi_j - phi_i)^2 + sum over held faces 2 eps_i (g - phi_i)^2 ],
 * eps_f = 2 eps_i eps_j / (eps_i + eps_j), so d eps_f / d eps_i = 2 eps_j^2 / (eps_i + eps_j)^2. At the
 * solution of the Poisson problem the electrostatic energy W(c) = max_phi [sum rho phi - E] has
 * dW/dc_i = rho'(c_i) phi_i - eps'(c_i) dE/d eps_i: the chemical potential of a composition-dependent
 * permittivity, -eps'(c) |grad phi|^2 / 2 in the continuum (shaders/electrochem/eps_divergence.wgsl).
 */
export function permittivitySensitivity(box: FieldPoissonBox, eps: ArrayLike<number>, phi: ArrayLike<number>, faces?: HeldFaces): Float64Array {
  return sumOverFaces(box, (i, j, a, side, c) => {
    if (j === 'insulating') return 0;
    if (j === 'held') return (heldValue(box, faces, a, side, c) - phi[i]) ** 2;
    return ((eps[j] * eps[j]) / (eps[i] + eps[j]) ** 2) * (phi[j] - phi[i]) ** 2;
  });
}

export interface FieldPoissonProblem {
  box: FieldPoissonBox;
  /** permittivity per cell */
  permittivity: ArrayLike<number>;
  /** fixed charge density per cell */
  fixedCharge: ArrayLike<number>;
  mobileIon?: MobileIon;
  faces?: HeldFaces;
}

/** rho(phi) and -d rho / d phi per cell. */
function chargeAndSlope(p: FieldPoissonProblem, phi: ArrayLike<number>): { rho: Float64Array; sigma: Float64Array } {
  const cells = phi.length;
  const rho = Float64Array.from(p.fixedCharge);
  const sigma = new Float64Array(cells);
  const ion = p.mobileIon;
  if (ion) {
    for (let i = 0; i < cells; i++) {
      const n = ion.charge * Math.exp(-phi[i] / ion.thermalVoltage);
      rho[i] += n;
      sigma[i] = n / ion.thermalVoltage;
    }
  }
  return { rho, sigma };
}

/** The Newton residual r = rho(phi) + div_h(eps grad_h phi) (zero at the solution). */
export function fieldPoissonResidual(p: FieldPoissonProblem, phi: ArrayLike<number>): Float64Array {
  const div = divergenceEpsGradient(p.box, p.permittivity, phi, p.faces);
  const { rho } = chargeAndSlope(p, phi);
  return div.map((v, i) => v + rho[i]);
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Solve to |r| <= tolerance |r(phi = 0)| (relative), Newton from `initial` (default 0), CG with
 * Jacobi preconditioning on each Newton system J d = r, J = -div_h(eps grad_h .) + sigma. Without a held
 * axis and without a mobile ion the operator is singular: the mean of rho is dropped and phi has zero mean.
 */
export function solveFieldPoisson(p: FieldPoissonProblem, options: { tolerance?: number; initial?: ArrayLike<number>; maxNewton?: number } = {}): Float64Array {
  const tolerance = options.tolerance ?? 1e-12;
  const cells = p.fixedCharge.length;
  const gauge = !p.mobileIon && !p.box.boundary.includes('fixed');
  const rhoMean = gauge ? mean(p.fixedCharge) : 0;
  const problem = gauge ? { ...p, fixedCharge: Float64Array.from(p.fixedCharge, (v) => v - rhoMean) } : p;
  const phi = Float64Array.from(options.initial ?? new Float64Array(cells));
  const initialResidual = fieldPoissonResidual(problem, new Float64Array(cells));
  const scale = Math.sqrt(dot(initialResidual, initialResidual)) || 1;
  for (let newton = 0; newton < (options.maxNewton ?? 50); newton++) {
    const r = fieldPoissonResidual(problem, phi);
    const norm = Math.sqrt(dot(r, r));
    if (norm <= tolerance * scale) break;
    const { sigma } = chargeAndSlope(problem, phi);
    const apply = (v: Float64Array) => {
      const div = divergenceEpsGradient(p.box, p.permittivity, v);
      return div.map((d, i) => -d + sigma[i] * v[i]);
    };
    // Jacobi: the diagonal of J, the response of a cell to itself (phi = 1 there, 0 elsewhere)
    const diagonal = operatorDiagonal(p.box, p.permittivity).map((v, i) => v + sigma[i]);
    const jacobi = (v: Float64Array) => v.map((x, i) => x / diagonal[i]);
    // CG on J d = r
    const d = new Float64Array(cells);
    const res = Float64Array.from(r);
    let z = jacobi(res);
    const dir = Float64Array.from(z);
    let rz = dot(res, z);
    const target = Math.min(1e-3 * norm, 0.1 * tolerance * scale);
    for (let it = 0; it < 20 * cells && Math.sqrt(dot(res, res)) > target; it++) {
      const q = apply(dir);
      const alpha = rz / dot(dir, q);
      for (let i = 0; i < cells; i++) {
        d[i] += alpha * dir[i];
        res[i] -= alpha * q[i];
      }
      if (gauge) subtractMean(res);
      z = jacobi(res);
      const rzNew = dot(res, z);
      const beta = rzNew / rz;
      rz = rzNew;
      for (let i = 0; i < cells; i++) dir[i] = z[i] + beta * dir[i];
    }
    for (let i = 0; i < cells; i++) phi[i] += d[i];
    if (gauge) subtractMean(phi);
  }
  return phi;
}

/** Diagonal of -div_h(eps grad_h .) with homogeneous held faces (also the Jacobi preconditioner of electrodepositionReference.ts). */
export function operatorDiagonal(box: FieldPoissonBox, eps: ArrayLike<number>): Float64Array {
  const { shape, lengths, boundary } = box;
  const strides = shape.map((_, a) => shape.slice(0, a).reduce((p, n) => p * n, 1));
  return Float64Array.from({ length: eps.length }, (_, i) => {
    let sum = 0;
    for (let a = 0; a < shape.length; a++) {
      const h = lengths[a] / shape[a];
      const c = Math.floor(i / strides[a]) % shape[a];
      for (const step of [-1, 1]) {
        const m = c + step;
        if (m >= 0 && m < shape[a]) sum += (2 * eps[i] * eps[i + step * strides[a]]) / (eps[i] + eps[i + step * strides[a]]) / (h * h);
        else if (boundary[a] === 'periodic') {
          const j = i + step * strides[a] - step * shape[a] * strides[a];
          sum += (2 * eps[i] * eps[j]) / (eps[i] + eps[j]) / (h * h);
        } else if (boundary[a] === 'fixed') sum += (2 * eps[i]) / (h * h);
      }
    }
    return sum;
  });
}

function mean(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s / v.length;
}

function subtractMean(v: Float64Array): void {
  const m = mean(v);
  for (let i = 0; i < v.length; i++) v[i] -= m;
}
