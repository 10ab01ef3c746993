/**
 * The nonlinear phase-field model of metal electrodeposition (Chen, Liang, Chen, J. Power Sources 300
 * (2015) 376; lineage Liang et al., PRE 86 (2012) 051609; Hong & Viswanathan, ACS Energy Lett. 3 (2018)
 * 1737): its parameters in SI, the scaling to internal units, and the pointwise functions of the
 * equations, all float64 and free of any grid (docs/electrodeposition.md).
 *
 * Fields: xi (1 = Li metal, 0 = electrolyte), c~ = c_Li+ / c0, phi (one potential for both phases; the
 * activation overpotential at the interface is phi itself, E0 = 0 against Li/Li+ at c0):
 *   dxi/dt = -L_s [g'(xi) - div J(grad xi)] - L_eta h'(xi) B(phi, c~)
 *   B      = exp((1 - alpha) n F phi / RT) - c~ exp(-alpha n F phi / RT)
 *   dc~/dt = div[D(xi) (grad c~ + (n F / RT) c~ grad phi)] - (c_s / c0) dxi/dt
 *   div[sigma(xi) grad phi] = n F c_s dxi/dt
 * with h = xi^3 (6 xi^2 - 15 xi + 10), g = W xi^2 (1 - xi)^2, D and sigma interpolated by h, and J the
 * flux of the anisotropic gradient energy (1/2) kappa(theta) |grad xi|^2, kappa = kappa0 [1 + delta cos(omega theta)].
 */
import { FARADAY, GAS_CONSTANT } from './constants.ts';

/** The model's parameters in SI units (as a scene states them). */
export interface ElectrodepositionParameters {
  /** Allen-Cahn interface mobility L_sigma [m^3/(J s)] */
  interfaceMobility: number;
  /** Butler-Volmer reaction constant L_eta [1/s] */
  reactionConstant: number;
  /** gradient-energy coefficient kappa0 [J/m] */
  gradientCoefficient: number;
  /** double-well barrier height W [J/m^3] */
  barrierHeight: number;
  /** kappa(theta) = kappa0 [1 + strength cos(mode theta)] (2D; mode 4 for bcc Li's fourfold section) */
  anisotropy: { strength: number; mode: number };
  /** D_e (electrode), D_l (electrolyte) [m^2/s] */
  diffusivity: { electrode: number; electrolyte: number };
  /** sigma_e, sigma_l [S/m] */
  conductivity: { electrode: number; electrolyte: number };
  /** site density of Li metal c_s [mol/m^3] */
  siteDensity: number;
  /** bulk Li+ concentration c0 [mol/m^3] */
  bulkConcentration: number;
  /** charge-transfer coefficient alpha */
  transferCoefficient: number;
  /** electrons per reaction n */
  electrons: number;
  /** temperature [K] */
  temperature: number;
  /** potentials held on the faces x = 0 (the electrode, phi_app) and x = L (the electrolyte, 0 in the issue) [V] */
  potential: { electrode: number; electrolyte: number };
  /** c~ held on the face x = L (1 in the issue) */
  electrolyteConcentration: number;
  /**
   * Langevin noise on xi (side branches): the rate alpha_n h'(xi) r, r uniform on [-1/2, 1/2) per cell and
   * step (docs/electrodeposition.md "Noise"); amplitude alpha_n [1/s], 0 or absent: off
   */
  noise?: { amplitude: number; seed: number };
}

/**
 * Internal units: length l0 = sqrt(kappa0 / W) (the interface's own length: the equilibrium profile is
 * (1 - tanh(x / (sqrt(2) l0))) / 2), time t0 = 1 / (L_sigma W) (the interface's relaxation time), potential
 * phi0 = RT / F. In them the Allen-Cahn equation has unit mobility, unit barrier and unit kappa0, and
 *   dxi/dt = -[g'(xi) - div J] - lEta h'(xi) B,   B = exp((1 - alpha) n phi) - c exp(-alpha n phi)
 *   dc/dt  = div[D (grad c + n c grad phi)] - depositRatio dxi/dt
 *   div[sigma grad phi] = chargeSource dxi/dt
 * with sigma in units of sigma_l and chargeSource = n F c_s l0^2 / (t0 sigma_l phi0).
 */
export interface ElectrodepositionScales {
  length: number;
  time: number;
  potential: number;
}

/** The dimensionless groups of the internal equations (see ElectrodepositionScales). */
export interface ElectrodepositionInternal {
  scales: ElectrodepositionScales;
  /** L_eta t0 */
  reactionConstant: number;
  anisotropy: { strength: number; mode: number };
  /** D t0 / l0^2 */
  diffusivity: { electrode: number; electrolyte: number };
  /** sigma / sigma_l */
  conductivity: { electrode: number; electrolyte: number };
  /** c_s / c0 */
  depositRatio: number;
  /** n F c_s l0^2 / (t0 sigma_l phi0) */
  chargeSource: number;
  alpha: number;
  electrons: number;
  /** held potentials / phi0 */
  potential: { electrode: number; electrolyte: number };
  electrolyteConcentration: number;
  /** alpha_n t0 and the seed of the counter-based generator */
  noise: { amplitude: number; seed: number };
}

export function electrodepositionScales(p: ElectrodepositionParameters): ElectrodepositionScales {
  return {
    length: Math.sqrt(p.gradientCoefficient / p.barrierHeight),
    time: 1 / (p.interfaceMobility * p.barrierHeight),
    potential: (GAS_CONSTANT * p.temperature) / FARADAY,
  };
}

export function electrodepositionInternal(p: ElectrodepositionParameters): ElectrodepositionInternal {
  const s = electrodepositionScales(p);
  const sigmaL = p.conductivity.electrolyte;
  return {
    scales: s,
    reactionConstant: p.reactionConstant * s.time,
    anisotropy: { ...p.anisotropy },
    diffusivity: { electrode: (p.diffusivity.electrode * s.time) / s.length ** 2, electrolyte: (p.diffusivity.electrolyte * s.time) / s.length ** 2 },
    conductivity: { electrode: p.conductivity.electrode / sigmaL, electrolyte: 1 },
    depositRatio: p.siteDensity / p.bulkConcentration,
    chargeSource: (p.electrons * FARADAY * p.siteDensity * s.length ** 2) / (s.time * sigmaL * s.potential),
    alpha: p.transferCoefficient,
    electrons: p.electrons,
    potential: { electrode: p.potential.electrode / s.potential, electrolyte: p.potential.electrolyte / s.potential },
    electrolyteConcentration: p.electrolyteConcentration,
    noise: { amplitude: (p.noise?.amplitude ?? 0) * s.time, seed: p.noise?.seed ?? 0 },
  };
}

/** h(xi) = xi^3 (6 xi^2 - 15 xi + 10): 0 in the electrolyte, 1 in the metal, flat at both. */
export function interpolation(xi: number): number {
  return xi * xi * xi * (6 * xi * xi - 15 * xi + 10);
}

/** h'(xi) = 30 xi^2 (1 - xi)^2 */
export function interpolationSlope(xi: number): number {
  return 30 * xi * xi * (1 - xi) * (1 - xi);
}

/** g'(xi) / W for g = W xi^2 (1 - xi)^2: 2 xi (1 - xi) (1 - 2 xi) */
export function barrierSlope(xi: number): number {
  return 2 * xi * (1 - xi) * (1 - 2 * xi);
}

/** The Butler-Volmer bracket B and its derivative in the (internal) potential. */
export function butlerVolmer(phi: number, c: number, alpha: number, n: number): { bracket: number; slope: number } {
  const oxidation = Math.exp((1 - alpha) * n * phi);
  const reduction = c * Math.exp(-alpha * n * phi);
  return { bracket: oxidation - reduction, slope: n * ((1 - alpha) * oxidation + alpha * reduction) };
}

/** The equilibrium (Nernst) overpotential where B = 0: (RT / nF) ln c~ [V]. */
export function nernstPotential(c: number, p: Pick<ElectrodepositionParameters, 'temperature' | 'electrons'>): number {
  return ((GAS_CONSTANT * p.temperature) / (p.electrons * FARADAY)) * Math.log(c);
}

/**
 * The effective exchange current density i0 = 6 n F c_s L_eta sqrt(kappa0 / (2 W)) [A/m^2]: a flat front
 * carries i = n F c_s v = -i0 B. Set L_eta from a measured i0 by inverting this.
 */
export function exchangeCurrentDensity(p: ElectrodepositionParameters): number {
  return 6 * p.electrons * FARADAY * p.siteDensity * p.reactionConstant * Math.sqrt(p.gradientCoefficient / (2 * p.barrierHeight));
}

/**
 * The speed of a flat front [m/s] (positive: the metal advances) under a uniform overpotential eta [V]
 * and concentration c~: v = -6 L_eta B sqrt(kappa0 / (2 W)). From multiplying the Allen-Cahn equation by
 * xi' and integrating across a travelling equilibrium profile (int xi'^2 dx = sqrt(2 W / kappa0) / 6, the
 * double-well terms integrate to zero); exact as L_eta B / (L_sigma W) -> 0 (the profile stays the
 * equilibrium one).
 */
export function flatFrontSpeed(p: ElectrodepositionParameters, eta: number, c: number): number {
  const phi = (eta * FARADAY) / (GAS_CONSTANT * p.temperature);
  const { bracket } = butlerVolmer(phi, c, p.transferCoefficient, p.electrons);
  return -6 * p.reactionConstant * bracket * Math.sqrt(p.gradientCoefficient / (2 * p.barrierHeight));
}
