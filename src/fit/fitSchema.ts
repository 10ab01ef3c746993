/**
 * FIT.json (`spinode fit FIT.json`, DESIGN.md 4.2b): the scene, the measured curves each tied to the
 * protocol that produced it, the scene values to fit with their bounds and scaling, the cost, the
 * optimiser and its budget. Checked before any GPU work; every problem is reported by path.
 */
import { z } from 'zod';
import { ProtocolSchema } from '../scene/electrochemistrySchema.ts';

const positive = z.number().positive({ error: 'must be > 0' });
/** a scene path in the --set syntax, e.g. model.reaction.exchangeCurrent.k0 or grid.cells[0] */
const scenePath = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\[\d+\])*(\.[A-Za-z_][A-Za-z0-9_]*(\[\d+\])*)*$/, { error: 'a scene path such as model.reaction.exchangeCurrent.k0' });
/** `path=json` overrides, as `spinode run --set` */
const overrides = z.array(z.string().regex(/^[^=]+=.*$/s, { error: 'path=value, e.g. model.kappa=3' })).default([]);

/** a column by its header name, or by its number from 1 (the only way in a file without a header) */
const column = z.union([z.string().min(1), z.int().min(1, { error: 'column numbers start at 1' })]);

export const FitParameterSchema = z
  .strictObject({
    /** short name for tables and plots (default: the last part of the path) */
    name: z.string().min(1).optional(),
    path: scenePath,
    min: z.number(),
    max: z.number(),
    /** starting value (default: the geometric (log) or arithmetic (linear) middle of the bounds) */
    initial: z.number().optional(),
    /** log: the optimiser moves ln(value) (quantities spanning decades: exchange current, diffusivity) */
    scale: z.enum(['linear', 'log']).default('linear'),
    unit: z.string().default(''),
  })
  .superRefine((p, ctx) => {
    if (!(p.max > p.min)) ctx.addIssue({ code: 'custom', path: ['max'], message: `must be above min (${p.min})` });
    if (p.scale === 'log' && !(p.min > 0)) ctx.addIssue({ code: 'custom', path: ['min'], message: 'must be > 0 for a log-scaled parameter' });
    if (p.initial !== undefined && !(p.initial >= p.min && p.initial <= p.max)) ctx.addIssue({ code: 'custom', path: ['initial'], message: `must lie within [min, max] = [${p.min}, ${p.max}]` });
  });

export const FitDataSchema = z
  .strictObject({
    /** CSV file, relative to FIT.json */
    file: z.string().min(1),
    /** false: the file has no header line; columns are then given by number (from 1) */
    header: z.boolean().default(true),
    /** label in tables and plots (default: the C-rate, or the file name) */
    label: z.string().min(1).optional(),
    columns: z.strictObject({ voltage: column, capacity: column.optional(), time: column.optional() }),
    capacityUnit: z.enum(['fraction', 'mAh/g']).default('fraction'),
    /** theoretical capacity [mAh/g] that a fraction of 1 means (needed with capacityUnit mAh/g) */
    theoreticalCapacity: positive.optional(),
    timeUnit: z.enum(['s', 'h']).default('s'),
    /** galvanostatic curve at this C-rate (positive inserts, as the scene's protocol) */
    cRate: z.number().refine((c) => c !== 0, { error: 'must not be 0' }).optional(),
    /** or any protocol of the scene schema (e.g. a GITT pulse train: current pulses and rests, cycles) */
    protocol: ProtocolSchema.optional(),
    /** simulated time [s] (default: to the end of the measured curve) */
    tEnd: positive.optional(),
    /** weight of this curve in the cost (each curve counts by its weight, whatever its number of points) */
    weight: positive.default(1),
    /** scene overrides for this curve only (e.g. its time step) */
    set: overrides,
  })
  .superRefine((d, ctx) => {
    if ((d.columns.capacity === undefined) === (d.columns.time === undefined)) ctx.addIssue({ code: 'custom', path: ['columns'], message: 'name exactly one of capacity and time (the axis the voltage is compared along)' });
    if (!d.header) {
      for (const role of ['voltage', 'capacity', 'time'] as const) {
        const c = d.columns[role];
        if (typeof c === 'string') ctx.addIssue({ code: 'custom', path: ['columns', role], message: `"${c}": a file without a header line ("header": false) has no column names; give the column's number (from 1)` });
      }
    }
    if ((d.cRate === undefined) === (d.protocol === undefined)) ctx.addIssue({ code: 'custom', path: ['cRate'], message: 'give exactly one of cRate and protocol' });
    if (d.capacityUnit === 'mAh/g' && d.columns.capacity !== undefined && d.theoreticalCapacity === undefined) ctx.addIssue({ code: 'custom', path: ['theoreticalCapacity'], message: 'needed to turn mAh/g into a fraction of the sites (e.g. 170 for LiFePO4)' });
    if (d.columns.capacity !== undefined && d.protocol?.steps.some((s) => s.kind !== 'constantCurrent')) {
      ctx.addIssue({ code: 'custom', path: ['columns', 'capacity'], message: 'a protocol with rests or constant-voltage steps does not fill monotonically: compare against a time column' });
    }
    if (d.protocol !== undefined && d.columns.capacity !== undefined && d.tEnd === undefined) ctx.addIssue({ code: 'custom', path: ['tEnd'], message: 'needed with a protocol compared along capacity' });
  });

export const OptimiserSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('nelderMead'),
    maxEvaluations: z.int().min(1).default(200),
    /** simplex size at which it stops, in normalised units (the bounds span 1) */
    xTolerance: positive.default(1e-3),
    /** and vertex costs within this [V] */
    fTolerance: positive.default(1e-5),
    initialStep: positive.max(0.5).default(0.1),
  }),
  z.strictObject({
    kind: z.literal('cmaes'),
    maxEvaluations: z.int().min(1).default(300),
    xTolerance: positive.default(1e-3),
    /** sigma0 in normalised units */
    initialStep: positive.max(1).default(0.2),
    populationSize: z.int().min(2).optional(),
    seed: z.int().min(0).default(1),
    /** samples of a generation simulated at once on the device (their runs interleave on its queue) */
    concurrency: z.int().min(1).default(1),
  }),
  z.strictObject({
    kind: z.literal('levenbergMarquardt'),
    maxEvaluations: z.int().min(1).default(100),
    /** converged when the best cost improves by less than this [V] over two iterations */
    fTolerance: positive.default(1e-5),
    /** finite-difference step of the Jacobian in normalised units */
    gradientStep: positive.max(0.1).default(1e-3),
    /** initial damping */
    damping: positive.default(1e-2),
  }),
]);

export const FitSchema = z.strictObject({
  /** what is fitted to what, for the reader (not used) */
  description: z.string().optional(),
  /** a scene file (relative to FIT.json), a bundled scene name, or the scene itself */
  scene: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
  /** overrides applied to the scene for every curve */
  set: overrides,
  parameters: z.array(FitParameterSchema).min(1).max(12),
  data: z.array(FitDataSchema).min(1),
  cost: z.strictObject({ kind: z.literal('rmse').default('rmse') }).default({ kind: 'rmse' }),
  optimiser: OptimiserSchema.default({ kind: 'nelderMead', maxEvaluations: 200, xTolerance: 1e-3, fTolerance: 1e-5, initialStep: 0.1 }),
  uncertainty: z
    .strictObject({
      /** finite-difference step of the Hessian in normalised units (0 skips the uncertainty) */
      step: z.number().min(0).max(0.25).default(0.01),
    })
    .default({ step: 0.01 }),
});

export type FitInput = z.input<typeof FitSchema>;
export type Fit = z.output<typeof FitSchema>;
export type FitParameter = z.output<typeof FitParameterSchema>;
export type FitData = z.output<typeof FitDataSchema>;

function formatPath(path: PropertyKey[]): string {
  return path.length === 0 ? '(fit)' : path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}

export class FitSpecError extends Error {
  override name = 'FitSpecError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n  '));
  }
}

/** Validate FIT.json; throws FitSpecError with every problem ("path: message"). */
export function parseFit(json: unknown): Fit {
  const result = FitSchema.safeParse(json);
  if (!result.success) throw new FitSpecError(result.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`));
  const names = new Set<string>();
  for (const [i, p] of result.data.parameters.entries()) {
    const name = p.name ?? p.path.split('.').pop()!;
    if (names.has(name)) throw new FitSpecError([`parameters[${i}].name: "${name}" is used twice; give each parameter its own name`]);
    names.add(name);
  }
  return result.data;
}
