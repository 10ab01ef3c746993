/**
 * `sweep.json`: a parameter study over one scene (DESIGN.md 4.2b, docs/sweeps.md). Plain JSON checked
 * by this schema (zod) before anything is planned; unknown keys are errors, every problem is named by
 * its JSON path.
 *
 *   scene       the base scene: a .json file (relative to sweep.json) or a bundled scene name
 *   set         fixed overrides for every sample, in `--set` syntax ("time.tEnd=3600")
 *   parameters  scene paths in `--set` syntax ("protocol.steps[0].cRate"), each with what the design needs:
 *               cartesian: `values` (any JSON); latinHypercube: `min`, `max`, `scale`; csv: the path only
 *   design      cartesian product | Latin hypercube with a seed | a CSV matrix with one column per scene
 *               path (the layout of MOOSE's CSVSampler, so designs move between tools)
 *   quantities  what summary.csv holds: names of qoi.json quantities (src/scene/quantitiesSchema.ts), or
 *               definitions reduced from timeseries.csv, which every sample's scene gets as output.quantities
 */
import { z } from 'zod';
import { QuantityDefinitionSchema, STANDARD_QUANTITY_NAMES } from '../scene/quantitiesSchema.ts';
import { parsePath } from '../cli/sceneArgument.ts';

const ParameterSchema = z.strictObject({
  /** a scene path, as in `--set PATH=value` */
  path: z.string().min(1),
  /** cartesian: the values this path takes (numbers, strings, arrays: any JSON) */
  values: z.array(z.unknown()).min(1).optional(),
  /** latinHypercube: the range sampled, [min, max) */
  min: z.number().optional(),
  max: z.number().optional(),
  /** latinHypercube: strata equal in the value (linear) or in its logarithm (log, min > 0) */
  scale: z.enum(['linear', 'log']).optional(),
});

const DesignSchema = z.discriminatedUnion('kind', [
  /** every combination of the parameters' values; the last parameter varies fastest */
  z.strictObject({ kind: z.literal('cartesian') }),
  /** `samples` points, each parameter's range cut into as many equal strata, each stratum sampled once (McKay, Beckman & Conover 1979) */
  z.strictObject({ kind: z.literal('latinHypercube'), samples: z.int().min(1).max(100000), seed: z.int().min(0).max(0xffffffff).default(1) }),
  /** rows of a CSV file (relative to sweep.json): a header of scene paths, one sample per line (MOOSE CSVSampler layout) */
  z.strictObject({ kind: z.literal('csv'), file: z.string().min(1) }),
]);

const QuantitySelectionSchema = z.union([z.string().regex(/^[a-z][a-z0-9_]*$/, { error: 'a quantity name (lower case, digits, underscores)' }), QuantityDefinitionSchema]);

export const SweepSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1).regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'use lower-case letters, digits and dashes' }),
    description: z.string().optional(),
    scene: z.string().min(1),
    set: z.array(z.string()).default([]),
    parameters: z.array(ParameterSchema).default([]),
    design: DesignSchema,
    quantities: z.array(QuantitySelectionSchema).default([]),
  })
  .superRefine((s, ctx) => {
    const kind = s.design.kind;
    if (kind !== 'csv' && s.parameters.length === 0) ctx.addIssue({ code: 'custom', path: ['parameters'], message: `a ${kind} design needs at least one parameter` });
    const seen = new Set<string>();
    s.parameters.forEach((p, i) => {
      const at = (key: string) => ['parameters', i, key];
      try {
        parsePath(p.path);
      } catch {
        ctx.addIssue({ code: 'custom', path: at('path'), message: `"${p.path}" is not a scene path (e.g. "model.kappa" or "protocol.steps[0].cRate")` });
      }
      if (seen.has(p.path)) ctx.addIssue({ code: 'custom', path: at('path'), message: `"${p.path}" appears twice` });
      seen.add(p.path);
      const ranged = p.min !== undefined || p.max !== undefined || p.scale !== undefined;
      if (kind === 'cartesian') {
        if (p.values === undefined) ctx.addIssue({ code: 'custom', path: at('values'), message: 'a cartesian design needs the values of every parameter' });
        if (ranged) ctx.addIssue({ code: 'custom', path: at('min'), message: 'min/max/scale belong to a latinHypercube design; a cartesian one takes values' });
      } else if (kind === 'latinHypercube') {
        if (p.values !== undefined) ctx.addIssue({ code: 'custom', path: at('values'), message: 'a latinHypercube design samples a range: give min and max, not values' });
        if (p.min === undefined) ctx.addIssue({ code: 'custom', path: at('min'), message: 'a latinHypercube design needs min' });
        if (p.max === undefined) ctx.addIssue({ code: 'custom', path: at('max'), message: 'a latinHypercube design needs max' });
        if (p.min !== undefined && p.max !== undefined && !(p.min < p.max)) ctx.addIssue({ code: 'custom', path: at('max'), message: `must be larger than min (${p.min})` });
        if (p.scale === 'log' && p.min !== undefined && !(p.min > 0)) ctx.addIssue({ code: 'custom', path: at('min'), message: 'a log scale needs min > 0' });
      } else if (p.values !== undefined || ranged) {
        ctx.addIssue({ code: 'custom', path: at('path'), message: 'a csv design takes its values from the file: give only the path (it selects that column)' });
      }
    });
    const names = new Set<string>();
    s.quantities.forEach((q, i) => {
      const name = typeof q === 'string' ? q : q.name;
      if (names.has(name)) ctx.addIssue({ code: 'custom', path: ['quantities', i], message: `"${name}" appears twice` });
      names.add(name);
      if (typeof q !== 'string' && (STANDARD_QUANTITY_NAMES as readonly string[]).includes(q.name)) {
        ctx.addIssue({ code: 'custom', path: ['quantities', i, 'name'], message: `"${q.name}" is a standard quantity: list it by name` });
      }
    });
  });

export type Sweep = z.output<typeof SweepSchema>;
export type SweepParameter = Sweep['parameters'][number];
export type SweepDesign = Sweep['design'];
