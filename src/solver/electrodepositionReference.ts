/**
 * Float64 step of the electrodeposition model (src/physics/electrodeposition.ts, internal units) on a
 * cell-centred 2D grid [nx, ny] (ny = 1 is the 1D strip) or 3D grid [nx, ny, nz], x normal to the electrode:
 *   x = 0 (electrode): xi = 1, phi = phi_app, no flux of c;  x = L: xi = 0, phi = phi_L, c = c_b;
 *   lateral faces (y, and z in 3D): no flux of everything, or periodic.
 * The step from (xi, c~, phi) over dt (docs/electrodeposition.md, "Numerics"):
 *   1. A = -[g'(xi) - div J]: the Allen-Cahn part, conservative finite volumes, the anisotropic flux J on
 *      the cell faces (cubicFlux for omega = 4 and in 3D; Kobayashi's form, Physica D 63 (1993) 410, PFHub
 *      benchmark 3's torque terms, for the other 2D modes); explicit.
 *   2. phi solves div(sigma grad phi) = Gamma R(phi), R = A - lEta h'(xi) B(phi, c~): the charge balance with
 *      the rate the step will use, Newton on the Butler-Volmer exponentials (each system
 *      -div(sigma grad d) - s d = F, s = Gamma lEta h' B' >= 0, by Jacobi-preconditioned CG), warm-started
 *      from the previous phi.
 *   3. c~' from the implicit Nernst-Planck step in the Slotboom variable (nernstPlanckStep) with the
 *      deposition sink, its reduction term at c~'.
 *   2 and 3 run twice (COUPLING_PASSES), the second charge balance with c~'; then xi' = xi + dt R.
 * The Li inventory sum(c~ + r xi) (cell volume; cell area in 2D) changes in a step by exactly the flux through x = L, which the step
 * returns.
 */
import type { ElectrodepositionInternal } from '../physics/electrodeposition.ts';
import { barrierSlope, butlerVolmer, interpolation, interpolationSlope } from '../physics/electrodeposition.ts';
import { divergenceEpsGradient, operatorDiagonal, type FieldPoissonBox, type HeldFaces } from './fieldPoissonReference.ts';

export type LateralBoundary = 'noFlux' | 'periodic';

export interface DepositionGrid {
  /** cells [nx, ny] or [nx, ny, nz] (x fastest) */
  shape: readonly [number, number] | readonly [number, number, number];
  /** box lengths [Lx, Ly] or [Lx, Ly, Lz] (internal units) */
  lengths: readonly [number, number] | readonly [number, number, number];
  /** the faces normal to y (and z in 3D) */
  lateral: LateralBoundary;
}

/** [nx, ny, nz] of a grid (nz = 1 in 2D). */
export function gridExtent(grid: DepositionGrid): [number, number, number] {
  return [grid.shape[0], grid.shape[1], grid.shape.length === 3 ? grid.shape[2] : 1];
}

/** Cell spacings [hx, hy, hz]; hz = 1 in 2D, so that hx hy hz is the cell's measure (area per unit depth in 2D, volume in 3D). */
export function gridSpacing(grid: DepositionGrid): [number, number, number] {
  const [nx, ny, nz] = gridExtent(grid);
  return [grid.lengths[0] / nx, grid.lengths[1] / ny, grid.shape.length === 3 ? grid.lengths[2]! / nz : 1];
}

export interface DepositionState {
  xi: Float64Array;
  c: Float64Array;
  phi: Float64Array;
}

export interface DepositionStepResult {
  /** Li (c~ units times internal area, or volume in 3D, per the whole box) entering through x = L during the step */
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
 * xi at (ix, iy, iz) with the held faces as ghost cells (the linear extension through the face: 2 g - xi) and
 * the lateral faces mirrored or wrapped.
 */
function phaseAt(grid: DepositionGrid, xi: ArrayLike<number>, ix: number, iy: number, iz = 0): number {
  const [nx, ny, nz] = gridExtent(grid);
  const y = lateralIndex(iy, ny, grid.lateral);
  const row = (lateralIndex(iz, nz, grid.lateral) * ny + y) * nx;
  if (ix < 0) return 2 - xi[row];
  if (ix >= nx) return -xi[row + nx - 1];
  return xi[row + ix];
}

/**
 * The flux of the anisotropic gradient energy (1/2) kappa(theta) |grad xi|^2 (internal kappa0 = 1):
 *   J = (a xi_x - a' xi_y / 2, a xi_y + a' xi_x / 2),  a = 1 + delta cos(omega theta),  theta = atan2(xi_y, xi_x),
 * so that the variational derivative of the energy is -div J (2D, any omega).
 */
export function anisotropicFlux(gx: number, gy: number, strength: number, mode: number): [number, number] {
  const theta = Math.atan2(gy, gx);
  const a = 1 + strength * Math.cos(mode * theta);
  const slope = -strength * mode * Math.sin(mode * theta);
  return [a * gx - 0.5 * slope * gy, a * gy + 0.5 * slope * gx];
}

/** The cubic anisotropy a(n) = 1 + delta (4 (n_x^4 + n_y^4 + n_z^4) - 3) of the unit normal n (1 for n = 0). */
export function cubicAnisotropy(gx: number, gy: number, gz: number, strength: number): number {
  const m = Math.hypot(gx, gy, gz);
  if (m === 0) return 1;
  const [nx, ny, nz] = [gx / m, gy / m, gz / m];
  return 1 + strength * (4 * (nx ** 4 + ny ** 4 + nz ** 4) - 3);
}

/**
 * The flux of the cubic gradient energy (1/2) a(n) |g|^2, g = grad xi, n = g / |g|,
 * a(n) = 1 + delta (4 sum_i n_i^4 - 3) (internal kappa0 = 1):
 *   J = dE/dg = a g + (|g|^2 / 2) da/dg,   da/dg_j = sum_i 16 delta n_i^3 (delta_ij - n_i n_j) / |g|
 *     = |g| [a n + 8 delta (n^3 - S4 n)],   n^3 componentwise, S4 = sum_i n_i^4.
 * In a plane with n_z = 0, n = (cos theta, sin theta): n_x^4 + n_y^4 = 3/4 + cos(4 theta) / 4, so a = 1 + delta
 * cos(4 theta) and J is anisotropicFlux with omega = 4 exactly. J = 0 at g = 0.
 */
export function cubicFlux(gx: number, gy: number, gz: number, strength: number): [number, number, number] {
  const m = Math.hypot(gx, gy, gz);
  if (m === 0) return [0, 0, 0];
  const n = [gx / m, gy / m, gz / m];
  const s4 = n[0] ** 4 + n[1] ** 4 + n[2] ** 4;
  const a = 1 + strength * (4 * s4 - 3);
  const j = n.map((v) => m * (a * v + 8 * strength * (v * v * v - s4 * v)));
  return [j[0], j[1], j[2]];
}

/**
 * J . e_axis from the gradient on a face: the cubic form (omega = 4, or any grid in 3D, where the schema allows
 * only omega = 4 or delta = 0), Kobayashi's form for the other 2D modes.
 */
function faceFlux(g: readonly [number, number, number], axis: number, strength: number, mode: number, threeD: boolean): number {
  if (threeD || mode === 4) return cubicFlux(g[0], g[1], g[2], strength)[axis];
  return anisotropicFlux(g[0], g[1], strength, mode)[axis];
}

/** A = -[g'(xi) - div J] per cell (the interface-mobility part of dxi/dt). */
export function allenCahnRate(grid: DepositionGrid, q: ElectrodepositionInternal, xi: ArrayLike<number>): Float64Array {
  const extent = gridExtent(grid);
  const [nx, ny, nz] = extent;
  const spacing = gridSpacing(grid);
  const threeD = grid.shape.length === 3;
  const dims = threeD ? 3 : 2;
  const { strength, mode } = q.anisotropy;
  const v = (c: readonly number[]) => phaseAt(grid, xi, c[0], c[1], c[2]);
  const shifted = (c: readonly number[], a: number, d: number) => c.map((x, b) => (b === a ? x + d : x));
  // J . e_a on the face between the cell below c along a and c: the normal derivative across the face, the
  // tangential ones the mean of the two cells' central differences (0 through a no-flux lateral wall)
  const flux = (a: number, c: readonly number[]): number => {
    if (a > 0 && grid.lateral === 'noFlux' && (c[a] === 0 || c[a] === extent[a])) return 0;
    const below = shifted(c, a, -1);
    const g: [number, number, number] = [0, 0, 0];
    for (let b = 0; b < dims; b++) {
      if (b === a) g[b] = (v(c) - v(below)) / spacing[a];
      else g[b] = (v(shifted(below, b, 1)) - v(shifted(below, b, -1)) + v(shifted(c, b, 1)) - v(shifted(c, b, -1))) / (4 * spacing[b]);
    }
    return faceFlux(g, a, strength, mode, threeD);
  };
  const rate = new Float64Array(nx * ny * nz);
  for (let iz = 0; iz < nz; iz++) {
    for (let iy = 0; iy < ny; iy++) {
      for (let ix = 0; ix < nx; ix++) {
        const i = (iz * ny + iy) * nx + ix;
        const c = [ix, iy, iz];
        let divergence = 0;
        for (let a = 0; a < dims; a++) divergence += (flux(a, shifted(c, a, 1)) - flux(a, c)) / spacing[a];
        rate[i] = -(barrierSlope(xi[i]) - divergence);
      }
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

/** The box of the charge balance: x held, the lateral axes (y, and z in 3D) no-flux or periodic. */
export function depositionFieldBox(grid: DepositionGrid): FieldPoissonBox {
  return { shape: grid.shape, lengths: grid.lengths, boundary: grid.shape.length === 3 ? ['fixed', grid.lateral, grid.lateral] : ['fixed', grid.lateral] };
}

function heldPotentials(grid: DepositionGrid, q: ElectrodepositionInternal): HeldFaces {
  const [, ny, nz] = gridExtent(grid);
  return [[new Float64Array(ny * nz).fill(q.potential.electrode), new Float64Array(ny * nz).fill(q.potential.electrolyte)], undefined];
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Jacobi-preconditioned conjugate gradients for the symmetric positive definite A x = b, from x (updated
 * in place) until |r| <= target or maxIterations.
 */
function jacobiCg(apply: (v: Float64Array) => Float64Array, diagonal: ArrayLike<number>, b: ArrayLike<number>, x: Float64Array, target: number, maxIterations: number): void {
  const ax = apply(x);
  const residual = Float64Array.from(b, (v, i) => v - ax[i]);
  let z = residual.map((v, i) => v / diagonal[i]);
  const direction = Float64Array.from(z);
  let rz = dot(residual, z);
  for (let it = 0; it < maxIterations && Math.sqrt(dot(residual, residual)) > target; it++) {
    const ad = apply(direction);
    const alpha = rz / dot(direction, ad);
    for (let i = 0; i < x.length; i++) {
      x[i] += alpha * direction[i];
      residual[i] -= alpha * ad[i];
    }
    z = residual.map((v, i) => v / diagonal[i]);
    const rzNew = dot(residual, z);
    const beta = rzNew / rz;
    rz = rzNew;
    for (let i = 0; i < x.length; i++) direction[i] = z[i] + beta * direction[i];
  }
}

/**
 * The reaction part -lEta h'(xi) B per cell, its phi-derivative, and its split in c~:
 * rate = -lEta h' exp((1 - alpha) n phi) + reduction c~, reduction = lEta h' exp(-alpha n phi) >= 0.
 */
function reaction(q: ElectrodepositionInternal, xi: ArrayLike<number>, c: ArrayLike<number>, phi: ArrayLike<number>): { rate: Float64Array; slope: Float64Array; reduction: Float64Array } {
  const rate = new Float64Array(xi.length);
  const slope = new Float64Array(xi.length);
  const reduction = new Float64Array(xi.length);
  for (let i = 0; i < xi.length; i++) {
    const w = q.reactionConstant * interpolationSlope(Math.min(1, Math.max(0, xi[i])));
    const bv = butlerVolmer(phi[i], c[i], q.alpha, q.electrons);
    rate[i] = -w * bv.bracket;
    slope[i] = -w * bv.slope;
    reduction[i] = w * Math.exp(-q.alpha * q.electrons * phi[i]);
  }
  return { rate, slope, reduction };
}

/**
 * phi with div(sigma grad phi) = Gamma (A + reaction(phi)), Newton from `initial` to a residual
 * 1e-12 of that of phi = 0 (or 30 iterations).
 */
export function solveChargeBalance(grid: DepositionGrid, q: ElectrodepositionInternal, xi: ArrayLike<number>, c: ArrayLike<number>, allenCahn: ArrayLike<number>, initial: ArrayLike<number>): { phi: Float64Array; iterations: number } {
  const box = depositionFieldBox(grid);
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
    jacobiCg(apply, diagonal, F, d, Math.min(1e-3 * Math.sqrt(dot(F, F)), 1e-13 * scale), 10 * cells);
    for (let i = 0; i < cells; i++) phi[i] += d[i];
    ({ F, shift } = residual());
  }
  return { phi, iterations };
}

/**
 * The Nernst-Planck step in the Slotboom variable u = c~ e^{n phi} (Slotboom, Electron. Lett. 5 (1969)
 * 677; the Scharfetter-Gummel flux, IEEE Trans. Electron Devices 16 (1969) 64): the flux
 * D (grad c + n c grad phi) = D e^{-n phi} grad u, so the implicit step
 *   (1 + dt r k) e^{-n phi} u' - dt div(D_f m_f grad u') = c~ - dt r base
 * (the rate base + k c~', k the reduction coefficient, r = c_s / c0) is symmetric positive definite, an
 * M-matrix (c~' >= 0 for a non-negative right side) and stable for any migration. Face coefficient:
 * D at the face's mean xi times the logarithmic mean m_f of e^{-n phi} of the two cells (exact for a
 * linear phi between the centres: the Scharfetter-Gummel flux). At x = L the held c_b and phi_L half a
 * cell away; x = 0 and the no-flux lateral faces carry nothing. Solved by Jacobi-preconditioned CG to
 * 1e-14 of the right side. Returns c~' and the Li entering through x = L during the step.
 */
export function nernstPlanckStep(grid: DepositionGrid, q: ElectrodepositionInternal, xi: ArrayLike<number>, c: ArrayLike<number>, phi: ArrayLike<number>, sink: { base: ArrayLike<number>; reduction: ArrayLike<number> }, dt: number): { c: Float64Array; inflow: number } {
  const [nx, ny, nz] = gridExtent(grid);
  const [hx, hy, hz] = gridSpacing(grid);
  const cells = nx * ny * nz;
  const rows = ny * nz;
  const layer = nx * ny;
  const n = q.electrons;
  const r = q.depositRatio;
  const boltzmann = Float64Array.from(phi as ArrayLike<number>, (p) => Math.exp(-n * p));
  const logMean = (a: number, b: number) => (Math.abs(a - b) <= 1e-12 * Math.max(a, b) ? 0.5 * (a + b) : (a - b) / Math.log(a / b));
  // face weights dt D_f m_f / h^2 to the +x, +y and +z neighbours (0 where no face carries flux), and the held x = L face
  const weightX = new Float64Array(cells);
  const weightY = new Float64Array(cells);
  const weightZ = new Float64Array(cells);
  const weightL = new Float64Array(rows);
  const eL = Math.exp(-n * q.potential.electrolyte);
  const uL = q.electrolyteConcentration / eL;
  const face = (i: number, j: number, h: number) => (dt * diffusivityAt(q, 0.5 * (xi[i] + xi[j])) * logMean(boltzmann[i], boltzmann[j])) / (h * h);
  // the +y and +z neighbours (wrapped when periodic; -1 where a no-flux wall or a single layer leaves none)
  const upY = (i: number) => {
    const iy = Math.floor(i / nx) % ny;
    if (ny === 1 || (iy + 1 === ny && grid.lateral !== 'periodic')) return -1;
    return i - iy * nx + ((iy + 1) % ny) * nx;
  };
  const upZ = (i: number) => {
    const iz = Math.floor(i / layer);
    if (nz === 1 || (iz + 1 === nz && grid.lateral !== 'periodic')) return -1;
    return i - iz * layer + ((iz + 1) % nz) * layer;
  };
  for (let row = 0; row < rows; row++) {
    for (let ix = 0; ix < nx; ix++) {
      const i = row * nx + ix;
      if (ix + 1 < nx) weightX[i] = face(i, i + 1, hx);
      else weightL[row] = (dt * q.diffusivity.electrolyte * 2 * logMean(boltzmann[i], eL)) / (hx * hx);
      const jy = upY(i);
      if (jy >= 0) weightY[i] = face(i, jy, hy);
      const jz = upZ(i);
      if (jz >= 0) weightZ[i] = face(i, jz, hz);
    }
  }
  const mass = Float64Array.from({ length: cells }, (_, i) => (1 + dt * r * sink.reduction[i]) * boltzmann[i]);
  // A u = mass u + sum over faces w (u_i - u_j), the held face as w_L u_i (its u_L goes to the right side)
  const apply = (u: Float64Array) => {
    const out = mass.map((m, i) => m * u[i]);
    for (let i = 0; i < cells; i++) {
      const ix = i % nx;
      if (weightX[i] > 0) {
        const f = weightX[i] * (u[i] - u[i + 1]);
        out[i] += f;
        out[i + 1] -= f;
      }
      if (weightY[i] > 0) {
        const j = upY(i);
        const f = weightY[i] * (u[i] - u[j]);
        out[i] += f;
        out[j] -= f;
      }
      if (weightZ[i] > 0) {
        const j = upZ(i);
        const f = weightZ[i] * (u[i] - u[j]);
        out[i] += f;
        out[j] -= f;
      }
      if (ix === nx - 1) out[i] += weightL[(i - ix) / nx] * u[i];
    }
    return out;
  };
  const diagonal = Float64Array.from(mass);
  for (let i = 0; i < cells; i++) {
    const ix = i % nx;
    diagonal[i] += weightX[i] + weightY[i] + weightZ[i];
    if (ix + 1 < nx) diagonal[i + 1] += weightX[i];
    if (weightY[i] > 0) diagonal[upY(i)] += weightY[i];
    if (weightZ[i] > 0) diagonal[upZ(i)] += weightZ[i];
    if (ix === nx - 1) diagonal[i] += weightL[(i - ix) / nx];
  }
  const rhs = Float64Array.from({ length: cells }, (_, i) => c[i] - dt * r * sink.base[i]);
  for (let row = 0; row < rows; row++) rhs[row * nx + nx - 1] += weightL[row] * uL;
  // from the previous c~ (u = c~ e^{n phi})
  const u = Float64Array.from({ length: cells }, (_, i) => c[i] / boltzmann[i]);
  jacobiCg(apply, diagonal, rhs, u, 1e-14 * Math.sqrt(dot(rhs, rhs)), 20 * cells);
  // the step's flux through x = L: D m (2 / h) (u_L - u) per face area, times dt and the face's area (hy hz; hy in 2D)
  let inflow = 0;
  for (let row = 0; row < rows; row++) inflow += weightL[row] * (uL - u[row * nx + nx - 1]) * hx * hy * hz;
  return { c: u.map((v, i) => v * boltzmann[i]), inflow };
}

/**
 * Passes of (charge balance, Nernst-Planck) per step: the first charge balance sees c~ of the previous
 * state, the second the step's new c~, so that phi, the rate and c~' agree (docs/electrodeposition.md).
 */
export const COUPLING_PASSES = 2;

/**
 * Advance `state` in place by dt (internal units). The reduction term of the rate is linear in c~ and
 * taken at the new c~ (implicit): rate = A - lEta h' e_ox + reduction c~', so the Li+ that a step
 * deposits is never more than the cell holds (the sink r reduction c~' is stiff: 61 / t0 at -0.45 V).
 */
export function depositionStep(grid: DepositionGrid, q: ElectrodepositionInternal, state: DepositionState, dt: number): DepositionStepResult {
  const { xi, c } = state;
  const allenCahn = allenCahnRate(grid, q, xi);
  let phi = state.phi;
  let cNext: Float64Array = Float64Array.from(c);
  let newtonIterations = 0;
  let inflow = 0;
  let rate = new Float64Array(xi.length);
  for (let pass = 0; pass < COUPLING_PASSES; pass++) {
    const balance = solveChargeBalance(grid, q, xi, cNext, allenCahn, phi);
    phi = balance.phi;
    newtonIterations += balance.iterations;
    const bv = reaction(q, xi, c, phi);
    // rate = base + reduction c~', base = A + bv.rate - reduction c~
    const base = allenCahn.map((a, i) => a + bv.rate[i] - bv.reduction[i] * c[i]);
    const np = nernstPlanckStep(grid, q, xi, c, phi, { base, reduction: bv.reduction }, dt);
    cNext = np.c;
    inflow = np.inflow;
    rate = base.map((v, i) => v + bv.reduction[i] * cNext[i]);
  }
  for (let i = 0; i < xi.length; i++) xi[i] += dt * rate[i];
  state.c = cNext;
  state.phi = phi;
  return { boundaryInflow: inflow, rate, newtonIterations };
}

/** The Li inventory sum(c~ + (c_s / c0) xi) times the cell's measure (area in 2D, volume in 3D; internal units). */
export function lithiumInventory(grid: DepositionGrid, q: ElectrodepositionInternal, state: DepositionState): number {
  const [hx, hy, hz] = gridSpacing(grid);
  const area = hx * hy * hz;
  let s = 0;
  for (let i = 0; i < state.xi.length; i++) s += state.c[i] + q.depositRatio * state.xi[i];
  return s * area;
}
