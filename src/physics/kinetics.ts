/**
 * Reaction kinetics of Li insertion at an electrode particle's surface, float64, no GPU.
 *
 * Conventions (Bazant, Acc. Chem. Res. 46 (2013) 1144, section "Reaction kinetics"): insertion is
 * positive; chemical potentials are per Li and measured in kT here (mu~ = mu / kT); the overpotential
 * is the difference of the Li chemical potential in the solid and of the reservoir (electrolyte Li+ plus
 * electron at the electrode potential), eta~ = mu~ - mu~_O, so Li goes in when eta~ < 0. mu includes
 * the gradient and elastic terms (the "variational" overpotential of non-equilibrium thermodynamics).
 *
 *   Butler-Volmer   R / i0 = exp(-alpha eta~) - exp((1 - alpha) eta~)
 *   Marcus-Hush-Chidsey (Zeng, Smith, Bai & Bazant, J. Electroanal. Chem. 735 (2014) 77, their
 *   closed-form approximation of the Chidsey integral), reorganisation energy lambda~ = lambda/kT:
 *       k_red/ox(eta~) = sqrt(pi lambda~) / (1 + exp(+-eta~)) erfc( (lambda~ - sqrt(1 + sqrt(lambda~) + eta~^2)) / (2 sqrt(lambda~)) )
 *       R / i0 = (k_red - k_ox) / k_red(0)   (normalised so i0 keeps its meaning at small eta)
 *
 * Exchange-current forms, i0 = k0 g(c, mu~):
 *   constant        g = 1
 *   concentration   g = c^(1-alpha) (1 - c)^alpha      (ideal solution: the activities are c and 1 - c)
 *   activity        g = (1 - c) exp(alpha mu~)         (Bazant 2013: transition state excluding one site,
 *                                                       a = exp(mu~); the form used for LiFePO4 by
 *                                                       Bai, Cogswell & Bazant, Nano Lett. 11 (2011) 4890)
 * Temperature: k0(T) = k0(T_ref) exp(-(Ea/R)(1/T - 1/T_ref))  (Arrhenius).
 */
import { ELEMENTARY_CHARGE, BOLTZMANN, GAS_CONSTANT } from './constants.ts';

export type ExchangeCurrentForm = 'constant' | 'concentration' | 'activity';
export type RateLawKind = 'butlerVolmer' | 'marcus';

/** Clamp used inside logarithms/powers of c (as the free energy's LOG_CLAMP). */
const C_CLAMP = 1e-6;

/** g(c, mu~) of i0 = k0 g; mu in kT. */
export function exchangeCurrentFactor(form: ExchangeCurrentForm, alpha: number, c: number, muKT: number): number {
  const x = Math.min(1 - C_CLAMP, Math.max(C_CLAMP, c));
  switch (form) {
    case 'constant':
      return 1;
    case 'concentration':
      return x ** (1 - alpha) * (1 - x) ** alpha;
    case 'activity':
      return (1 - x) * Math.exp(alpha * muKT);
  }
}

/** Butler-Volmer rate per unit exchange current; eta in kT; insertion (eta < 0) positive. */
export function butlerVolmer(etaKT: number, alpha: number): number {
  return Math.exp(-alpha * etaKT) - Math.exp((1 - alpha) * etaKT);
}

/** Complementary error function, |relative error| < 1.2e-7 (Chebyshev fit; Press et al., Numerical Recipes, 6.2). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Marcus-Hush-Chidsey reduction (insertion) rate constant, unnormalised (Zeng et al. 2014); eta, lambda in kT. */
export function marcusReduction(etaKT: number, lambdaKT: number): number {
  const s = Math.sqrt(lambdaKT);
  return (Math.sqrt(Math.PI * lambdaKT) / (1 + Math.exp(etaKT))) * erfc((lambdaKT - Math.sqrt(1 + s + etaKT * etaKT)) / (2 * s));
}

/** Net MHC insertion rate per unit exchange current; eta, lambda in kT. Saturates at large |eta| (no Tafel line). */
export function marcusHushChidsey(etaKT: number, lambdaKT: number): number {
  return (marcusReduction(etaKT, lambdaKT) - marcusReduction(-etaKT, lambdaKT)) / marcusReduction(0, lambdaKT);
}

export interface RateLaw {
  kind: RateLawKind;
  alpha: number;
  exchangeCurrent: ExchangeCurrentForm;
  /** reorganisation energy in kT (Marcus only) */
  reorganization?: number;
}

/**
 * Insertion rate per unit k0 of a cell with composition c and chemical potential mu~ (kT) against a
 * reservoir at mu~_O (kT): g(c, mu~) * rate(eta~ = mu~ - mu~_O).
 */
export function reactionRate(law: RateLaw, c: number, muKT: number, muReservoirKT: number): number {
  const eta = muKT - muReservoirKT;
  const g = exchangeCurrentFactor(law.exchangeCurrent, law.alpha, c, muKT);
  return g * (law.kind === 'marcus' ? marcusHushChidsey(eta, law.reorganization ?? 10) : butlerVolmer(eta, law.alpha));
}

/** Arrhenius scaling of a rate constant from T_ref to T; activation energy in J/mol. */
export function arrhenius(rateAtReference: number, activationEnergy: number, temperature: number, referenceTemperature: number): number {
  return rateAtReference * Math.exp(-(activationEnergy / GAS_CONSTANT) * (1 / temperature - 1 / referenceTemperature));
}

/** Thermal voltage kT/e [V]. */
export function thermalVoltage(temperature: number): number {
  return (BOLTZMANN * temperature) / ELEMENTARY_CHARGE;
}

/** Charge-transfer resistance of Butler-Volmer kinetics at small overpotential, R_ct = kT/(e i0) [Ohm m^2]. */
export function chargeTransferResistance(exchangeCurrentDensity: number, temperature: number): number {
  return thermalVoltage(temperature) / exchangeCurrentDensity;
}

/** Tafel slope of Butler-Volmer kinetics, ln(10) kT/(alpha e) [V/decade]: 118 mV at alpha = 1/2, 298 K. */
export function tafelSlope(alpha: number, temperature: number): number {
  return (Math.LN10 * thermalVoltage(temperature)) / alpha;
}

/**
 * The reservoir's side of a reaction step (shaders/electrochem/galvanostatic.wgsl, float64): from the
 * exchange sums S_a, S_b (above) and the largest per-site terms A_max, B_max, the reservoir potential x (kT)
 * and the mean rate, for a held voltage (`voltage`: setpoint is mu_O in internal energy units) or a held
 * rate (setpoint = the rate), and the largest local -dR/dmu,
 *   rateScale (alpha A_max e^{alpha x} + (1 - alpha) B_max e^{-(1 - alpha) x}) / kT,
 * which bounds the implicit side of the stabilised step.
 */
export function reservoirExchange(
  voltage: boolean,
  setpoint: number,
  sums: { sa: number; sb: number; maxA: number; maxB: number },
  alpha: number,
  kt: number,
  rateScale: number,
): { x: number; rate: number; linearization: number } {
  const { sa, sb, maxA, maxB } = sums;
  const x = voltage ? setpoint / kt : reservoirPotentialForRate(setpoint, sa, sb, alpha);
  const rate = voltage ? sa * Math.exp(alpha * x) - sb * Math.exp(-(1 - alpha) * x) : setpoint;
  const linearization = (rateScale * (alpha * maxA * Math.exp(alpha * x) + (1 - alpha) * maxB * Math.exp(-(1 - alpha) * x))) / kt;
  return { x, rate, linearization };
}

/**
 * The reservoir potential mu~_O (kT) at which Butler-Volmer gives the insertion rate `rate` (per unit
 * k0) from a set of cells: rate = S_a exp(alpha x) - S_b exp(-(1-alpha) x), x = mu~_O, with
 * S_a = mean g exp(-alpha mu~), S_b = mean g exp((1-alpha) mu~) (DESIGN.md 3.5). The function of x is
 * increasing; closed form at alpha = 1/2 (a quadratic in exp(x/2)), Newton with bisection otherwise.
 * This is the float64 twin of shaders/electrochem/galvanostatic.wgsl.
 */
export function reservoirPotentialForRate(rate: number, sa: number, sb: number, alpha: number): number {
  if (Math.abs(alpha - 0.5) < 1e-12) {
    const y = (rate + Math.sqrt(rate * rate + 4 * sa * sb)) / (2 * sa);
    return 2 * Math.log(y);
  }
  const f = (x: number) => sa * Math.exp(alpha * x) - sb * Math.exp(-(1 - alpha) * x) - rate;
  const df = (x: number) => alpha * sa * Math.exp(alpha * x) + (1 - alpha) * sb * Math.exp(-(1 - alpha) * x);
  // start from the alpha = 1/2 solution, bracket, then safeguarded Newton
  let x = 2 * Math.log((rate + Math.sqrt(rate * rate + 4 * sa * sb)) / (2 * sa));
  let lo = x;
  let hi = x;
  while (f(lo) > 0) lo -= 1 + Math.abs(lo);
  while (f(hi) < 0) hi += 1 + Math.abs(hi);
  for (let it = 0; it < 100; it++) {
    const v = f(x);
    if (v > 0) hi = x;
    else lo = x;
    let next = x - v / df(x);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - x) < 1e-14 * (1 + Math.abs(x))) return next;
    x = next;
  }
  return x;
}
