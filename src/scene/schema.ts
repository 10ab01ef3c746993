/**
 * The scene file: plain JSON checked by this schema (zod) before any GPU work (DESIGN.md 4.3).
 * Every field says its unit: "SI" scenes give lengths in m, times in s, energies per volume in J/m^3,
 * "dimensionless" scenes are in the model's own units (as PFHub states its benchmarks).
 * Unknown keys are errors (a typo must not silently fall back to a default).
 */
import { BoundarySchema, boundaryIssues } from './boundarySchema.ts';
import { ElectrostaticsSchema, electrostaticsIssues } from './electrostaticsSchema.ts';
import { z } from 'zod';
import { isSmooth235 } from '../fft/plan.ts';
import { ElasticitySchema } from './elasticitySchema.ts';
import { GeometrySchema } from './geometrySchema.ts';
import { ReactionSchema, ProtocolSchema, electrochemistryIssues } from './electrochemistrySchema.ts';
import { ThermalSchema, thermalIssues } from './thermalSchema.ts';
import { QuantitiesSchema, quantitiesIssues } from './quantitiesSchema.ts';

const positive = (what: string) => z.number({ error: `${what} must be a number` }).positive({ error: `${what} must be > 0` });
const fraction = z.number().min(0, { error: 'must be in [0, 1]' }).max(1, { error: 'must be in [0, 1]' });

export const FreeEnergySchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('doubleWell'),
    /** barrier height coefficient rho [J/m^3] */
    rho: positive('rho'),
    ca: fraction,
    cb: fraction,
  }),
  z.strictObject({
    kind: z.literal('regularSolution'),
    /** lattice-site density [mol/m^3] (dimensionless scenes: 1) */
    siteDensity: positive('siteDensity'),
    /** temperature [K] (dimensionless scenes: kT = 1 is implied by temperature = 1 and gasConstant = 1) */
    temperature: positive('temperature'),
    /** regular-solution interaction parameter Omega [J/mol] */
    omega: z.number(),
  }),
  z.strictObject({
    kind: z.literal('polynomial'),
    /** f = sum_j a_j c^j [J/m^3], j = 0.. */
    coefficients: z.array(z.number()).min(3).max(12),
  }),
]);

export const MobilitySchema = z.discriminatedUnion('kind', [
  /** M [m^5/(J s)] (dimensionless: model units) */
  z.strictObject({ kind: z.literal('constant'), value: positive('mobility') }),
  /**
   * From a diffusivity D [m^2/s] and the free energy's scale e0 (siteDensity R T for a regular
   * solution): form "lattice" (default) M(c) = D c (1 - c) / e0, the lattice-gas / Darken mobility whose
   * dilute-limit chemical diffusivity M f'' is D (Bazant, Acc. Chem. Res. 46 (2013) 1144), solved with
   * the stabilised variable-mobility splitting; form "constant" M = D / e0.
   * `measured` says which diffusivity `diffusivity` is (lattice form only; Darken, src/physics/transport.ts):
   * "hop" (default) the single-hop D0 above; "tracer" a tracer diffusivity D* at composition
   * `atComposition` (D0 = D* / (1 - c)); "chemical" a chemical (Fickian) diffusivity there, e.g. from
   * GITT (D0 = D_chem / Phi(c), Phi = c (1-c) f''(c) / e0 the thermodynamic factor of the scene's free energy).
   */
  z.strictObject({
    kind: z.literal('diffusivity'),
    diffusivity: positive('diffusivity'),
    form: z.enum(['lattice', 'constant']).default('lattice'),
    measured: z.enum(['hop', 'tracer', 'chemical']).default('hop'),
    atComposition: z.number().gt(0).lt(1).optional(),
  }),
]);

export const InitialConditionSchema = z.discriminatedUnion('kind', [
  /** The PFHub benchmark 1a initial condition (c0 + epsilon * sum of cosines). */
  z.strictObject({ kind: z.literal('pfhub-bm1a'), c0: fraction.default(0.5), epsilon: z.number().default(0.01) }),
  /** The PFHub benchmark 6 initial condition: benchmark 1a's with cos(0.2 x) for cos(0.105 x), c0 = 0.5, c1 = 0.04. */
  z.strictObject({ kind: z.literal('pfhub-bm6'), c0: fraction.default(0.5), c1: z.number().default(0.04) }),
  /** Uniform random noise around a mean (deterministic seed). */
  z.strictObject({ kind: z.literal('noise'), mean: fraction, amplitude: z.number().min(0).max(0.5), seed: z.int().min(0).default(1) }),
  z.strictObject({ kind: z.literal('uniform'), value: fraction }),
  /**
   * A precipitate: c = outside + (inside - outside) psi, psi the smooth indicator of `shape` (any shape
   * of the geometry section: sphere / circle, ellipsoid / ellipse, rounded box, mask; scene length unit).
   */
  z.strictObject({
    kind: z.literal('precipitate'),
    shape: GeometrySchema,
    inside: fraction.default(1),
    outside: fraction.default(0),
    /**
     * 10-90 % width of the initial interface in the scene's length unit, independent of the grid (a
     * benchmark states its initial profile physically); overrides shape.interfaceCells when given
     */
    interfaceWidth: positive('interfaceWidth').optional(),
  }),
  /** mean + amplitude cos(2 pi m . x / L): one Fourier mode, m = integer mode numbers per axis. */
  z.strictObject({ kind: z.literal('cosine'), mean: fraction, amplitude: z.number().min(0).max(0.5), modes: z.array(z.int()).min(2).max(3) }),
]);

export const TimeSchema = z.strictObject({
  /** end time [s] (dimensionless: model units) */
  tEnd: positive('tEnd'),
  /**
   * Time integrator (docs/numerics.md). "etdrk4" (the default for closed Cahn-Hilliard scenes):
   * fourth-order exponential Runge-Kutta with an embedded error estimate and step rejection;
   * "semiImplicitEuler" (the default with model.reaction): the first-order stabilised semi-implicit step;
   * "semiImplicitHeun" (reaction scenes with Butler-Volmer kinetics and no fluctuations, issue 17): its
   * second-order predictor-corrector with the predictor's distance as the error estimate.
   */
  integrator: z.enum(['etdrk4', 'semiImplicitEuler', 'semiImplicitHeun']).optional(),
  /**
   * The stages of "etdrk4" (docs/numerics.md, "Krogstad's stages"): "coxMatthews" (the default; Cox &
   * Matthews 2002) or "krogstad" (Krogstad 2005: the same cost and final combination, about 1.7x more
   * accurate per step in PFHub 1a's coarsening, but slower to settle on an equilibrium in long steps;
   * its automatic stabiliser is 0.65 max f'').
   */
  etdStages: z.enum(['coxMatthews', 'krogstad']).optional(),
  /**
   * Time-step control. "accuracy": adaptive, the tolerance is the RMS error in c one step may add: with
   * etdrk4 the distance to its embedded second-order solution (default 7e-5, steps that miss it are
   * rejected), with semiImplicitEuler the estimated local truncation error (default 3e-4; docs/numerics.md),
   * with semiImplicitHeun the distance of its first-order predictor (default 1e-4).
   */
  control: z
    .discriminatedUnion('kind', [
      z.strictObject({
        kind: z.literal('accuracy'),
        tolerance: positive('tolerance').max(0.1).optional(),
        dtInitial: positive('dtInitial').optional(),
        dtMax: positive('dtMax').optional(),
        /**
         * Reaction scenes (ACR, CHR): the largest relative change of a growing perturbation in one
         * adaptive step (the spinodal growth the error estimate does not see while it is small); the mean
         * filling may change by a tenth of it per step. Default 0.05 (semiImplicitHeun: 0.2, its error
         * estimate resolves that growth). Smaller values refine the step for a
         * convergence study (docs/electrochemistry.md).
         */
        growthPerStep: positive('growthPerStep').max(0.5).optional(),
      }),
      z.strictObject({ kind: z.literal('fixed'), dt: positive('dt') }),
    ])
    .default({ kind: 'accuracy' }),
});

export const OutputSchema = z.strictObject({
  /** write a timeseries.csv row every N steps (the last step is always written) */
  timeseriesEvery: z.int().min(1).default(1),
  /** write fields (.vti and .png) at these many log- or linearly-spaced times; 0 = only the final state */
  fieldFrames: z.int().min(0).max(10000).default(10),
  /**
   * Closed Cahn-Hilliard scenes: end a step on every frame time, so each frame holds the state at its time
   * (with long adaptive steps a frame is otherwise written at the first pause after its time, and frame
   * times a single step passes share one frame). The path then depends on the frame times, which follow
   * t_end: a run extended with `--resume --t-end` is no longer bit-identical to one run to the later end
   * (docs/outputs.md). Off by default, which keeps that promise (DESIGN.md 4.2).
   */
  landOnFrames: z.boolean().default(false),
  /**
   * Elastic scenes: evaluate the stress observables (sigma_vm_max, sigma_1_max, hotspot_fraction) every
   * N steps; each evaluation costs several FFTs, so they are not computed every step. Rows in between
   * hold nan in those columns.
   */
  stressEvery: z.int().min(1).default(16),
  /** further scalar quantities of interest for qoi.json, reduced from timeseries.csv (src/scene/quantitiesSchema.ts) */
  quantities: QuantitiesSchema.optional(),
});

export const SceneSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1).regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'use lower-case letters, digits and dashes' }),
    description: z.string().min(1),
    units: z.enum(['SI', 'dimensionless']),
    grid: z.strictObject({
      /** cells per axis [nx, ny] or [nx, ny, nz]; each a product of 2, 3 and 5, even, >= 8 */
      cells: z.array(z.int().min(8).max(8192)).min(2).max(3),
      /** physical box lengths per axis [m] (dimensionless: model units) */
      size: z.array(positive('size')).min(2).max(3),
      /** faces of the box per axis: "periodic" (default), "noFlux" walls, "fixed" (src/scene/boundarySchema.ts) */
      boundary: BoundarySchema.optional(),
    }),
    model: z.strictObject({
      freeEnergy: FreeEnergySchema,
      /** gradient energy coefficient kappa [J/m] */
      kappa: positive('kappa'),
      mobility: MobilitySchema,
      /** stabilisation constant A [J/m^3] of the semi-implicit scheme, or "auto" */
      stabilizer: z.union([z.literal('auto'), z.number().min(0)]).default('auto'),
      /** Li insertion kinetics (src/scene/electrochemistrySchema.ts); omit for a closed particle */
      reaction: ReactionSchema.optional(),
      /** chemical-strain elasticity (src/scene/elasticitySchema.ts); omit for none */
      elasticity: ElasticitySchema.optional(),
      /** a charged species and its potential, eps lap phi = -charge c (src/scene/electrostaticsSchema.ts); omit for none */
      electrostatics: ElectrostaticsSchema.optional(),
    }),
    initial: InitialConditionSchema,
    time: TimeSchema,
    output: OutputSchema.default({ timeseriesEvery: 1, fieldFrames: 10, landOnFrames: false, stressEvery: 16 }),
    /** one particle in the box (smoothed-boundary indicator psi): src/scene/geometrySchema.ts */
    geometry: GeometrySchema.optional(),
    /** cycling protocol of an electrochemistry scene (src/scene/electrochemistrySchema.ts) */
    protocol: ProtocolSchema.optional(),
    /** lumped thermal body coupled to the kinetics of an electrochemistry scene (src/scene/thermalSchema.ts) */
    thermal: ThermalSchema.optional(),
  })
  .superRefine((s, ctx) => {
    const m = s.model.mobility;
    if (m.kind === 'diffusivity' && m.measured !== 'hop') {
      if (m.form !== 'lattice') ctx.addIssue({ code: 'custom', path: ['model', 'mobility', 'measured'], message: `a ${m.measured} diffusivity is converted through Darken's relation for the lattice mobility: use form "lattice"` });
      if (m.atComposition === undefined) ctx.addIssue({ code: 'custom', path: ['model', 'mobility', 'atComposition'], message: `give the site fraction at which the ${m.measured} diffusivity was measured` });
    }
    if (s.grid.size.length !== s.grid.cells.length) {
      ctx.addIssue({ code: 'custom', path: ['grid', 'size'], message: `needs ${s.grid.cells.length} entries, one per axis of grid.cells` });
    }
    s.grid.cells.forEach((n, i) => {
      // Only counts the base rules accept (whole, 8..8192): others are reported already, and a
      // refinement still runs after those (non-fatal) issues, e.g. for 2e302 or a million entries.
      if (s.grid.cells.length > 3 || !Number.isSafeInteger(n) || n < 8 || n > 8192) return;
      if (!isSmooth235(n) || n % 2 !== 0) {
        ctx.addIssue({ code: 'custom', path: ['grid', 'cells', i], message: `${n} cells: the FFT needs an even length whose only prime factors are 2, 3 and 5 (e.g. ${nearestSmooth(n)})` });
      }
    });
    const fe = s.model.freeEnergy;
    if (fe.kind === 'doubleWell' && !(fe.ca < fe.cb)) ctx.addIssue({ code: 'custom', path: ['model', 'freeEnergy', 'cb'], message: 'must be larger than ca' });
    if (s.initial.kind === 'cosine' && s.initial.modes.length !== s.grid.cells.length) {
      ctx.addIssue({ code: 'custom', path: ['initial', 'modes'], message: `needs ${s.grid.cells.length} mode numbers, one per axis` });
    }
    if (s.initial.kind === 'noise' || s.initial.kind === 'cosine') {
      const lo = s.initial.mean - s.initial.amplitude;
      const hi = s.initial.mean + s.initial.amplitude;
      if (lo < 0 || hi > 1) ctx.addIssue({ code: 'custom', path: ['initial', 'amplitude'], message: `mean +- amplitude leaves [0, 1] (${lo} .. ${hi})` });
    }
    for (const issue of electrochemistryIssues(s)) ctx.addIssue({ code: 'custom', ...issue });
    for (const issue of thermalIssues(s)) ctx.addIssue({ code: 'custom', ...issue });
    for (const issue of boundaryIssues(s)) ctx.addIssue({ code: 'custom', ...issue });
    for (const issue of electrostaticsIssues(s)) ctx.addIssue({ code: 'custom', ...issue });
    for (const issue of quantitiesIssues(s)) ctx.addIssue({ code: 'custom', ...issue });
    const g = s.geometry;
    if (g) {
      const axes = s.grid.cells.length;
      const lists: [string, number[] | undefined][] = [['center', 'center' in g ? g.center : undefined], ['semiAxes', g.kind === 'ellipsoid' ? g.semiAxes : undefined], ['halfSize', g.kind === 'roundedBox' ? g.halfSize : undefined], ['cells', g.kind === 'mask' ? g.cells : undefined]];
      for (const [key, list] of lists) {
        if (list && list.length !== axes) ctx.addIssue({ code: 'custom', path: ['geometry', key], message: `needs ${axes} entries, one per axis of grid.cells` });
      }
      if (g.kind === 'composite') {
        const h = s.grid.size.map((L, i) => L / s.grid.cells[i]);
        if (axes !== 3 || h.some((v) => Math.abs(v / h[0] - 1) > 1e-9)) {
          ctx.addIssue({ code: 'custom', path: ['geometry', 'kind'], message: `a composite microstructure needs a 3D grid with cubic cells (equal grid.size / grid.cells on every axis; got ${h.map((v) => v.toPrecision(3)).join(', ')})` });
        }
        const sum = g.fractions.active + g.fractions.electrolyte + g.fractions.carbon;
        if (sum > 1 + 1e-9) ctx.addIssue({ code: 'custom', path: ['geometry', 'fractions'], message: `the volume fractions add up to ${sum} > 1` });
      }
    }
    if (s.units === 'dimensionless' && fe.kind === 'regularSolution' && fe.temperature !== 1) {
      ctx.addIssue({ code: 'custom', path: ['model', 'freeEnergy', 'temperature'], message: 'dimensionless scenes measure energy in kT: use temperature = 1 and omega in units of kT' });
    }
  });

export type SceneInput = z.input<typeof SceneSchema>;
export type Scene = z.output<typeof SceneSchema>;

export function nearestSmooth(n: number): number {
  for (let d = 0; d <= 8192; d++) {
    if (n - d >= 8 && isSmooth235(n - d) && (n - d) % 2 === 0) return n - d;
    if (isSmooth235(n + d) && (n + d) % 2 === 0) return n + d;
  }
  return 8192;
}
