/**
 * Homogeneous (bulk) free-energy densities f(c) of a site fraction c in [0, 1], with the first and
 * second derivatives the solver and the stability analysis need. Float64, no GPU.
 *
 * - double well  f = rho (c - ca)^2 (cb - c)^2            (PFHub benchmark 1; Jokisaari et al. 2017)
 * - regular solution per volume
 *       f = rhoS [ kT (c ln c + (1 - c) ln(1 - c)) + Omega c (1 - c) ]
 *   written molar here: rhoS in mol/m^3, RT and Omega in J/mol (Bazant, Acc. Chem. Res. 46 (2013) 1144).
 *   c is clamped into (CLAMP, 1 - CLAMP) inside the logarithms so f stays finite at 0 and 1.
 * - polynomial    f = sum_j a_j c^j                        (PFHub benchmark 4 style)
 */

export const LOG_CLAMP = 1e-6;

export type FreeEnergyParams =
  | { kind: 'doubleWell'; rho: number; ca: number; cb: number }
  | { kind: 'regularSolution'; siteDensity: number; rt: number; omega: number }
  | { kind: 'polynomial'; coefficients: number[] };

export interface FreeEnergy {
  readonly params: FreeEnergyParams;
  f(c: number): number;
  /** df/dc: the homogeneous chemical potential per volume. */
  df(c: number): number;
  /** d2f/dc2: negative inside the spinodal. */
  d2f(c: number): number;
  /** A characteristic energy density (used to scale the equations to O(1) numbers). */
  readonly scale: number;
}

function clampLog(c: number): number {
  return Math.min(1 - LOG_CLAMP, Math.max(LOG_CLAMP, c));
}

export function freeEnergy(params: FreeEnergyParams): FreeEnergy {
  switch (params.kind) {
    case 'doubleWell': {
      const { rho, ca, cb } = params;
      return {
        params,
        scale: rho,
        f: (c) => rho * (c - ca) ** 2 * (cb - c) ** 2,
        df: (c) => 2 * rho * (c - ca) * (cb - c) * (ca + cb - 2 * c),
        d2f: (c) => 2 * rho * ((c - ca) ** 2 + (cb - c) ** 2 - 4 * (c - ca) * (cb - c)),
      };
    }
    case 'regularSolution': {
      const { siteDensity: n, rt, omega } = params;
      return {
        params,
        scale: n * rt,
        f: (c) => {
          const x = clampLog(c);
          return n * (rt * (x * Math.log(x) + (1 - x) * Math.log(1 - x)) + omega * c * (1 - c));
        },
        df: (c) => {
          const x = clampLog(c);
          return n * (rt * Math.log(x / (1 - x)) + omega * (1 - 2 * c));
        },
        d2f: (c) => {
          const x = clampLog(c);
          return n * (rt / (x * (1 - x)) - 2 * omega);
        },
      };
    }
    case 'polynomial': {
      const a = params.coefficients;
      return {
        params,
        scale: Math.max(...a.map(Math.abs), Number.MIN_VALUE),
        f: (c) => a.reduce((s, aj, j) => s + aj * c ** j, 0),
        df: (c) => a.reduce((s, aj, j) => (j >= 1 ? s + j * aj * c ** (j - 1) : s), 0),
        d2f: (c) => a.reduce((s, aj, j) => (j >= 2 ? s + j * (j - 1) * aj * c ** (j - 2) : s), 0),
      };
    }
  }
}

/**
 * The two coexisting (binodal) compositions of a phase-separating f: the common tangent
 * f'(c1) = f'(c2) = (f(c2) - f(c1)) / (c2 - c1), found by Newton's method on the two equations from
 * the minima of f minus its chord. Returns null when f is convex on (0, 1) (no miscibility gap).
 */
export function commonTangent(fe: FreeEnergy): [number, number] | null {
  // Locate the spinodal region first: where f'' < 0 on a fine grid.
  const n = 2000;
  let lo = -1;
  let hi = -1;
  for (let i = 1; i < n; i++) {
    const c = i / n;
    if (fe.d2f(c) < 0) {
      if (lo < 0) lo = c;
      hi = c;
    }
  }
  if (lo < 0) return null;
  // Start from the minima of f(c) - chord over each side, then Newton on (g1, g2) = (f'(c1) - f'(c2), f'(c1)(c2 - c1) - (f(c2) - f(c1))).
  let c1 = lo / 2;
  let c2 = (1 + hi) / 2;
  for (let it = 0; it < 200; it++) {
    const g1 = fe.df(c1) - fe.df(c2);
    const g2 = fe.df(c1) * (c2 - c1) - (fe.f(c2) - fe.f(c1));
    const j11 = fe.d2f(c1);
    const j12 = -fe.d2f(c2);
    const j21 = fe.d2f(c1) * (c2 - c1);
    const j22 = fe.df(c1) - fe.df(c2);
    const det = j11 * j22 - j12 * j21;
    if (!Number.isFinite(det) || det === 0) break;
    const d1 = (g1 * j22 - j12 * g2) / det;
    const d2 = (j11 * g2 - j21 * g1) / det;
    c1 = Math.min(lo, Math.max(1e-12, c1 - d1));
    c2 = Math.max(hi, Math.min(1 - 1e-12, c2 - d2));
    if (Math.abs(d1) + Math.abs(d2) < 1e-15) break;
  }
  return [c1, c2];
}

/**
 * Stabilisation constant A for the semi-implicit scheme (Zhu, Chen, Shen & Tikare, PRE 60 (1999)
 * 3564): `fraction` (default an eighth) of the largest curvature f'' over the compositions the system
 * visits (between the binodal compositions, or the given range). ETDRK4 takes half: it integrates the
 * linear part exactly, so A costs it little accuracy (docs/numerics.md, "ETDRK4"). A >= max f''/2 would make every step energy-stable at any
 * dt, but it also slows the dynamics by the factor 1 + dt M k^2 A, so accurate runs need many more
 * steps (PFHub 1a: 6025 steps at A = max f''/2 against 1231 at max f''/8 for the same band, see
 * docs/numerics.md). Spinode's steps are limited by the accuracy controller, and blow-ups are rolled
 * back, so A only has to damp the step-size oscillation of the explicit f'(c) at large steps.
 */
export function autoStabilizer(fe: FreeEnergy, range: [number, number], fraction = 1 / 8): number {
  const gap = commonTangent(fe);
  const c0 = Math.max(1e-4, Math.min(range[0], gap ? gap[0] : range[0]));
  const c1 = Math.min(1 - 1e-4, Math.max(range[1], gap ? gap[1] : range[1]));
  let maxCurvature = 0;
  for (let i = 0; i <= 200; i++) maxCurvature = Math.max(maxCurvature, fe.d2f(c0 + ((c1 - c0) * i) / 200));
  return maxCurvature * fraction;
}
