/**
 * Diffusion-induced stress in a free particle charged at constant current (float64), the analytic
 * reference for issue #19: a sphere (Cheng & Verbrugge, J. Power Sources 190 (2009) 453) and a long
 * cylinder in plane strain (the same construction in 2D).
 *
 * Concentration. Linear diffusion dc/dt = D lap c in a particle of radius R, uniform c0 at t = 0, a
 * constant inward flux J [mol m^-2 s^-1] through the surface. In units of J R / D, with x = r / R and
 * tau = D t / R^2, the series solutions (Crank, The Mathematics of Diffusion, 2nd ed., chapters 6 and
 * 5: a constant surface flux into a sphere and into a cylinder) are
 *   sphere:   c - c0 = 3 tau + x^2/2 - 3/10 - (2/x) sum_n sin(l_n x) / (l_n^2 sin l_n) e^{-l_n^2 tau},
 *             l_n the positive roots of tan l = l;
 *   cylinder: c - c0 = 2 tau + x^2/2 - 1/4  - 2 sum_n J0(a_n x) / (a_n^2 J0(a_n)) e^{-a_n^2 tau},
 *             a_n the positive roots of J1(a) = 0.
 * Their means are exactly 3 tau and 2 tau (Faraday: the inserted amount over the volume).
 *
 * Stress. Small strain, isotropic (E, nu) and the same in the whole particle, the Vegard strain
 * Omega (c - c0) / 3 in every direction, a traction-free surface: the thermal-stress problem with
 * alpha T = Omega (c - c0) / 3 (Timoshenko & Goodier, Theory of Elasticity, sections 151 and 150;
 * the cylinder with eps_zz = 0, which is the plane strain of a 2D simulation). With K = E Omega / (3 (1 - nu)),
 *   sphere:   sigma_r = 2 K (cbar/3 - I3(r)),  sigma_theta = K (2 cbar/3 + I3(r) - c(r)),
 *             I3(r) = (1/r^3) int_0^r c r'^2 dr',  cbar the mean, so that cbar/3 = I3(R);
 *   cylinder: sigma_r = K (cbar/2 - I2(r)),    sigma_theta = K (cbar/2 + I2(r) - c(r)),
 *             I2(r) = (1/r^2) int_0^r c r' dr'.
 * The integrals of the series are term by term in closed form (int x sin(l x) dx and int x J0(a x) dx),
 * so the stresses are series too, with the same exponentials. At the centre sigma_r = sigma_theta, and
 * sigma_r = 0 at the surface; the hoop stress at the surface is the tension that cracks a delithiating
 * particle (here compression while lithiating: J > 0).
 */

/** The particle and the current; SI units. */
export interface DiffusionInducedStressInput {
  geometry: 'sphere' | 'cylinder';
  /** R, m */
  radius: number;
  /** D, m^2/s */
  diffusivity: number;
  /** J, mol m^-2 s^-1, positive into the particle */
  flux: number;
  /** Omega, m^3/mol: the volume strain per concentration (Vegard) */
  partialMolarVolume: number;
  /** E, Pa */
  youngsModulus: number;
  poissonRatio: number;
}

export interface DiffusionInducedStressState {
  /** c - c0, mol/m^3 */
  concentration: number;
  /** radial and hoop stress, Pa (tension positive) */
  sigmaR: number;
  sigmaTheta: number;
}

/** J0 or J1 by the trapezoidal rule on Bessel's integral (periodic integrand: exponential convergence). */
export function besselJ(order: 0 | 1, x: number): number {
  const n = Math.max(64, Math.ceil(Math.abs(x)) + 48);
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const theta = (Math.PI * (k + 0.5)) / n; // midpoint rule on [0, pi]
    sum += Math.cos(order * theta - x * Math.sin(theta));
  }
  return sum / n;
}

/** The first `count` positive roots of tan l = l (sphere) or of J1(a) = 0 (cylinder), by Newton from their asymptotes. */
export function eigenvalues(geometry: 'sphere' | 'cylinder', count: number): Float64Array {
  const roots = new Float64Array(count);
  for (let n = 1; n <= count; n++) {
    // sphere: l = (n + 1/2) pi - 1/l - ...;  cylinder: a = (n + 1/4) pi - 3/(8 (n + 1/4) pi) - ...
    let z = geometry === 'sphere' ? (n + 0.5) * Math.PI - 1 / ((n + 0.5) * Math.PI) : (n + 0.25) * Math.PI - 3 / (8 * (n + 0.25) * Math.PI);
    for (let it = 0; it < 50; it++) {
      let step: number;
      if (geometry === 'sphere') {
        // f = sin z - z cos z (zero where tan z = z, without the poles), f' = z sin z
        step = (Math.sin(z) - z * Math.cos(z)) / (z * Math.sin(z));
      } else {
        // f = J1, f' = J0 - J1 / z
        const j1 = besselJ(1, z);
        step = j1 / (besselJ(0, z) - j1 / z);
      }
      z -= step;
      if (Math.abs(step) < 1e-15 * z) break;
    }
    roots[n - 1] = z;
  }
  return roots;
}

/** Terms for the series at tau: until e^{-l^2 tau} is below 1e-17 of the leading terms (at least 40). */
function termCount(tau: number): number {
  if (!(tau > 0)) throw new Error(`diffusion-induced stress: the dimensionless time must be > 0 (got ${tau})`);
  return Math.min(20000, Math.max(40, Math.ceil(Math.sqrt(40 / tau) / Math.PI) + 10));
}

const cache = new Map<string, Float64Array>();
function roots(geometry: 'sphere' | 'cylinder', count: number): Float64Array {
  const key = geometry;
  const have = cache.get(key);
  if (have && have.length >= count) return have;
  const fresh = eigenvalues(geometry, Math.max(count, 2 * (have?.length ?? 0)));
  cache.set(key, fresh);
  return fresh;
}

/**
 * Dimensionless concentration (units of J R / D) and the integral I (I3 for the sphere, I2 for the
 * cylinder, same units) at x = r / R in [0, 1] and tau = D t / R^2.
 */
export function dimensionlessProfile(geometry: 'sphere' | 'cylinder', x: number, tau: number): { c: number; integral: number; mean: number } {
  const n = termCount(tau);
  const l = roots(geometry, n);
  if (geometry === 'sphere') {
    let series = 0;
    let seriesIntegral = 0;
    for (let k = 0; k < n; k++) {
      const a = l[k];
      const w = Math.exp(-a * a * tau) / (a * a * Math.sin(a));
      if (w === 0) break;
      // sin(a x) / x -> a as x -> 0; (sin(a x) - a x cos(a x)) / (a^2 x^3) -> a / 3
      const ax = a * x;
      series += w * (x < 1e-6 ? a * (1 - (ax * ax) / 6) : Math.sin(ax) / x);
      seriesIntegral += w * (x < 1e-4 ? (a / 3) * (1 - (ax * ax) / 10) : (Math.sin(ax) - ax * Math.cos(ax)) / (a * a * x * x * x));
    }
    const c = 3 * tau + (x * x) / 2 - 0.3 - 2 * series;
    const integral = tau - 0.1 + (x * x) / 10 - 2 * seriesIntegral;
    return { c, integral, mean: 3 * tau };
  }
  let series = 0;
  let seriesIntegral = 0;
  for (let k = 0; k < n; k++) {
    const a = l[k];
    const w = Math.exp(-a * a * tau) / (a * a * besselJ(0, a));
    if (w === 0) break;
    const ax = a * x;
    series += w * besselJ(0, ax);
    // (1/x^2) int_0^x J0(a s) s ds = J1(a x) / (a x) -> 1/2 as x -> 0
    seriesIntegral += w * (x < 1e-6 ? 0.5 : besselJ(1, ax) / ax);
  }
  const c = 2 * tau + (x * x) / 2 - 0.25 - 2 * series;
  const integral = tau - 0.125 + (x * x) / 8 - 2 * seriesIntegral;
  return { c, integral, mean: 2 * tau };
}

/** c - c0 and the stresses at radius r [m] and time t [s] (t > 0). */
export function diffusionInducedStress(input: DiffusionInducedStressInput, r: number, t: number): DiffusionInducedStressState {
  const { radius: R, diffusivity: D, flux: J } = input;
  const x = r / R;
  if (!(x >= 0 && x <= 1 + 1e-12)) throw new Error(`diffusion-induced stress: r = ${r} m is outside the particle (R = ${R} m)`);
  const scale = (J * R) / D; // mol/m^3
  const p = dimensionlessProfile(input.geometry, Math.min(x, 1), (D * t) / (R * R));
  const K = (input.youngsModulus * input.partialMolarVolume) / (3 * (1 - input.poissonRatio)) * scale;
  if (input.geometry === 'sphere') {
    return { concentration: p.c * scale, sigmaR: 2 * K * (p.mean / 3 - p.integral), sigmaTheta: K * ((2 * p.mean) / 3 + p.integral - p.c) };
  }
  return { concentration: p.c * scale, sigmaR: K * (p.mean / 2 - p.integral), sigmaTheta: K * (p.mean / 2 + p.integral - p.c) };
}
