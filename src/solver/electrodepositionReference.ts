/**
 * Float64 step of the electrodeposition model (src/physics/electrodeposition.ts, internal units) on a
 * cell-centred 2D grid [nx, ny] (ny = 1 is the 1D strip), x normal to the electrode:
 *   x = 0 (electrode): xi = 1, phi = phi_app, no flux of c;  x = L: xi = 0, phi = phi_L, c = c_b;
 *   lateral faces (y): no flux of everything, or periodic.
 * The step from (xi, c, phi) over dt (docs/electrodeposition.md, "Numerics"):
 *   1. A = -[g'(xi) - div J]: the Allen-Cahn part, conservative finite volumes, the anisotropic flux J
 *      (Kobayashi, Physica D 63 (1993) 410; PFHub benchmark 3's torque terms) on the cell faces.
 *   2. phi solves div(sigma grad phi) = Gamma R(phi), R = A - lEta h'(xi) B(phi, c): the charge balance with
 *      the rate the step will use, Newton on the Butler-Volmer exponentials (each system
 *      -div(sigma grad d) - s d = F, s = Gamma lEta h' B' >= 0, by Jacobi-preconditioned CG), warm-started
 *      from the previous phi. Nothing is lagged: the phi of the step is consistent with its rate.
 *   3. xi' = xi + dt R  (explicit).
 *   4. c' = c + d, (1 - dt Dmax L_h) d = dt [div F(c, phi, xi) - r (xi' - xi) / dt]: the stabilised
 *      semi-implicit split, F = D(xi) (grad c + n c grad phi) explicit, the constant-coefficient Laplacian
 *      L_h (Neumann at x = 0, zero at x = L, the lateral faces' kind) implicit, inverted exactly in its
 *      eigenbasis (quarter-wave cosines along x: cos(pi (k + 1/2)(j + 1/2) / nx), the DCT-IV vectors).
 * The Li inventory sum(c + r xi) h^2 changes in a step by exactly the flux through x = L (that of F and
 * that of the implicit correction, -2 Dmax d_last / h), which `step` returns.
 */
import type { ElectrodepositionInternal } from '../physics/electrodeposition.ts';
import { barrierSlope, butlerVolmer, interpolation, interpolationSlope } from '../physics/electrodeposition.ts';
import { divergenceEpsGradient, operatorDiagonal, type FieldPoissonBox, type HeldFaces } from './fieldPoissonReference.ts';

export type LateralBoundary = 'noFlux' | 'periodic';

export interface DepositionGrid {
  /** cells [nx, ny] */
  shape: readonly [number, number];
  /** box lengths [Lx, Ly] (internal units) */
  lengths: readonly [number, number];
  lateral: LateralBoundary;
}

export interface DepositionState {
  xi: Float64Array;
  c: Float64Array;
  phi: Float64Array;
}

export interface DepositionStepResult {
  /** Li (c~ units times internal area, per the whole box) entering through x = L during the step */
  boundaryInflow: number;
  /** the rate dxi/dt the step used, per cell */
  rate: Float64Array;
  /** Newton iterations of the charge balance */
  newtonIterations: number;
}

/** The lateral faces and the cell across them: the neighbour, the mirrored cell (no flux) or the wrapped one. */
function lateralIndex(iy: number, ny: number, lateral: LateralBoundary): number {
  if (iy >= 0 && iy < ny) return iy;
  if (lateral === 'periodic') return (iy + ny) % ny;
  return iy < 0 ? 0 : ny - 1;
}

/**
 * xi at (ix, iy) with the held faces as ghost cells (the linear extension through the face: 2 g - xi) and
 * the lateral faces mirrored or wrapped.
 */
function phaseAt(grid: DepositionGrid, xi: ArrayLike<number>, ix: number, iy: number): number {
  const [nx, ny] = grid.shape;
  const y = lateralIndex(iy, ny, grid.lateral);
  if (ix < 0) return 2 - xi[y * nx];
  if (ix >= nx) return -xi[y * nx + nx - 1];
  return xi[y * nx + ix];
}

/**
 * The flux of the anisotropic gradient energy (1/2) kappa(theta) |grad xi|^2 (internal kappa0 = 1):
 *   J = (a xi_x - a' xi_y / 2, a xi_y + a' xi_x / 2),  a = 1 + delta cos(omega theta),  theta = atan2(xi_y, xi_x),
 * so that the variational derivative of the energy is -div J.
 */
function anisotropicFlux(gx: number, gy: number, strength: number, mode: number): [number, number] {
  const theta = Math.atan2(gy, gx);
  const a = 1 + strength * Math.cos(mode * theta);
  const slope = -strength * mode * Math.sin(mode * theta);
  return [a * gx - 0.5 * slope * gy, a * gy + 0.5 * slope * gx];
}

/** A = -[g'(xi) - div J] per cell (the interface-mobility part of dxi/dt). */
export function allenCahnRate(grid: DepositionGrid, q: ElectrodepositionInternal, xi: ArrayLike<number>): Float64Array {
  const [nx, ny] = grid.shape;
  const [hx, hy] = [grid.lengths[0] / nx, grid.lengths[1] / ny];
  const { strength, mode } = q.anisotropy;
  const v = (ix: number, iy: number) => phaseAt(grid, xi, ix, iy);
  // faces normal to x: index f = 0..nx between cells f - 1 and f
  const fluxX = new Float64Array((nx + 1) * ny);
  for (let iy = 0; iy < ny; iy++) {
    for (let f = 0; f <= nx; f++) {
      const gx = (v(f, iy) - v(f - 1, iy)) / hx;
      const gy = (v(f - 1, iy + 1) - v(f - 1, iy - 1) + v(f, iy + 1) - v(f, iy - 1)) / (4 * hy);
      fluxX[iy * (nx + 1) + f] = anisotropicFlux(gx, gy, strength, mode)[0];
    }
  }
  // faces normal to y: index f = 0..ny between rows f - 1 and f (no-flux walls carry nothing)
  const fluxY = new Float64Array(nx * (ny + 1));
  for (let f = 0; f <= ny; f++) {
    if (grid.lateral === 'noFlux' && (f === 0 || f === ny)) continue;
    for (let ix = 0; ix < nx; ix++) {
      const gy = (v(ix, f) - v(ix, f - 1)) / hy;
      const gx = (v(ix + 1, f - 1) - v(ix - 1, f - 1) + v(ix + 1, f) - v(ix - 1, f)) / (4 * hx);
      fluxY[f * nx + ix] = anisotropicFlux(gx, gy, strength, mode)[1];
    }
  }
  const rate = new Float64Array(nx * ny);
  for (let iy = 0; iy < ny; iy++) {
    for (let ix = 0; ix < nx; ix++) {
      const i = iy * nx + ix;
      const divergence = (fluxX[iy * (nx + 1) + ix + 1] - fluxX[iy * (nx + 1) + ix]) / hx + (fluxY[(iy + 1) * nx + ix] - fluxY[iy * nx + ix]) / hy;
      rate[i] = -(barrierSlope(xi[i]) - divergence);
    }
  }
  return rate;
}

/** sigma(xi) = sigma_e h + sigma_l (1 - h) (internal, sigma_l = 1). */
export function conductivityOf(q: ElectrodepositionInternal, xi: ArrayLike<number>): Float64Array {
  return Float64Array.from(xi as ArrayLike<number>, (x) => {
    const h = interpolation(Math.min(1, Math.max(0, x)));
    return q.conductivity.electrode * h + q.conductivity.electrolyte * (1 - h);
  });
}

/** D(xi) = D_e h + D_l (1 - h) (internal). */
function diffusivityAt(q: ElectrodepositionInternal, xi: number): number {
  const h = interpolation(Math.min(1, Math.max(0, xi)));
  return q.diffusivity.electrode * h + q.diffusivity.electrolyte * (1 - h);
}

function fieldBox(grid: DepositionGrid): FieldPoissonBox {
  return { shape: grid.shape, lengths: grid.lengths, boundary: ['fixed', grid.lateral] };
}

function heldPotentials(grid: DepositionGrid, q: ElectrodepositionInternal): HeldFaces {
  const ny = grid.shape[1];
  return [[new Float64Array(ny).fill(q.potential.electrode), new Float64Array(ny).fill(q.potential.electrolyte)], undefined];
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** The reaction part -lEta h'(xi) B and its phi-derivative, per cell. */
function reaction(q: ElectrodepositionInternal, xi: ArrayLike<number>, c: ArrayLike<number>, phi: ArrayLike<number>): { rate: Float64Array; slope: Float64Array } {
  const rate = new Float64Array(xi.length);
  const slope = new Float64Array(xi.length);
  for (let i = 0; i < xi.length; i++) {
    const w = q.reactionConstant * interpolationSlope(Math.min(1, Math.max(0, xi[i])));
    const bv = butlerVolmer(phi[i], Math.max(c[i], 0), q.alpha, q.electrons);
    rate[i] = -w * bv.bracket;
    slope[i] = -w * bv.slope;
  }
  return { rate, slope };
}

/**
 * phi with div(sigma grad phi) = Gamma (A + reaction(phi)), Newton from `initial` to a residual
 * 1e-12 of that of phi = 0 (or 30 iterations).
 */
export function solveChargeBalance(grid: DepositionGrid, q: ElectrodepositionInternal, xi: ArrayLike<number>, c: ArrayLike<number>, allenCahn: ArrayLike<number>, initial: ArrayLike<number>): { phi: Float64Array; iterations: number } {
  const box = fieldBox(grid);
  const faces = heldPotentials(grid, q);
  const sigma = conductivityOf(q, xi);
  const baseDiagonal = operatorDiagonal(box, sigma);
  const cells = xi.length;
  const phi = Float64Array.from(initial);
  const residual = (): { F: Float64Array; shift: Float64Array } => {
    const div = divergenceEpsGradient(box, sigma, phi, faces);
    const r = reaction(q, xi, c, phi);
    const F = div.map((d, i) => d - q.chargeSource * (allenCahn[i] + r.rate[i]));
    // -Gamma dR/dphi = Gamma lEta h' B' >= 0, entering J = -div sigma grad - shift
    const shift = r.slope.map((s) => q.chargeSource * s);
    return { F, shift: shift.map((s) => -s) };
  };
  // the scale of the problem: the residual at phi = 0 (the held potentials and the source)
  phi.fill(0);
  const atZero = residual().F;
  const scale = Math.sqrt(dot(atZero, atZero)) || 1;
  phi.set(initial);
  let { F, shift } = residual();
  let iterations = 0;
  for (; iterations < 30 && Math.sqrt(dot(F, F)) > 1e-12 * scale; iterations++) {
    const apply = (v: Float64Array) => divergenceEpsGradient(box, sigma, v).map((d, i) => -d - shift[i] * v[i]);
    const diagonal = baseDiagonal.map((d, i) => d - shift[i]);
    const d = new Float64Array(cells);
    const res = Float64Array.from(F);
    let z = res.map((x, i) => x / diagonal[i]);
    const dir = Float64Array.from(z);
    let rz = dot(res, z);
    const target = Math.min(1e-3 * Math.sqrt(dot(F, F)), 1e-13 * scale);
    for (let it = 0; it < 10 * cells && Math.sqrt(dot(res, res)) > target; it++) {
      const qd = apply(dir);
      const alpha = rz / dot(dir, qd);
      for (let i = 0; i < cells; i++) {
        d[i] += alpha * dir[i];
        res[i] -= alpha * qd[i];
      }
      z = res.map((x, i) => x / diagonal[i]);
      const rzNew = dot(res, z);
      const beta = rzNew / rz;
      rz = rzNew;
      for (let i = 0; i < cells; i++) dir[i] = z[i] + beta * dir[i];
    }
    for (let i = 0; i < cells; i++) phi[i] += d[i];
    ({ F, shift } = residual());
  }
  return { phi, iterations };
}

/**
 * div F for the Nernst-Planck flux F = D(xi) (grad c + n c grad phi) per cell, and the flux into the box
 * through x = L (summed over the face, internal units: c~ per time times face length).
 */
export function nernstPlanckDivergence(grid: DepositionGrid, q: ElectrodepositionInternal, xi: ArrayLike<number>, c: ArrayLike<number>, phi: ArrayLike<number>): { divergence: Float64Array; inflow: number } {
  const [nx, ny] = grid.shape;
  const [hx, hy] = [grid.lengths[0] / nx, grid.lengths[1] / ny];
  const n = q.electrons;
  const out = new Float64Array(nx * ny);
  let inflow = 0;
  const faceFlux = (i: number, j: number, h: number) => {
    const d = diffusivityAt(q, 0.5 * (xi[i] + xi[j]));
    return (d * (c[j] - c[i] + n * 0.5 * (c[i] + c[j]) * (phi[j] - phi[i]))) / h;
  };
  for (let iy = 0; iy < ny; iy++) {
    for (let ix = 0; ix < nx; ix++) {
      const i = iy * nx + ix;
      // x faces: none through x = 0; at x = L the held c_b and phi_L half a cell away (xi = 0 there: D_l)
      if (ix + 1 < nx) {
        const f = faceFlux(i, i + 1, hx) / hx;
        out[i] += f;
        out[i + 1] -= f;
      } else {
        const cb = q.electrolyteConcentration;
        const f = (q.diffusivity.electrolyte * (2 * (cb - c[i]) + n * cb * 2 * (q.potential.electrolyte - phi[i]))) / hx;
        out[i] += f / hx;
        inflow += f * hy;
      }
      // y faces: the one above this cell (periodic wrap, or none at a no-flux wall)
      if (ny > 1 && (iy + 1 < ny || grid.lateral === 'periodic')) {
        const j = ((iy + 1) % ny) * nx + ix;
        const f = faceFlux(i, j, hy) / hy;
        out[i] += f;
        out[j] -= f;
      }
    }
  }
  return { divergence: out, inflow };
}

/** One axis's orthonormal eigenbasis of the three-point Laplacian (columns) and its eigenvalues. */
interface AxisBasis {
  vectors: Float64Array; // [n][k]
  eigenvalues: Float64Array;
}

/**
 * 'quarter': Neumann at the low face, zero at the high face (DCT-IV vectors cos(pi (k + 1/2)(j + 1/2) / n));
 * 'noFlux': Neumann at both (DCT-II); 'periodic': the real Fourier basis. Eigenvalues of L_h: -(2/h)^2 sin^2(theta_k / 2).
 */
function axisBasis(kind: 'quarter' | LateralBoundary, n: number, h: number): AxisBasis {
  const vectors = new Float64Array(n * n);
  const eigenvalues = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let angle: number;
    const column = new Float64Array(n);
    if (kind === 'quarter') {
      angle = (Math.PI * (k + 0.5)) / n;
      for (let j = 0; j < n; j++) column[j] = Math.cos(angle * (j + 0.5));
    } else if (kind === 'noFlux') {
      angle = (Math.PI * k) / n;
      for (let j = 0; j < n; j++) column[j] = Math.cos(angle * (j + 0.5));
    } else {
      // periodic: cos for k <= n/2, sin for the rest (wavenumber n - k)
      const m = k <= n / 2 ? k : n - k;
      angle = (2 * Math.PI * m) / n;
      for (let j = 0; j < n; j++) column[j] = k <= n / 2 ? Math.cos(angle * j) : Math.sin(angle * j);
    }
    const norm = Math.sqrt(dot(column, column));
    for (let j = 0; j < n; j++) vectors[j * n + k] = column[j] / norm;
    eigenvalues[k] = -((2 / h) ** 2) * Math.sin(angle / 2) ** 2;
  }
  return { vectors, eigenvalues };
}

/** Solve (1 - dt a L_h) d = b on the grid, exactly, by the separable eigenbasis. */
export function implicitDiffusionSolve(grid: DepositionGrid, coefficient: number, b: ArrayLike<number>): Float64Array {
  const [nx, ny] = grid.shape;
  const bx = axisBasis('quarter', nx, grid.lengths[0] / nx);
  const by = axisBasis(grid.lateral, ny, grid.lengths[1] / ny);
  // forward: coefficients = Qx^T B Qy; divide; back: Qx C Qy^T
  const transform = (data: Float64Array, inverse: boolean) => {
    const tmp = new Float64Array(nx * ny);
    for (let iy = 0; iy < ny; iy++) {
      for (let k = 0; k < nx; k++) {
        let s = 0;
        for (let j = 0; j < nx; j++) s += (inverse ? bx.vectors[k * nx + j] : bx.vectors[j * nx + k]) * data[iy * nx + j];
        tmp[iy * nx + k] = s;
      }
    }
    const out = new Float64Array(nx * ny);
    for (let ix = 0; ix < nx; ix++) {
      for (let k = 0; k < ny; k++) {
        let s = 0;
        for (let j = 0; j < ny; j++) s += (inverse ? by.vectors[k * ny + j] : by.vectors[j * ny + k]) * tmp[j * nx + ix];
        out[k * nx + ix] = s;
      }
    }
    return out;
  };
  const spectrum = transform(Float64Array.from(b), false);
  for (let ky = 0; ky < ny; ky++) for (let kx = 0; kx < nx; kx++) spectrum[ky * nx + kx] /= 1 - coefficient * (bx.eigenvalues[kx] + by.eigenvalues[ky]);
  return transform(spectrum, true);
}

/** Advance `state` in place by dt (internal units). */
export function depositionStep(grid: DepositionGrid, q: ElectrodepositionInternal, state: DepositionState, dt: number): DepositionStepResult {
  const { xi, c } = state;
  const allenCahn = allenCahnRate(grid, q, xi);
  const { phi, iterations } = solveChargeBalance(grid, q, xi, c, allenCahn, state.phi);
  const r = reaction(q, xi, c, phi);
  const rate = allenCahn.map((a, i) => a + r.rate[i]);
  const np = nernstPlanckDivergence(grid, q, xi, c, phi);
  const dMax = Math.max(q.diffusivity.electrode, q.diffusivity.electrolyte);
  const b = np.divergence.map((f, i) => dt * (f - q.depositRatio * rate[i]));
  const increment = implicitDiffusionSolve(grid, dt * dMax, b);
  // the implicit correction's flux through x = L (zero value on the face: 2 (0 - d) / h per cell of the last column)
  const [nx, ny] = grid.shape;
  const [hx, hy] = [grid.lengths[0] / nx, grid.lengths[1] / ny];
  let correction = 0;
  for (let iy = 0; iy < ny; iy++) correction += ((dt * dMax * 2 * -increment[iy * nx + nx - 1]) / hx) * hy;
  for (let i = 0; i < xi.length; i++) {
    xi[i] += dt * rate[i];
    c[i] += increment[i];
  }
  state.phi = phi;
  return { boundaryInflow: dt * np.inflow + correction, rate, newtonIterations: iterations };
}

/** The Li inventory sum(c~ + (c_s / c0) xi) times the cell area (internal units). */
export function lithiumInventory(grid: DepositionGrid, q: ElectrodepositionInternal, state: DepositionState): number {
  const area = (grid.lengths[0] / grid.shape[0]) * (grid.lengths[1] / grid.shape[1]);
  let s = 0;
  for (let i = 0; i < state.xi.length; i++) s += state.c[i] + q.depositRatio * state.xi[i];
  return s * area;
}
