/**
 * Linear stability of a uniformly (dis)charging platelet in the Allen-Cahn-reaction (ACR) model
 * (Bai, Cogswell & Bazant, Nano Lett. 11 (2011) 4890; Cogswell & Bazant, ACS Nano 6 (2012) 2215;
 * Bazant, Acc. Chem. Res. 46 (2013) 1144). With dc/dt = R(c, mu) and mu = f'(c) + B c - kappa lap c
 * (B: the coherency-strain term of the mode's direction, 0 without elasticity), a perturbation
 * dc ~ exp(s t + i k.x) of a homogeneous state c0 filled at the current I = R(c0, mu(c0)) grows at
 *
 *   s(k) = dR/dc + dR/dmu (f''(c0) + B + kappa k^2)
 *
 * (the reservoir potential is set by the total current and does not respond to k != 0 modes).
 * Units: energies in kT per site, lengths in any unit consistent with kappa and k, rates per unit of
 * the rate prefactor (the solver's `rateScale`). Since dR/dmu < 0, the f'' < 0 spinodal destabilises,
 * and a dR/dc < 0 that grows with the current (e.g. the (1 - c) of the activity exchange current)
 * stabilises: above a critical current the platelet fills homogeneously ("suppression of phase
 * separation", Bai et al. 2011).
 */
import { reactionRate, type RateLaw } from './kinetics.ts';

export interface AcrModel {
  law: RateLaw;
  /** homogeneous chemical potential mu~(c) and its derivative f''~(c), in kT per site */
  mu: (c: number) => number;
  d2f: (c: number) => number;
  /** gradient coefficient kappa~ (kT per site times length^2) */
  kappa: number;
  /** coherency-strain term B~ (kT per site), 0 without elasticity */
  elastic?: number;
}

/** The reservoir potential mu~_O at which a homogeneous state c fills at rate I; NaN when no potential gives I. */
export function reservoirPotential(model: AcrModel, c: number, rate: number): number {
  const mu = model.mu(c);
  const r = (x: number) => reactionRate(model.law, c, mu, x) - rate; // increasing in x
  let lo = mu - 1;
  let hi = mu + 1;
  for (let i = 0; i < 200 && r(lo) > 0; i++) lo -= 2 * (hi - lo);
  for (let i = 0; i < 200 && r(hi) < 0; i++) hi += 2 * (hi - lo);
  if (!(r(lo) <= 0 && r(hi) >= 0)) return NaN;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (r(mid) < 0) lo = mid;
    else hi = mid;
    if (hi - lo < 1e-13 * (1 + Math.abs(mid))) break;
  }
  return 0.5 * (lo + hi);
}

export interface RateDerivatives {
  /** dR/dc at fixed mu and mu_O */
  dRdc: number;
  /** dR/dmu at fixed c and mu_O (< 0) */
  dRdmu: number;
  reservoir: number;
}

/** dR/dc and dR/dmu of the homogeneous state c filling at rate I (central differences, float64). */
export function rateDerivatives(model: AcrModel, c: number, rate: number): RateDerivatives {
  const muO = reservoirPotential(model, c, rate);
  const mu = model.mu(c);
  const hc = 1e-6 * Math.min(c, 1 - c, 1e-2) + 1e-9;
  const hm = 1e-5;
  const dRdc = (reactionRate(model.law, c + hc, mu, muO) - reactionRate(model.law, c - hc, mu, muO)) / (2 * hc);
  const dRdmu = (reactionRate(model.law, c, mu + hm, muO) - reactionRate(model.law, c, mu - hm, muO)) / (2 * hm);
  return { dRdc, dRdmu, reservoir: muO };
}

/** Growth rate s(k) of a perturbation with wavenumber k of the homogeneous state c filling at rate I. */
export function acrGrowthRate(model: AcrModel, c: number, rate: number, k: number): number {
  const { dRdc, dRdmu } = rateDerivatives(model, c, rate);
  return dRdc + dRdmu * (model.d2f(c) + (model.elastic ?? 0) + model.kappa * k * k);
}

/** The largest growth rate over the compositions a discharge passes (c in [cFrom, cTo]) at rate I. */
export function maxGrowthRate(model: AcrModel, rate: number, k: number, cRange: [number, number] = [0.01, 0.99], samples = 400): { rate: number; c: number } {
  let best = { rate: -Infinity, c: NaN };
  for (let i = 0; i <= samples; i++) {
    const c = cRange[0] + ((cRange[1] - cRange[0]) * i) / samples;
    const s = acrGrowthRate(model, c, rate, k);
    if (s > best.rate) best = { rate: s, c };
  }
  return best;
}

/**
 * The critical (dimensionless) insertion rate above which no perturbation of wavenumber >= k grows
 * anywhere in cRange (the smallest k of a box of length L is 2 pi / L): found by bisection in log I.
 * Returns null when even the largest tried rate (1e6) leaves growth, 0 when none grows at any rate.
 */
export function criticalRate(model: AcrModel, k: number, cRange: [number, number] = [0.01, 0.99]): number | null {
  const grows = (rate: number) => maxGrowthRate(model, rate, k, cRange).rate > 0;
  let lo = 1e-8;
  let hi = 1e6;
  if (!grows(lo)) return 0;
  if (grows(hi)) return null;
  for (let i = 0; i < 60; i++) {
    const mid = Math.sqrt(lo * hi);
    if (grows(mid)) lo = mid;
    else hi = mid;
    if (hi / lo < 1 + 1e-6) break;
  }
  return Math.sqrt(lo * hi);
}
