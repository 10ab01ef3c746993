/**
 * The scene of the electrodeposition model (`"model": { "kind": "electrodeposition", ... }`, issue #21,
 * docs/electrodeposition.md): SI units, x normal to the electrode (x = 0 the electrode, x = L the
 * electrolyte's far face), lateral faces no-flux or periodic. Checked by zod like every scene; unknown
 * keys are errors. A scene of its own (not a branch of schema.ts's Cahn-Hilliard scene): the fields,
 * faces and outputs differ, and the step runs on the float64 reference until the GPU stepper exists.
 */
import { z } from 'zod';
import type { ElectrodepositionParameters } from '../physics/electrodeposition.ts';

const positive = (what: string) => z.number({ error: `${what} must be a number` }).positive({ error: `${what} must be > 0` });

const PhasePair = (what: string, unit: string) =>
  z.strictObject({
    /** in the metal (xi = 1) */
    electrode: positive(`${what} of the electrode [${unit}]`),
    /** in the electrolyte (xi = 0) */
    electrolyte: positive(`${what} of the electrolyte [${unit}]`),
  });

export const ElectrodepositionModelSchema = z.strictObject({
  kind: z.literal('electrodeposition'),
  /** L_sigma [m^3/(J s)] */
  interfaceMobility: positive('interfaceMobility'),
  /** L_eta [1/s] */
  reactionConstant: positive('reactionConstant'),
  /** kappa0 [J/m] */
  gradientCoefficient: positive('gradientCoefficient'),
  /** W [J/m^3] */
  barrierHeight: positive('barrierHeight'),
  /** kappa(theta) = kappa0 [1 + strength cos(mode theta)]; strength < 1 / (mode^2 - 1) keeps kappa + kappa'' > 0 */
  anisotropy: z.strictObject({ strength: z.number().min(0).max(0.5), mode: z.int().min(1).max(12) }).default({ strength: 0, mode: 4 }),
  diffusivity: PhasePair('diffusivity', 'm^2/s'),
  conductivity: PhasePair('conductivity', 'S/m'),
  /** c_s [mol/m^3] */
  siteDensity: positive('siteDensity'),
  /** c0 [mol/m^3] */
  bulkConcentration: positive('bulkConcentration'),
  transferCoefficient: z.number().gt(0).lt(1).default(0.5),
  electrons: z.int().min(1).max(4).default(1),
  temperature: positive('temperature'),
  /** held potentials [V]: phi_app on the electrode face x = 0, the electrolyte's face x = L (0: the reference) */
  potential: z.strictObject({ electrode: z.number(), electrolyte: z.number().default(0) }),
  /** c~ held on x = L */
  electrolyteConcentration: positive('electrolyteConcentration').default(1),
  /** Langevin noise on xi: rate alpha_n h'(xi) r, r uniform on [-1/2, 1/2); amplitude alpha_n [1/s] (0: off), seed of the GPU generator */
  noise: z
    .strictObject({
      amplitude: z.number({ error: 'noise.amplitude must be a number' }).min(0, { error: 'noise.amplitude must be >= 0 [1/s]' }),
      seed: z.int({ error: 'noise.seed must be an integer' }).min(0).max(0xffffffff).default(0),
    })
    .default({ amplitude: 0, seed: 0 }),
});

export const ElectrodepositionSceneSchema = z
  .strictObject({
    name: z.string().min(1),
    description: z.string().min(1),
    units: z.literal('SI'),
    grid: z.strictObject({
      /** [nx, ny] or [nx, ny, nz]: x normal to the electrode */
      cells: z
        .tuple([z.int().min(2), z.int().min(1)])
        .rest(z.int().min(2))
        .refine((c) => c.length <= 3, { error: 'must have 2 or 3 entries ([nx, ny] or [nx, ny, nz])' }),
      /** [Lx, Ly] or [Lx, Ly, Lz] [m] */
      size: z
        .tuple([positive('grid.size[0]'), positive('grid.size[1]')])
        .rest(positive('grid.size[2]'))
        .refine((c) => c.length <= 3, { error: 'must have 2 or 3 entries ([Lx, Ly] or [Lx, Ly, Lz])' }),
      /** the faces y = 0 and y = Ly (and z = 0, z = Lz in 3D) */
      lateral: z.enum(['noFlux', 'periodic']).default('noFlux'),
    }),
    model: ElectrodepositionModelSchema,
    /**
     * a flat electrode of this thickness with a half-disc nucleus centred on it at y = 0 (3D: a hemisphere centred
     * on the edge y = z = 0, a quarter of it in the box) (radius 0: none) [m]
     */
    initial: z.strictObject({ electrodeThickness: positive('initial.electrodeThickness'), nucleusRadius: z.number().min(0).default(0) }),
    /**
     * the run's end time and its step [s]: fixed (`control` "fixed", the default), or the first step of a step
     * size chosen for accuracy (`control` { kind: "accuracy", tolerance }: the largest local error of xi
     * in one step; src/solver/depositionStepControl.ts)
     */
    time: z.strictObject({
      tEnd: positive('time.tEnd'),
      dt: positive('time.dt'),
      control: z
        .union([
          z.strictObject({ kind: z.literal('fixed') }),
          z.strictObject({
            kind: z.literal('accuracy'),
            /** the largest local error of xi (in [0, 1]) one step may make */
            tolerance: positive('time.control.tolerance').max(0.1, { error: 'time.control.tolerance must be <= 0.1 (an error in xi, which spans [0, 1])' }).default(1e-4),
            /** the largest step [s] (the explicit Allen-Cahn limit applies besides) */
            dtMax: positive('time.control.dtMax').optional(),
          }),
        ])
        .default({ kind: 'fixed' }),
    }),
    output: z.strictObject({ timeseriesEvery: z.int().min(1).default(10), fieldFrames: z.int().min(0).default(8) }).default({ timeseriesEvery: 10, fieldFrames: 8 }),
  })
  .superRefine((s, ctx) => {
    if (s.grid.size.length !== s.grid.cells.length) {
      ctx.addIssue({ code: 'custom', path: ['grid', 'size'], message: `must have one length per axis of grid.cells (${s.grid.cells.length}), got ${s.grid.size.length}` });
      return;
    }
    if (s.grid.cells.length === 3 && s.grid.cells[1] < 2) ctx.addIssue({ code: 'custom', path: ['grid', 'cells', 1], message: 'must be >= 2 on a 3D grid' });
    const h = s.grid.cells.map((n, a) => s.grid.size[a]! / n);
    for (let a = 1; a < h.length; a++) {
      if (Math.abs(h[0] / h[a] - 1) > 1e-6) ctx.addIssue({ code: 'custom', path: ['grid', 'size'], message: `cells must be square (spacing ${h[0].toPrecision(3)} m along x, ${h[a].toPrecision(3)} m along ${'xyz'[a]})` });
    }
    if (s.initial.electrodeThickness >= s.grid.size[0]) ctx.addIssue({ code: 'custom', path: ['initial', 'electrodeThickness'], message: 'must be less than grid.size[0]' });
    const a = s.model.anisotropy;
    if (a.mode > 1 && a.strength >= 1 / (a.mode * a.mode - 1)) {
      ctx.addIssue({ code: 'custom', path: ['model', 'anisotropy', 'strength'], message: `must be < 1 / (mode^2 - 1) = ${(1 / (a.mode * a.mode - 1)).toPrecision(3)} (kappa + kappa'' > 0, no missing orientations)` });
    }
    // the noise's increment per step is dt alpha_n h' r: its strength would change with the step size
    if (s.time.control.kind === 'accuracy' && s.model.noise.amplitude > 0) {
      ctx.addIssue({ code: 'custom', path: ['time', 'control', 'kind'], message: 'must be "fixed" with model.noise (the noise increment dt alpha_n h\' r changes its strength with the step)' });
    }
    // 3D: the cubic anisotropy a(n) = 1 + delta (4 (n_x^4 + n_y^4 + n_z^4) - 3) (bcc Li), whose sections are mode 4
    if (s.grid.cells.length === 3 && a.mode !== 4 && a.strength !== 0) {
      ctx.addIssue({ code: 'custom', path: ['model', 'anisotropy', 'mode'], message: `must be 4 on a 3D grid (the cubic anisotropy of the normal), or anisotropy.strength 0; got ${a.mode}` });
    }
  });

export type ElectrodepositionScene = z.infer<typeof ElectrodepositionSceneSchema>;

/** Whether a parsed scene JSON asks for this model (the CLI's dispatch). */
export function isElectrodepositionScene(json: unknown): boolean {
  return (json as { model?: { kind?: unknown } })?.model?.kind === 'electrodeposition';
}

export function electrodepositionParameters(scene: ElectrodepositionScene): ElectrodepositionParameters {
  const { kind: _kind, ...parameters } = scene.model;
  return parameters;
}
