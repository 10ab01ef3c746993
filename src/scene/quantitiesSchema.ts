/**
 * `output.quantities` of a scene: scalar quantities of interest that a run reduces from its
 * timeseries.csv into qoi.json, in addition to the standard ones (src/analysis/quantitiesOfInterest.ts).
 * A sweep (src/sweep/sweepSchema.ts) puts its own definitions here so that every sample's run writes them.
 */
import { z } from 'zod';

/** How a column becomes one number. Times are in the scene's units. */
export const QUANTITY_REDUCTIONS = ['initial', 'final', 'min', 'max', 'timeAverage', 'firstTimeAbove', 'firstTimeBelow'] as const;

export const QuantityDefinitionSchema = z
  .strictObject({
    /** the key in qoi.json and the column of a sweep's summary.csv */
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, { error: 'use lower-case letters, digits and underscores, starting with a letter' }),
    /** a timeseries.csv column, e.g. "voltage", "sigma_1_max" */
    column: z.string().regex(/^[a-z][a-z0-9_]*$/, { error: 'a timeseries.csv column name (lower case)' }),
    /**
     * initial / final: the first / last finite value; min / max over finite values; timeAverage: the
     * trapezoidal integral over time divided by the time span; firstTimeAbove / firstTimeBelow: the time
     * of the first row whose value is above / below `threshold` (null if none)
     */
    reduce: z.enum(QUANTITY_REDUCTIONS),
    threshold: z.number().optional(),
  })
  .superRefine((q, ctx) => {
    const needs = q.reduce === 'firstTimeAbove' || q.reduce === 'firstTimeBelow';
    if (needs && q.threshold === undefined) ctx.addIssue({ code: 'custom', path: ['threshold'], message: `reduce "${q.reduce}" needs a threshold` });
    if (!needs && q.threshold !== undefined) ctx.addIssue({ code: 'custom', path: ['threshold'], message: `reduce "${q.reduce}" takes no threshold` });
  });

export const QuantitiesSchema = z.array(QuantityDefinitionSchema).superRefine((list, ctx) => {
  const seen = new Set<string>();
  list.forEach((q, i) => {
    if (seen.has(q.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `"${q.name}" is defined twice` });
    seen.add(q.name);
  });
});

/** The standard quantities every run writes where its columns allow (src/analysis/quantitiesOfInterest.ts). */
export const STANDARD_QUANTITY_NAMES = [
  'time_end', 'free_energy_end', 'c_mean_end',
  'capacity_end', 'voltage_end', 'voltage_min', 'voltage_max', 'voltage_plateau',
  'sigma_1_peak', 'sigma_vm_peak', 'hotspot_fraction_peak', 'hotspot_fraction_end', 'hotspot_time_first',
  'temperature_peak',
  'tip_x_end', 'tip_x_max', 'interface_length_per_width_end', 'interface_area_per_electrode_area_end',
  'deposited_li_end', 'current_density_mean', 'li_inventory_drift_end',
] as const;

interface SceneForQuantities {
  model: { reaction?: unknown; elasticity?: unknown };
  thermal?: unknown;
  output: { quantities?: readonly { name: string; column: string }[] };
}

/** The timeseries.csv columns a scene records (docs/outputs.md), as far as the scene alone decides them. */
export function recordedColumns(s: SceneForQuantities): string[] {
  const columns = ['step', 'time', 'dt', 'free_energy', 'mass', 'c_mean', 'c_min', 'c_max'];
  if (s.model.elasticity !== undefined) columns.push('elastic_energy', 'sigma_vm_max', 'sigma_1_max', 'hotspot_fraction', 'bulk_energy', 'gradient_energy', 'elastic_residual', 'elastic_iterations');
  if (s.model.reaction !== undefined) columns.push('voltage', 'current', 'capacity');
  if (s.thermal !== undefined) columns.push('temperature');
  return columns;
}

/** Cross-field rules of output.quantities: names apart from the standard ones, columns the scene records. */
export function quantitiesIssues(s: SceneForQuantities): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const columns = recordedColumns(s);
  (s.output.quantities ?? []).forEach((q, i) => {
    if ((STANDARD_QUANTITY_NAMES as readonly string[]).includes(q.name)) issues.push({ path: ['output', 'quantities', i, 'name'], message: `"${q.name}" is a standard quantity (qoi.json has it already); choose another name` });
    if (!columns.includes(q.column)) issues.push({ path: ['output', 'quantities', i, 'column'], message: `this scene records no column "${q.column}" (it records ${columns.join(', ')})` });
  });
  return issues;
}

export type QuantityDefinition = z.output<typeof QuantityDefinitionSchema>;
