/**
 * The electrochemistry of a resolved scene in the solver's internal units (src/scene/resolve.ts:
 * l0 = dx, e0 = rho_s R T for the regular solution, t0 = l0^2 / (M0 e0)), and the conversions back to
 * the scene's units for the observables.
 *
 * - Chemical potential per site in internal energy units: mu_int = mu_molar / (e0 / rho_s) = mu / RT,
 *   so kT = 1 internally and the voltage is V = E0 - mu_O RT/F (Bazant, Acc. Chem. Res. 46 (2013) 1144).
 * - ACR platelet of thickness h reacting on both faces: dc/dt = 2 i / (F h rho_s) with i the current
 *   density per face area; in internal time the rate law is scaled by rateScale = 2 k0 t0 / (F h rho_s)
 *   and the imposed mean rate is I = i / k0.
 * - Capacity: the inserted fraction of the sites (mean c minus its initial value); "full" = 1, so the
 *   charge per surface area is q_full = F h rho_s / 2 [C/m^2] and 1C = q_full / 3600 s.
 * - CHR particle (smoothed boundary, src/solver/smoothedBoundary.ts): the surface flux i/F enters as the
 *   volume source w i/(F rho_s) of psi c, w the reaction-site density (1/m); with w in 1/cell
 *   internally, rateScale = k0 t0 / (F rho_s l0). The current density is per m^2 of the reactive surface
 *   A = integral of w, the capacity the inserted fraction of the particle's sites V rho_s (V = integral
 *   of psi), so q_full = F rho_s V / A and 1C again fills the particle in one hour.
 */
import type { Spec } from './resolve.ts';
import type { Protocol, ProtocolStep, Reaction } from './electrochemistrySchema.ts';
import { FARADAY } from '../physics/constants.ts';

const AVOGADRO = 6.02214076e23; // 1/mol
import { arrhenius, type RateLaw } from '../physics/kinetics.ts';
import { dimensionlessNumbers, type DimensionlessNumber } from '../physics/dimensionlessNumbers.ts';
import type { AcrModel } from '../physics/acrStability.ts';
import { freeEnergy } from '../physics/freeEnergy.ts';
import { getMaterial } from '../physics/materials.ts';
import { khachaturyanBMinimum } from '../physics/elasticity.ts';
// the particle's discrete volume and surface (float64 host geometry, no GPU; the same sums as the solver's)
import { smoothedBoundary } from '../solver/smoothedBoundary.ts';

export interface Electrochemistry {
  reaction: Reaction;
  protocol: Protocol;
  law: RateLaw;
  temperature: number;
  /** R T [J/mol] */
  rt: number;
  siteDensity: number;
  referencePotential: number;
  /** k0 at the scene temperature [A/m^2] */
  exchangeCurrentDensity: number;
  /** charge of a full particle per surface area [C/m^2] */
  fullCharge: number;
  /** current density of 1C [A/m^2] */
  oneC: number;
  /** lattice sites in one grid cell (ACR: a depth-averaged column dx dy h) */
  sitesPerCell: number;
  /**
   * CHR particle: its volume V = integral of psi and reactive surface A = integral of w (scene units; 2D:
   * per unit depth) and the diffusion length dims V / A of the Damkohler number (the radius of a sphere)
   */
  particle?: { volume: number; surfaceArea: number; length: number };
  internal: {
    rateScale: number;
    thermalEnergy: number;
    voltsPerEnergy: number;
    currentPerRate: number;
  };
  numbers: { damkohler: DimensionlessNumber; biot: DimensionlessNumber; debyeRatio: DimensionlessNumber };
}

/** What the GPU control buffer holds for one protocol step (internal units). */
export interface ReactionSetpoint {
  mode: 'current' | 'voltage';
  /** current: mean rate I = i/k0; voltage: mu_O (internal energy) */
  setpoint: number;
  cutoff?: number;
  /** internal time at which the step ends */
  endTime?: number;
  /** constant voltage: end once |I| (per k0) falls below this */
  minRate?: number;
}

export function electrochemistryOf(spec: Spec): Electrochemistry | undefined {
  const scene = spec.scene as typeof spec.scene & { model: { reaction?: Reaction }; protocol?: Protocol };
  const reaction = scene.model.reaction;
  if (!reaction || !scene.protocol) return undefined;
  const fe = spec.freeEnergy;
  if (fe.kind !== 'regularSolution') throw new Error('electrochemistry needs a regular-solution free energy');
  const sceneFe = scene.model.freeEnergy as { temperature: number };
  const temperature = sceneFe.temperature;
  const rt = fe.rt;
  const siteDensity = fe.siteDensity;
  const e0 = spec.scales.energyDensity; // = siteDensity * rt
  const ex = reaction.exchangeCurrent;
  const k0 = arrhenius(ex.k0, ex.activationEnergy, temperature, ex.referenceTemperature);
  const h = reaction.thickness ?? spec.size[0];
  const boundary = reaction.mode === 'chr' ? smoothedBoundary(spec) : undefined;
  if (reaction.mode === 'chr' && !boundary) throw new Error('geometry: a CHR particle (model.reaction.mode "chr") needs the geometry section');
  const particle = boundary && { volume: boundary.particleVolume, surfaceArea: boundary.surfaceArea, length: boundary.length };
  // charge of a full particle per m^2 of its reactive surface: platelet F rho_s h / 2 (two faces), particle F rho_s V / A
  const fullCharge = particle ? (FARADAY * siteDensity * particle.volume) / particle.surfaceArea : (FARADAY * h * siteDensity) / 2;
  const law: RateLaw =
    reaction.rateLaw.kind === 'butlerVolmer'
      ? { kind: 'butlerVolmer', alpha: reaction.rateLaw.alpha, exchangeCurrent: ex.form }
      : { kind: 'marcus', alpha: 0.5, exchangeCurrent: ex.form, reorganization: reaction.rateLaw.reorganizationEnergy / rt };
  const diffusivity = spec.mobility * e0 * (spec.mobilityForm === 'lattice' ? 4 : 1);
  return {
    reaction,
    protocol: scene.protocol,
    law,
    temperature,
    rt,
    siteDensity,
    referencePotential: reaction.referencePotential ?? getMaterial(reaction.material!).referencePotential!,
    exchangeCurrentDensity: k0,
    fullCharge,
    oneC: fullCharge / 3600,
    sitesPerCell: siteDensity * AVOGADRO * spec.spacing.reduce((v, d) => v * d, 1) * (spec.dims === 2 ? (particle ? spec.spacing[0] : h) : 1),
    particle,
    internal: {
      rateScale: particle ? (k0 * spec.scales.time) / (FARADAY * siteDensity * spec.scales.length) : ((2 * k0) / (FARADAY * h * siteDensity)) * spec.scales.time,
      thermalEnergy: (siteDensity * rt) / e0,
      voltsPerEnergy: e0 / siteDensity / FARADAY,
      currentPerRate: k0,
    },
    numbers: dimensionlessNumbers({
      exchangeCurrentDensity: k0,
      siteDensity,
      diffusivity,
      temperature,
      length: particle ? particle.length : h,
      heatTransferCoefficient: reaction.thermal.heatTransferCoefficient,
      thermalConductivity: reaction.thermal.conductivity,
      saltConcentration: reaction.electrolyte.saltConcentration,
      relativePermittivity: reaction.electrolyte.relativePermittivity,
    }),
  };
}

/** Current density [A/m^2] of a constant-current step. */
export function stepCurrentDensity(ec: Electrochemistry, step: Extract<ProtocolStep, { kind: 'constantCurrent' }>): number {
  return step.currentDensity ?? (step.cRate ?? 0) * ec.oneC;
}

/**
 * The GPU setpoint of one protocol step starting at `startTime` [s] (its end time, if it has a duration,
 * is start + duration, in internal time for the GPU clock; `timeScale` = the scene's t0).
 */
export function reactionSetpoint(ec: Electrochemistry, step: ProtocolStep, startTime = 0, timeScale = 1): ReactionSetpoint {
  const muOf = (voltage: number) => (ec.referencePotential - voltage) / ec.internal.voltsPerEnergy;
  const endTime = step.duration === undefined ? undefined : (startTime + step.duration) / timeScale;
  switch (step.kind) {
    case 'constantCurrent':
      return { mode: 'current', setpoint: stepCurrentDensity(ec, step) / ec.internal.currentPerRate, cutoff: step.cutoffVoltage === undefined ? undefined : muOf(step.cutoffVoltage), endTime };
    case 'constantVoltage':
      return { mode: 'voltage', setpoint: muOf(step.voltage), endTime, minRate: step.minCurrent === undefined ? undefined : step.minCurrent / ec.internal.currentPerRate };
    case 'rest':
      return { mode: 'current', setpoint: 0, endTime };
  }
}

/**
 * The ACR stability model of the scene in internal units (kT = 1 per site, lengths in grid cells,
 * rates per unit of rateScale): input of src/physics/acrStability.ts.
 */
export function acrModel(spec: Spec, ec: Electrochemistry): AcrModel {
  const f = freeEnergy(spec.internal.freeEnergy);
  const kt = ec.internal.thermalEnergy;
  // coherency strain: the softest direction's B(n) (Khachaturyan; the most unstable modes), plane strain
  const elastic = spec.elasticity ? khachaturyanBMinimum(spec.elasticity.internal.stiffness, spec.elasticity.eigenstrain, spec.dims).value / kt : 0;
  return { law: ec.law, mu: (c) => f.df(c) / kt, d2f: (c) => f.d2f(c) / kt, kappa: spec.internal.kappa / kt, elastic };
}
