/**
 * Space-charge layers at the surface of an ionic conductor: the one-dimensional Poisson-Boltzmann
 * boundary-value problem on the half line x >= 0, with the potential phi(0) = phi0 at the surface and
 * phi -> 0, E -> 0 in the electroneutral bulk. Float64, no GPU.
 *
 * Two charge models (the mobile carrier has charge number z, bulk density nInf):
 * - 'single': one mobile carrier against an immobile, uniform counter-charge -z e nInf (the situation
 *   in a solid electrolyte whose anion framework does not move; Maier, Physical Chemistry of Ionic
 *   Materials (Wiley 2004), ch. 5.8). rho = z e (n - nInf). Depleting the carrier leaves the bare
 *   background charge, so the depletion side behaves like a Mott-Schottky layer (field ~ sqrt(phi0));
 *   the accumulation side piles carriers up against the surface.
 * - 'gouy-chapman': two mobile ions of charges +z and -z, each of bulk density nInf (the classical
 *   diffuse layer of a symmetric liquid electrolyte; Bard & Faulkner, Electrochemical Methods, 2nd ed.
 *   (2001) ch. 13.3). rho = z e nInf (exp(-psi) - exp(psi)).
 *
 * Each model comes dilute (Boltzmann occupation) or lattice-saturated: the carriers sit on sites of
 * maximum density nMax, so their density follows Fermi-Dirac-like statistics and cannot exceed nMax
 * (Bikerman's lattice-gas form; Kornyshev, J. Phys. Chem. B 111 (2007) 5545, eqs. 4-5; for one mobile
 * carrier on its own sublattice the same site-exclusion argument, Maier 2004 ch. 5.8).
 *
 * In the reduced potential psi = z e phi / kT and the coordinate xi = x / lambda, Poisson's equation
 * eps phi'' = -rho becomes psi'' = g(psi) with g = -rho / (z e nRef), nRef = nInf ('single') or
 * 2 nInf ('gouy-chapman'), and lambda = sqrt(eps kT / (z^2 e^2 nRef)) the Debye length.
 *
 * The solver integrates the second-order equation itself (it never uses the analytic first integral,
 * which the tests keep as the independent check). The semi-infinite problem is autonomous and its
 * solutions are translates of one trajectory, the stable manifold of the bulk state psi = 0. The
 * solver therefore starts in the bulk on that manifold (psi = delta, tiny, where the linearisation
 * psi' = -k psi is exact to O(delta)), integrates towards the surface with an adaptive Dormand-Prince
 * 5(4) Runge-Kutta method (Dormand & Prince, J. Comput. Appl. Math. 6 (1980) 19) until psi reaches
 * psi0, and places the surface there. Any error in the starting slope lies along the other mode,
 * which decays along the integration, so the surface field carries only the integrator's error.
 *
 * The differential capacitance needs no second solve: along the single trajectory the surface field is
 * a function of the surface potential, so dE0/dphi0 = (dE/dx)/(dphi/dx) = -phi''/phi' at the surface.
 */
import { BOLTZMANN, ELEMENTARY_CHARGE } from './constants.ts';

export const VACUUM_PERMITTIVITY = 8.8541878128e-12; // F/m (CODATA 2018)

export type SpaceChargeModel = 'single' | 'gouy-chapman';

export interface SpaceChargeParams {
  model: SpaceChargeModel;
  /** Bulk density of the mobile carrier (for 'gouy-chapman' of each of the two ions), 1/m^3. */
  carrierDensity: number;
  relativePermittivity: number;
  temperatureKelvin: number;
  /** Signed charge number of the mobile carrier (the cation for 'gouy-chapman'); default +1 (Li+). */
  chargeNumber?: number;
  /**
   * Lattice saturation: the density of sites available to the mobile carriers, 1/m^3 (for
   * 'gouy-chapman', the sites shared by both ions). Omitted: dilute (Boltzmann) statistics.
   */
  siteDensity?: number;
}

/** Largest reduced surface potential |z e phi0 / kT| accepted (exp(psi) stays far from overflow). */
export const MAX_REDUCED_POTENTIAL = 300;

export function thermalVoltage(temperatureKelvin: number): number {
  return (BOLTZMANN * temperatureKelvin) / ELEMENTARY_CHARGE;
}

function checkParams(p: SpaceChargeParams): void {
  const positive = (name: string, v: number | undefined) => {
    if (v === undefined || !Number.isFinite(v) || v <= 0) throw new RangeError(`space charge: ${name} must be a positive number (got ${v})`);
  };
  positive('carrierDensity', p.carrierDensity);
  positive('relativePermittivity', p.relativePermittivity);
  positive('temperatureKelvin', p.temperatureKelvin);
  const z = p.chargeNumber ?? 1;
  if (!Number.isInteger(z) || z === 0) throw new RangeError(`space charge: chargeNumber must be a non-zero integer (got ${z})`);
  if (p.siteDensity !== undefined) {
    positive('siteDensity', p.siteDensity);
    const needed = p.model === 'single' ? p.carrierDensity : 2 * p.carrierDensity;
    if (p.siteDensity <= needed) {
      throw new RangeError(`space charge: siteDensity (${p.siteDensity}) must exceed the bulk occupation ${p.model === 'single' ? 'carrierDensity' : '2 carrierDensity'} (${needed})`);
    }
  }
}

/** The density entering the Debye length: nInf for one mobile carrier, 2 nInf for two. */
function referenceDensity(p: SpaceChargeParams): number {
  return p.model === 'single' ? p.carrierDensity : 2 * p.carrierDensity;
}

/** Debye length lambda = sqrt(eps0 epsr kT / (z^2 e^2 nRef)), meters (Bard & Faulkner eq. 13.3.15). */
export function debyeLength(p: SpaceChargeParams): number {
  checkParams(p);
  const z = p.chargeNumber ?? 1;
  const eps = VACUUM_PERMITTIVITY * p.relativePermittivity;
  return Math.sqrt((eps * BOLTZMANN * p.temperatureKelvin) / (z * z * ELEMENTARY_CHARGE ** 2 * referenceDensity(p)));
}

/**
 * The local charge law in reduced form: the carrier density over its bulk value, the counter-ion's
 * (two-ion model only) and g(psi) = -rho / (z e nRef) with psi'' = g(psi) in Debye units.
 */
export interface ChargeLaw {
  carrierRatio(psi: number): number;
  counterRatio(psi: number): number;
  g(psi: number): number;
}

export function chargeLaw(p: SpaceChargeParams): ChargeLaw {
  checkParams(p);
  if (p.model === 'single') {
    // Saturated: n / (nMax - n) = nInf / (nMax - nInf) exp(-psi), i.e. n/nInf = 1 / ((1 - gamma) e^psi + gamma),
    // gamma = nInf / nMax; written this way it stays finite for any psi.
    const gamma = p.siteDensity === undefined ? 0 : p.carrierDensity / p.siteDensity;
    const carrierRatio = gamma === 0 ? (psi: number) => Math.exp(-psi) : (psi: number) => 1 / ((1 - gamma) * Math.exp(psi) + gamma);
    return { carrierRatio, counterRatio: () => 1, g: (psi) => 1 - carrierRatio(psi) };
  }
  // Two ions on shared sites: n+/nInf = e^-psi / (1 - nu + nu cosh psi), nu = 2 nInf / nMax (Kornyshev 2007 eq. 5).
  const nu = p.siteDensity === undefined ? 0 : (2 * p.carrierDensity) / p.siteDensity;
  const ratio = (psi: number) => {
    if (nu === 0) return Math.exp(-psi);
    // Divide through by e^-psi: 1 / ((1 - nu) e^psi + nu (e^(2 psi) + 1) / 2), finite for any psi.
    return 1 / ((1 - nu) * Math.exp(psi) + (nu * (Math.exp(2 * psi) + 1)) / 2);
  };
  return {
    carrierRatio: ratio,
    counterRatio: (psi) => ratio(-psi),
    g: (psi) => (ratio(-psi) - ratio(psi)) / 2,
  };
}

export interface SpaceChargeSolution {
  readonly params: SpaceChargeParams;
  readonly debyeLengthMeters: number;
  readonly surfacePotentialVolts: number;
  /** Field at the surface, E = -dphi/dx, pointing into the conductor when positive, V/m. */
  readonly surfaceField: number;
  /** Charge per area on the surface that the layer screens, sigma = eps E(0); the layer holds -sigma. C/m^2. */
  readonly surfaceCharge: number;
  /** d sigma / d phi0, F/m^2. */
  readonly differentialCapacitance: number;
  /** Profile from the surface (x = 0) into the bulk, at the integrator's nodes, SI units. */
  readonly x: Float64Array;
  readonly potential: Float64Array;
  readonly field: Float64Array;
  readonly chargeDensity: Float64Array;
  /** Density of the mobile carrier (the cation for 'gouy-chapman'), 1/m^3. */
  readonly concentration: Float64Array;
}

export interface SolveOptions {
  /** Relative tolerance of the Runge-Kutta steps (default 1e-9). */
  relativeTolerance?: number;
  /** |psi| at which the integration starts in the bulk, as a fraction of |psi0| (default 1e-10). */
  startFraction?: number;
}

// Dormand-Prince 5(4) tableau (Hairer, Norsett & Wanner, Solving ODEs I, table 5.2).
const A = [
  [],
  [1 / 5],
  [3 / 40, 9 / 40],
  [44 / 45, -56 / 15, 32 / 9],
  [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
  [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
  [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
];
const B5 = [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0];
const B4 = [5179 / 57600, 0, 7571 / 16695, 393 / 640, -92097 / 339200, 187 / 2100, 1 / 40];

/** One Dormand-Prince step of psi' = p, p' = g(psi); returns the 5th-order state and the error estimate. */
function dopriStep(g: (psi: number) => number, psi: number, p: number, h: number): { psi: number; p: number; errPsi: number; errP: number } {
  const kPsi = new Array<number>(7);
  const kP = new Array<number>(7);
  for (let s = 0; s < 7; s++) {
    let yPsi = psi;
    let yP = p;
    for (let j = 0; j < s; j++) {
      yPsi += h * A[s][j] * kPsi[j];
      yP += h * A[s][j] * kP[j];
    }
    kPsi[s] = yP;
    kP[s] = g(yPsi);
  }
  let nPsi = psi;
  let nP = p;
  let errPsi = 0;
  let errP = 0;
  for (let s = 0; s < 7; s++) {
    nPsi += h * B5[s] * kPsi[s];
    nP += h * B5[s] * kP[s];
    errPsi += h * (B5[s] - B4[s]) * kPsi[s];
    errP += h * (B5[s] - B4[s]) * kP[s];
  }
  return { psi: nPsi, p: nP, errPsi, errP };
}

/**
 * The reduced trajectory from the bulk to the surface: nodes (s, psi, p) with s the distance from the
 * starting point towards the surface in Debye lengths, psi increasing in magnitude to psi0 and
 * p = dpsi/ds = -dpsi/dxi.
 */
export function integrateReduced(g: (psi: number) => number, psi0: number, options: SolveOptions = {}): { s: number[]; psi: number[]; p: number[]; slopeAtBulk: number } {
  const rtol = options.relativeTolerance ?? 1e-9;
  const h0 = 1e-5;
  const slopeAtBulk = (g(h0) - g(-h0)) / (2 * h0); // g'(0): central difference, error O(h0^2) ~ 1e-10
  const k = Math.sqrt(slopeAtBulk);
  if (psi0 === 0) return { s: [0], psi: [0], p: [0], slopeAtBulk };
  const sign = Math.sign(psi0);
  const target = Math.abs(psi0);
  const start = Math.min(1e-10, target * (options.startFraction ?? 1e-10));
  const s = [0];
  const psiNodes = [sign * start];
  const pNodes = [sign * start * k];
  const atol = rtol * start;
  let h = 0.1 / k;
  let curS = 0;
  let curPsi = psiNodes[0];
  let curP = pNodes[0];
  for (let iter = 0; iter < 1_000_000; iter++) {
    const step = dopriStep(g, curPsi, curP, h);
    const err = Math.max(
      Math.abs(step.errPsi) / (atol + rtol * Math.max(Math.abs(curPsi), Math.abs(step.psi))),
      Math.abs(step.errP) / (atol + rtol * Math.max(Math.abs(curP), Math.abs(step.p))),
    );
    if (!(err <= 1)) {
      h *= Math.max(0.1, 0.9 * Math.pow(Number.isFinite(err) ? err : 1e10, -1 / 5));
      continue;
    }
    if (Math.abs(step.psi) >= target) {
      // The surface lies inside this step: find the partial step that lands exactly on psi0
      // (secant with bisection safeguard on the same 5th-order step, which is accurate for any h below
      // an accepted one).
      let lo = 0;
      let hi = h;
      let fLo = Math.abs(curPsi) - target;
      let fHi = Math.abs(step.psi) - target;
      let last = step;
      let hLast = h;
      for (let it = 0; it < 200 && hi - lo > 1e-15 * (hi + curS); it++) {
        let mid = lo - (fLo * (hi - lo)) / (fHi - fLo);
        if (!(mid > lo && mid < hi) || it % 3 === 2) mid = (lo + hi) / 2;
        const trial = dopriStep(g, curPsi, curP, mid);
        const f = Math.abs(trial.psi) - target;
        last = trial;
        hLast = mid;
        if (f === 0) break;
        if (f < 0) {
          lo = mid;
          fLo = f;
        } else {
          hi = mid;
          fHi = f;
        }
      }
      s.push(curS + hLast);
      psiNodes.push(psi0);
      // p from the landed step; psi itself is set exactly to psi0 (it differs by the root tolerance only).
      pNodes.push(last.p);
      return { s, psi: psiNodes, p: pNodes, slopeAtBulk };
    }
    curS += h;
    curPsi = step.psi;
    curP = step.p;
    s.push(curS);
    psiNodes.push(curPsi);
    pNodes.push(curP);
    h *= Math.min(5, 0.9 * Math.pow(Math.max(err, 1e-10), -1 / 5));
  }
  throw new Error('space charge: the integration did not reach the surface potential');
}

/** Solve the space-charge layer for a surface potential phi0 (volts, relative to the bulk). */
export function solveSpaceCharge(params: SpaceChargeParams, surfacePotentialVolts: number, options: SolveOptions = {}): SpaceChargeSolution {
  checkParams(params);
  if (!Number.isFinite(surfacePotentialVolts)) throw new RangeError(`space charge: surface potential must be finite (got ${surfacePotentialVolts})`);
  const z = params.chargeNumber ?? 1;
  const vt = thermalVoltage(params.temperatureKelvin);
  const psi0 = (z * surfacePotentialVolts) / vt;
  if (Math.abs(psi0) > MAX_REDUCED_POTENTIAL) {
    throw new RangeError(`space charge: |z e phi0 / kT| = ${Math.abs(psi0).toFixed(1)} exceeds ${MAX_REDUCED_POTENTIAL} (surface potential too large for this temperature)`);
  }
  const law = chargeLaw(params);
  const lambda = debyeLength(params);
  const eps = VACUUM_PERMITTIVITY * params.relativePermittivity;
  const nRef = referenceDensity(params);
  const traj = integrateReduced(law.g, psi0, options);
  const n = traj.s.length;
  const sEnd = traj.s[n - 1];
  const phiScale = vt / z; // volts per unit psi
  const fieldScale = vt / (z * lambda); // V/m per unit p
  const x = new Float64Array(n);
  const potential = new Float64Array(n);
  const field = new Float64Array(n);
  const chargeDensity = new Float64Array(n);
  const concentration = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const j = n - 1 - i; // surface first
    const psi = traj.psi[j];
    x[i] = (sEnd - traj.s[j]) * lambda;
    potential[i] = psi * phiScale;
    field[i] = traj.p[j] * fieldScale;
    chargeDensity[i] = -z * ELEMENTARY_CHARGE * nRef * law.g(psi);
    concentration[i] = params.carrierDensity * law.carrierRatio(psi);
  }
  const pSurface = traj.p[n - 1];
  const surfaceField = pSurface * fieldScale;
  // C = eps dE0/dphi0 = (eps / lambda) g(psi0) / p(psi0); at psi0 = 0 the limit (eps / lambda) sqrt(g'(0)).
  const differentialCapacitance = psi0 === 0 ? (eps / lambda) * Math.sqrt(traj.slopeAtBulk) : ((eps / lambda) * law.g(psi0)) / pSurface;
  return {
    params,
    debyeLengthMeters: lambda,
    surfacePotentialVolts,
    surfaceField,
    surfaceCharge: eps * surfaceField,
    differentialCapacitance,
    x,
    potential,
    field,
    chargeDensity,
    concentration,
  };
}

export interface SpaceChargeRow {
  x: number;
  potential: number;
  field: number;
  chargeDensity: number;
  concentration: number;
}

/**
 * The profile at chosen depths (m): cubic Hermite interpolation of psi between the integrator's nodes
 * (using the exact slopes), linear interpolation of the field; beyond the deepest node the linearised
 * bulk tail psi ~ exp(-k x / lambda).
 */
export function sampleSpaceChargeProfile(sol: SpaceChargeSolution, depths: readonly number[]): SpaceChargeRow[] {
  const law = chargeLaw(sol.params);
  const z = sol.params.chargeNumber ?? 1;
  const vt = thermalVoltage(sol.params.temperatureKelvin);
  const lambda = sol.debyeLengthMeters;
  const nRef = referenceDensity(sol.params);
  const k = Math.sqrt((law.g(1e-5) - law.g(-1e-5)) / 2e-5);
  const n = sol.x.length;
  const rowAt = (x: number, phi: number, e: number): SpaceChargeRow => {
    const psi = (z * phi) / vt;
    return { x, potential: phi, field: e, chargeDensity: -z * ELEMENTARY_CHARGE * nRef * law.g(psi), concentration: sol.params.carrierDensity * law.carrierRatio(psi) };
  };
  return depths.map((x) => {
    if (n === 1 || x >= sol.x[n - 1]) {
      const decay = Math.exp((-k * (x - sol.x[n - 1])) / lambda);
      return rowAt(x, sol.potential[n - 1] * decay, sol.field[n - 1] * decay);
    }
    if (x <= 0) return rowAt(x, sol.potential[0], sol.field[0]);
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (sol.x[mid] <= x) lo = mid;
      else hi = mid;
    }
    const h = sol.x[hi] - sol.x[lo];
    const t = (x - sol.x[lo]) / h;
    // dphi/dx = -E
    const m0 = -sol.field[lo] * h;
    const m1 = -sol.field[hi] * h;
    const t2 = t * t;
    const t3 = t2 * t;
    const phi = (2 * t3 - 3 * t2 + 1) * sol.potential[lo] + (t3 - 2 * t2 + t) * m0 + (-2 * t3 + 3 * t2) * sol.potential[hi] + (t3 - t2) * m1;
    return rowAt(x, phi, sol.field[lo] + t * (sol.field[hi] - sol.field[lo]));
  });
}
