/**
 * Small SI electrochemistry scenes for the GPU tests: an LiFePO4-like ACR platelet (regular solution,
 * Bazant 2013 / Bai, Cogswell & Bazant 2011 numbers), 1 nm cells.
 */
import type { Spec } from '../../../src/scene/resolve.ts';
import type { Observables } from '../../../src/solver/simulation.ts';
import { smoothedBoundary } from '../../../src/solver/smoothedBoundary.ts';
import { initialConcentration } from '../../../src/solver/initialCondition.ts';
import { electrochemistryOf } from '../../../src/scene/resolveElectrochemistry.ts';

export const LFP_SITES = 22904; // mol/m^3 (Cogswell & Bazant 2012: 1.3793e28 m^-3)
export const T = 298;

export function platelet(overrides: {
  cells?: number[];
  omegaRT?: number;
  kappa?: number;
  form?: 'constant' | 'concentration' | 'activity';
  alpha?: number;
  k0?: number;
  initial?: unknown;
  steps?: unknown[];
  tEnd?: number;
  control?: unknown;
  stabilizer?: number | 'auto';
}): Record<string, unknown> {
  const cells = overrides.cells ?? [32, 32];
  const RT = 8.314462618 * T;
  return {
    name: 'acr-test',
    description: 'test platelet',
    units: 'SI',
    grid: { cells, size: cells.map((n) => n * 1e-9) },
    model: {
      freeEnergy: { kind: 'regularSolution', siteDensity: LFP_SITES, temperature: T, omega: (overrides.omegaRT ?? 4.5) * RT },
      kappa: overrides.kappa ?? 5e-10,
      mobility: { kind: 'diffusivity', diffusivity: 1e-14 },
      stabilizer: overrides.stabilizer ?? 0,
      reaction: {
        mode: 'acr',
        rateLaw: { kind: 'butlerVolmer', alpha: overrides.alpha ?? 0.5 },
        exchangeCurrent: { form: overrides.form ?? 'activity', k0: overrides.k0 ?? 0.01 },
        referencePotential: 3.422,
        thickness: 2e-8,
      },
    },
    initial: overrides.initial ?? { kind: 'noise', mean: 0.02, amplitude: 0.005, seed: 5 },
    time: { tEnd: overrides.tEnd ?? 3000, control: overrides.control ?? { kind: 'accuracy', tolerance: 1e-3 } },
    protocol: { steps: overrides.steps ?? [{ kind: 'constantCurrent', cRate: 1 }] },
    output: { fieldFrames: 0 },
  };
}

/**
 * A small SI CHR particle (smoothed-boundary Cahn-Hilliard with the surface reaction): a circle (2D) or
 * sphere (3D) of `radiusCells` in a periodic box of 1 nm cells, LiFePO4-like regular solution unless
 * `omegaRT` says otherwise.
 */
export function particle(overrides: {
  cells?: number[];
  radiusCells?: number;
  omegaRT?: number;
  kappa?: number;
  diffusivity?: number;
  form?: 'constant' | 'concentration' | 'activity';
  k0?: number;
  initial?: unknown;
  steps?: unknown[];
  tEnd?: number;
  control?: unknown;
  elasticity?: unknown;
}): Record<string, unknown> {
  const cells = overrides.cells ?? [32, 32];
  const RT = 8.314462618 * T;
  return {
    name: 'chr-test',
    description: 'test particle',
    units: 'SI',
    grid: { cells, size: cells.map((n) => n * 1e-9) },
    geometry: { kind: 'sphere', radius: (overrides.radiusCells ?? cells[0] / 2 - 5) * 1e-9 },
    model: {
      freeEnergy: { kind: 'regularSolution', siteDensity: LFP_SITES, temperature: T, omega: (overrides.omegaRT ?? 4.5) * RT },
      kappa: overrides.kappa ?? 5e-10,
      mobility: { kind: 'diffusivity', diffusivity: overrides.diffusivity ?? 1e-16 },
      stabilizer: 0,
      reaction: {
        mode: 'chr',
        rateLaw: { kind: 'butlerVolmer', alpha: 0.5 },
        exchangeCurrent: { form: overrides.form ?? 'activity', k0: overrides.k0 ?? 0.01 },
        referencePotential: 3.422,
      },
      ...(overrides.elasticity ? { elasticity: overrides.elasticity } : {}),
    },
    initial: overrides.initial ?? { kind: 'uniform', value: 0.05 },
    time: { tEnd: overrides.tEnd ?? 3000, control: overrides.control ?? { kind: 'accuracy', tolerance: 1e-3 } },
    protocol: { steps: overrides.steps ?? [{ kind: 'constantCurrent', cRate: 1 }] },
    output: { fieldFrames: 0 },
  };
}

/** The time integral of the recorded current as a fraction of the particle's full charge (float64). */
export function chargeFraction(spec: Spec, records: readonly Observables[]): number {
  // each record's dt is the step taken from it; the last record has none
  return records.slice(0, -1).reduce((q, r) => q + r.current * r.dt, 0) / electrochemistryOf(spec)!.fullCharge;
}

/** The Li a CHR particle's field c holds beyond its initial state, sum psi (c - c0) / sum psi (float64). */
export function insertedFraction(spec: Spec, c: ArrayLike<number>): number {
  const psi = smoothedBoundary(spec)!.psi;
  const c0 = initialConcentration(spec);
  let inserted = 0;
  let sites = 0;
  for (let i = 0; i < c.length; i++) {
    inserted += psi[i] * (c[i] - c0[i]);
    sites += psi[i];
  }
  return inserted / sites;
}
