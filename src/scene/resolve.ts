/**
 * Scene JSON -> validated, resolved Spec. Validation lists every problem by JSON path; resolution
 * fills defaults and scales the model to O(1) internal units for the float32 GPU solver:
 *   length  l0 = grid spacing along x,   energy density e0 = f's characteristic scale,
 *   mobility M0 = the scene's mobility,  time t0 = l0^2 / (M0 e0).
 * In internal units the equation reads dc/dt = lap( f'(c)/e0 - (kappa/(e0 l0^2)) lap c ) with M = 1.
 */
import { SceneSchema, type Scene } from './schema.ts';
import { autoStabilizer, freeEnergy, type FreeEnergyParams } from '../physics/freeEnergy.ts';
import { BOLTZMANN, ELEMENTARY_CHARGE, GAS_CONSTANT } from '../physics/constants.ts';
import { resolveElasticity, type ElasticSpec } from './resolveElasticity.ts';
import { hopDiffusivity } from '../physics/transport.ts';
import { boundaryPerAxis, type BoundaryKind } from './boundarySchema.ts';
import type { ElectrostaticsFace } from './electrostaticsSchema.ts';

export class SceneError extends Error {
  override name = 'SceneError';
  constructor(readonly problems: string[]) {
    super(`invalid scene: ${problems.join('; ')}`);
  }

  /**
   * The problems for a terminal, one per line: the first `limit` and a count of the rest (a 10000-entry
   * array of the wrong type is one mistake, not 10000 lines).
   */
  lines(limit = 20): string[] {
    if (this.problems.length <= limit) return [...this.problems];
    const next = this.problems[limit];
    const path = next.slice(0, Math.max(0, next.indexOf(': '))) || '(scene)';
    return [...this.problems.slice(0, limit), `${path}: and ${this.problems.length - limit} more problems from here on (not listed)`];
  }
}

export interface Scales {
  length: number;
  energyDensity: number;
  mobility: number;
  time: number;
  /** total free energy unit: energyDensity * length^dims */
  energy: number;
}

/** model.electrostatics resolved: scene units, plus what the GPU sees (src/solver/electrostatics.ts). */
export interface ElectrostaticsSpec {
  /** scene units: a constant, or eps(c) = atZero + (atOne - atZero) clamp(c, 0, 1) */
  permittivity: number | { atZero: number; atOne: number };
  charge: number;
  faces: ElectrostaticsFace[];
  /** the Poisson problem's faces per axis: insulating -> noFlux (cosine), held -> fixed (sine, after the lift) */
  poissonBoundary: BoundaryKind[];
  /**
   * who solves for phi: "spectral" (SpectralPoisson + lift, constant permittivity, one held axis) or
   * "field" (FieldPoisson: a mobile ion, or held potentials on more than one axis)
   */
  solver: 'spectral' | 'field';
  /** the mobile ion in scene units: q = z e nInf (bulk charge density), V = kT / (z e) (signed like z) */
  mobileIon?: { charge: number; thermalVoltage: number };
  internal: {
    /**
     * eps / l0^2: SpectralPoisson in internal lengths solves (eps / l0^2) lap psi = -c. With eps(c), the
     * preconditioner's reference sqrt(atZero atOne) / l0^2 (the geometric mean of the two phases).
     */
    permittivity: number;
    /** eps(c) / l0^2 at c = 0 and c = 1, when the permittivity follows the composition */
    permittivityOfC?: { atZero: number; atOne: number };
    /** charge / e0: mu_internal += coupling * phi, energy density coupling * c * phi / 2 */
    coupling: number;
  };
}

export interface Spec {
  scene: Scene;
  dims: 2 | 3;
  shape: number[];
  /** physical box lengths (scene units) */
  size: number[];
  /** cell spacing (scene units) */
  spacing: number[];
  /** the faces of the box per axis (grid.boundary; "periodic" unless the scene has walls) */
  boundary: BoundaryKind[];
  /** free energy in scene units */
  freeEnergy: FreeEnergyParams;
  kappa: number;
  /** mobility scale M0 (scene units): M = M0 for constant mobility, M(c) = M0 4c(1-c) for the lattice form */
  mobility: number;
  mobilityForm: 'constant' | 'lattice';
  /** time integrator: ETDRK4 (closed Cahn-Hilliard scenes), the first-order semi-implicit step, or its second-order predictor-corrector (reaction scenes) */
  integrator: 'etdrk4' | 'semiImplicitEuler' | 'semiImplicitHeun';
  /** the stages of etdrk4 (time.etdStages; Cox-Matthews unless the scene asks for Krogstad's) */
  etdStages: 'coxMatthews' | 'krogstad';
  stabilizer: number;
  scales: Scales;
  /** chemical-strain elasticity, when the scene has it */
  elasticity?: ElasticSpec;
  /** a charged species and its potential (model.electrostatics), when the scene has it */
  electrostatics?: ElectrostaticsSpec;
  /** the same model in internal units (what the GPU sees) */
  internal: {
    freeEnergy: FreeEnergyParams;
    kappa: number;
    mobility: 1;
    stabilizer: number;
    size: number[];
    spacing: number[];
    tEnd: number;
    control: { kind: 'accuracy'; tolerance: number; dtInitial: number; dtMax: number; growthPerStep: number } | { kind: 'fixed'; dt: number };
  };
}

function mobileIonCharge(scene: Scene): ElectrostaticsSpec['mobileIon'] {
  const ion = scene.model.electrostatics?.mobileIon;
  if (!ion) return undefined;
  const si = scene.units === 'SI';
  const e = si ? ELEMENTARY_CHARGE : 1;
  const kT = si ? BOLTZMANN * ion.temperature : ion.temperature;
  return { charge: ion.chargeNumber * e * ion.density, thermalVoltage: kT / (ion.chargeNumber * e) };
}

/** A zod issue path as scene problems name it: grid.cells[0] */
export function formatPath(path: PropertyKey[]): string {
  return path.length === 0 ? '(scene)' : path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}

/** Validate scene JSON; throws SceneError with every problem ("path: message"). */
export function parseScene(json: unknown): Scene {
  const result = SceneSchema.safeParse(json);
  if (!result.success) {
    throw new SceneError(result.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`));
  }
  return result.data;
}

function sceneFreeEnergy(scene: Scene): FreeEnergyParams {
  const fe = scene.model.freeEnergy;
  if (fe.kind !== 'regularSolution') return fe;
  const rt = scene.units === 'SI' ? GAS_CONSTANT * fe.temperature : fe.temperature;
  return { kind: 'regularSolution', siteDensity: fe.siteDensity, rt, omega: fe.omega };
}

function scaleFreeEnergy(fe: FreeEnergyParams, e0: number): FreeEnergyParams {
  switch (fe.kind) {
    case 'doubleWell':
      return { ...fe, rho: fe.rho / e0 };
    case 'regularSolution':
      return { kind: 'regularSolution', siteDensity: 1, rt: (fe.siteDensity * fe.rt) / e0, omega: (fe.siteDensity * fe.omega) / e0 };
    case 'polynomial':
      return { kind: 'polynomial', coefficients: fe.coefficients.map((a) => a / e0) };
  }
}

type SceneElectrostatics = NonNullable<Scene['model']['electrostatics']>;

/** FieldPoisson for a mobile ion, held potentials on more than one axis or a composition-dependent eps; else the exact spectral solve. */
function electrostaticSolver(e: SceneElectrostatics): 'spectral' | 'field' {
  const heldAxes = e.faces.filter((f) => typeof f === 'object').length;
  return e.mobileIon || heldAxes > 1 || typeof e.permittivity !== 'number' ? 'field' : 'spectral';
}

function electrostaticInternal(e: SceneElectrostatics, length: number, e0: number): ElectrostaticsSpec['internal'] {
  const l2 = length * length;
  const eps = e.permittivity;
  if (typeof eps === 'number') return { permittivity: eps / l2, coupling: e.charge / e0 };
  return { permittivity: Math.sqrt(eps.atZero * eps.atOne) / l2, permittivityOfC: { atZero: eps.atZero / l2, atOne: eps.atOne / l2 }, coupling: e.charge / e0 };
}

/** Default time.control.tolerance per integrator (docs/numerics.md: the tables that chose them). */
export const DEFAULT_TOLERANCE = { etdrk4: 7e-5, semiImplicitEuler: 3e-4, semiImplicitHeun: 1e-4 } as const;
/** Default time.control.growthPerStep of reaction scenes (a growing perturbation changes by 5 % per step at most). */
export const DEFAULT_GROWTH_PER_STEP = 0.05;
/**
 * Default growthPerStep with semiImplicitHeun: its error estimate resolves the growth the caps are there
 * for, so they can be 4x looser (the lfp-particle-chr study, docs/electrochemistry.md: g = 0.2 with
 * tolerance 1e-4).
 */
export const HEUN_GROWTH_PER_STEP = 0.2;
/**
 * The automatic stabiliser of ETDRK4 and of polynomial free energies, as a fraction of max f'': above the
 * 1/2 of unconditional stability (Zhu et al. 1999) so that long steps also damp the long-wave bulk modes
 * (docs/numerics.md, "Long steps near equilibrium": PFHub 4 measured at 0.5, 0.55 and 0.62).
 */
export const SAFE_STABILIZER_FRACTION = 0.55;
/**
 * The automatic stabiliser of ETDRK4 with Krogstad's stages (time.etdStages), as a fraction of max f''.
 * Those stages extrapolate (each is 2 S(.) - S(u) in the stiff limit, S a sweep of factor rho = 1 - f''/A
 * on a long-wave bulk mode), so a long step multiplies such a mode by 4 rho^4 - 2 rho^3 - rho^2, which
 * stays below 1 only for rho >= -0.65: A >= max f'' / 1.65. 0.65 gives rho >= -0.54 and a factor <= 0.36
 * (docs/numerics.md, "Krogstad's stages").
 */
export const KROGSTAD_STABILIZER_FRACTION = 0.65;

/** Initial composition range, used to choose the stabiliser. */
function initialRange(scene: Scene): [number, number] {
  const ic = scene.initial;
  switch (ic.kind) {
    case 'pfhub-bm1a':
      return [ic.c0 - 4 * Math.abs(ic.epsilon), ic.c0 + 4 * Math.abs(ic.epsilon)];
    case 'pfhub-bm6':
      return [ic.c0 - 4 * Math.abs(ic.c1), ic.c0 + 4 * Math.abs(ic.c1)];
    case 'noise':
    case 'cosine':
      return [ic.mean - ic.amplitude, ic.mean + ic.amplitude];
    case 'uniform':
      return [ic.value, ic.value];
    case 'precipitate':
      return [Math.min(ic.inside, ic.outside), Math.max(ic.inside, ic.outside)];
  }
}

export function resolveScene(json: unknown): Spec {
  const scene = parseScene(json);
  const dims = scene.grid.cells.length as 2 | 3;
  const shape = [...scene.grid.cells];
  const size = [...scene.grid.size];
  const spacing = size.map((L, i) => L / shape[i]);
  const fe = sceneFreeEnergy(scene);
  const energy = freeEnergy(fe);
  const m = scene.model.mobility;
  const mobilityForm = m.kind === 'diffusivity' ? m.form : 'constant';
  // Lattice form: M(c) = (D/e0) c(1-c) = M0 * 4c(1-c) with M0 = D/(4 e0), the largest value (c = 1/2).
  let hop = 0;
  if (m.kind === 'diffusivity') {
    try {
      hop = hopDiffusivity({ measured: m.measured, value: m.diffusivity, atComposition: m.atComposition }, fe);
    } catch (e) {
      throw new SceneError([`model.mobility.atComposition: ${(e as Error).message}`]);
    }
  }
  const mobility = m.kind === 'constant' ? m.value : hop / energy.scale / (mobilityForm === 'lattice' ? 4 : 1);
  // ETDRK4 is the default for closed Cahn-Hilliard scenes; the reaction steppers (ACR, CHR) have only
  // the first-order step so far (docs/numerics.md, "ETDRK4").
  const reactionScene = scene.model.reaction !== undefined;
  const integrator = scene.time.integrator ?? (reactionScene ? 'semiImplicitEuler' : 'etdrk4');
  if (reactionScene && integrator === 'etdrk4') {
    throw new SceneError(['time.integrator: "etdrk4" serves closed Cahn-Hilliard scenes; a scene with model.reaction steps with "semiImplicitEuler" or "semiImplicitHeun"']);
  }
  if (integrator === 'semiImplicitHeun') {
    const reaction = scene.model.reaction;
    if (!reaction) throw new SceneError(['time.integrator: "semiImplicitHeun" serves the reaction steppers (model.reaction); closed Cahn-Hilliard scenes step with "etdrk4" or "semiImplicitEuler"']);
    if (reaction.rateLaw.kind !== 'butlerVolmer') throw new SceneError(['model.reaction.rateLaw.kind: "semiImplicitHeun" steps Butler-Volmer kinetics only (use "semiImplicitEuler" with Marcus)']);
    if (reaction.fluctuations > 0) throw new SceneError(['model.reaction.fluctuations: "semiImplicitHeun" is a deterministic step (use "semiImplicitEuler" with fluctuations)']);
  }
  if (scene.time.etdStages !== undefined && integrator !== 'etdrk4') throw new SceneError([`time.etdStages: the stages of "etdrk4" (this scene steps with "${integrator}")`]);
  // ETDRK4 integrates the linear part exactly, so a stabiliser that keeps long steps stable costs it little
  // accuracy; the first-order step keeps max f''/8 (docs/numerics.md, "The stabiliser"), except for a
  // polynomial f: its deep, narrow wells (PFHub 4) leave a relaxing precipitate with a smooth field whose
  // error estimate lets the step grow until the explicit f'(c) goes unstable, so it gets the safe one too.
  // Safe is 0.55 max f'', not the textbook max f''/2: a step much longer than the relaxation time of a mode
  // is a fixed-point sweep whose factor on a long-wave bulk mode is 1 - f''/A, -1 at A = max f''/2, so
  // nothing damped it and a run near equilibrium lagged or crawled (docs/numerics.md, "Long steps near
  // equilibrium"); 0.55 gives -0.82. Krogstad's stages need more (KROGSTAD_STABILIZER_FRACTION).
  const etdStages = scene.time.etdStages ?? 'coxMatthews';
  const fraction = integrator !== 'etdrk4' && fe.kind !== 'polynomial' ? 1 / 8 : etdStages === 'krogstad' ? KROGSTAD_STABILIZER_FRACTION : SAFE_STABILIZER_FRACTION;
  const stabilizer = scene.model.stabilizer === 'auto' ? autoStabilizer(energy, initialRange(scene), fraction) : scene.model.stabilizer;

  const length = spacing[0];
  const e0 = energy.scale;
  const time = (length * length) / (mobility * e0);
  const scales: Scales = { length, energyDensity: e0, mobility, time, energy: e0 * length ** dims };

  const tEnd = scene.time.tEnd / time;
  const c = scene.time.control;
  const control =
    c.kind === 'fixed'
      ? { kind: 'fixed' as const, dt: c.dt / time }
      : {
          kind: 'accuracy' as const,
          tolerance: c.tolerance ?? DEFAULT_TOLERANCE[integrator],
          // Defaults: start well below the fastest linear time scale (~1 internal unit), and allow
          // steps up to 1/20 of the run (the accuracy control keeps them short while things move).
          dtInitial: c.dtInitial !== undefined ? c.dtInitial / time : 1e-3,
          dtMax: c.dtMax !== undefined ? c.dtMax / time : tEnd / 20,
          growthPerStep: c.growthPerStep ?? (integrator === 'semiImplicitHeun' ? HEUN_GROWTH_PER_STEP : DEFAULT_GROWTH_PER_STEP),
        };
  // The GPU works in float32: internal numbers must stay well inside its range (~1e-38 .. 3e38). A value
  // out of range is named by its own path, and the scale inputs that enter it are named too (an absurd
  // diffusivity shows up as an absurd time unit, so both time.tEnd and model.mobility are reported).
  const mobilityPath = `model.mobility.${m.kind === 'constant' ? 'value' : 'diffusivity'}`;
  const scaleLines: Record<string, string> = {
    grid: `grid.size: sets the length unit l0 = dx = ${length.toPrecision(3)}`,
    energy: `model.freeEnergy: sets the energy-density unit e0 = ${e0.toPrecision(3)}`,
    mobility: `${mobilityPath}: sets the time unit t0 = l0^2 / (M0 e0) = ${time.toPrecision(3)}`,
  };
  const f32Checks: [string, number, string[]][] = [
    ['model.kappa', scene.model.kappa / (e0 * length * length), ['energy', 'grid']],
    ['model.stabilizer', stabilizer / e0, ['energy']],
    ['time.tEnd', tEnd, ['mobility', 'grid', 'energy']],
    ...(control.kind === 'fixed' ? [['time.control.dt', control.dt, ['mobility', 'grid', 'energy']] as [string, number, string[]]] : []),
  ];
  const outOfRange = f32Checks.filter(([, v]) => !Number.isFinite(v) || Math.abs(v) > 1e30 || (v !== 0 && Math.abs(v) < 1e-30));
  if (outOfRange.length > 0) {
    const sources = [...new Set(outOfRange.flatMap(([, , inputs]) => inputs))].map((k) => scaleLines[k]);
    throw new SceneError([
      ...outOfRange.map(([path, v]) => `${path}: ${v.toPrecision(3)} in the solver's internal units is outside what float32 arithmetic can hold (1e-30 .. 1e30); check its value and unit`),
      ...sources,
    ]);
  }
  const elasticProblems: string[] = [];
  const elasticity = resolveElasticity(scene, e0, elasticProblems);
  if (elasticProblems.length > 0) throw new SceneError(elasticProblems);
  return {
    scene,
    dims,
    elasticity,
    shape,
    size,
    spacing,
    boundary: boundaryPerAxis(scene.grid),
    electrostatics: scene.model.electrostatics && {
      permittivity: scene.model.electrostatics.permittivity,
      charge: scene.model.electrostatics.charge,
      faces: scene.model.electrostatics.faces,
      poissonBoundary: scene.model.electrostatics.faces.map((f) => (f === 'periodic' ? 'periodic' : f === 'insulating' ? 'noFlux' : 'fixed')),
      mobileIon: mobileIonCharge(scene),
      solver: electrostaticSolver(scene.model.electrostatics),
      internal: electrostaticInternal(scene.model.electrostatics, length, e0),
    },
    freeEnergy: fe,
    kappa: scene.model.kappa,
    mobility,
    mobilityForm,
    integrator,
    etdStages,
    stabilizer,
    scales,
    internal: {
      freeEnergy: scaleFreeEnergy(fe, e0),
      kappa: scene.model.kappa / (e0 * length * length),
      mobility: 1,
      stabilizer: stabilizer / e0,
      size: size.map((L) => L / length),
      spacing: spacing.map((h) => h / length),
      tEnd,
      control,
    },
  };
}
