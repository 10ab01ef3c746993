/**
 * Scalar quantities of interest of one run (DESIGN.md 4.2: `qoi.json`), reduced from its recorded
 * time series. Pure: a table of columns and rows in, named numbers out (null where a quantity does not
 * exist for the run, e.g. the time of the first hot spot when none formed).
 *
 * The standard set depends on the columns the run has:
 *  - always: `time_end`, `free_energy_end` (final F), `c_mean_end`;
 *  - electrochemistry (`voltage,current,capacity`): `capacity_end` (the capacity at the cut-off or at
 *    the end), `voltage_end`, `voltage_min`, `voltage_max`, `voltage_plateau`;
 *  - elasticity: `sigma_1_peak`, `sigma_vm_peak`, `hotspot_fraction_peak`, `hotspot_fraction_end`,
 *    `hotspot_time_first`;
 *  - a thermal section: `temperature_peak`;
 *  - electrodeposition (its own columns, always SI): `tip_x_end`, `tip_x_max` (m), the final interface
 *    measure `interface_length_per_width_end` (2D) or `interface_area_per_electrode_area_end` (3D), 1 for
 *    a flat front, `deposited_li_end` (mol/m^2), `current_density_mean` (A/m^2, time average) and
 *    `li_inventory_drift_end` (relative; conservation of Li, for spotting a bad sample in a sweep).
 * Scenes add their own through `output.quantities` (src/scene/quantitiesSchema.ts).
 *
 * `voltage_plateau` is the median voltage over the rows whose capacity lies in the middle 60 % of the
 * capacity the run passed (20 % .. 80 %): on a two-phase plateau this is the plateau's height, away
 * from the initial polarisation and the final drop to the cut-off; a median, so a few spikes from
 * protocol switches do not move it. Stress columns hold nan between evaluations (output.stressEvery):
 * non-finite values are skipped by every reduction.
 */
import { QUANTITY_REDUCTIONS, STANDARD_QUANTITY_NAMES, type QuantityDefinition } from '../scene/quantitiesSchema.ts';

export interface RecordedSeries {
  columns: readonly string[];
  rows: readonly (readonly number[])[];
}

export type Quantities = Record<string, number | null>;

/** The standard quantities: name -> (column it needs, reduction) or a special rule. */
const STANDARD: { name: string; column: string; reduce: QuantityDefinition['reduce'] | 'plateau'; threshold?: number; unit: string }[] = [
  { name: 'time_end', column: 'time', reduce: 'final', unit: 'time' },
  { name: 'free_energy_end', column: 'free_energy', reduce: 'final', unit: 'energy' },
  { name: 'c_mean_end', column: 'c_mean', reduce: 'final', unit: '1' },
  { name: 'capacity_end', column: 'capacity', reduce: 'final', unit: 'fraction of sites' },
  { name: 'voltage_end', column: 'voltage', reduce: 'final', unit: 'V' },
  { name: 'voltage_min', column: 'voltage', reduce: 'min', unit: 'V' },
  { name: 'voltage_max', column: 'voltage', reduce: 'max', unit: 'V' },
  { name: 'voltage_plateau', column: 'voltage', reduce: 'plateau', unit: 'V' },
  { name: 'sigma_1_peak', column: 'sigma_1_max', reduce: 'max', unit: 'stress' },
  { name: 'sigma_vm_peak', column: 'sigma_vm_max', reduce: 'max', unit: 'stress' },
  { name: 'hotspot_fraction_peak', column: 'hotspot_fraction', reduce: 'max', unit: '1' },
  { name: 'hotspot_fraction_end', column: 'hotspot_fraction', reduce: 'final', unit: '1' },
  { name: 'hotspot_time_first', column: 'hotspot_fraction', reduce: 'firstTimeAbove', threshold: 0, unit: 'time' },
  { name: 'temperature_peak', column: 'temperature', reduce: 'max', unit: 'K' },
  { name: 'tip_x_end', column: 'tip_x', reduce: 'final', unit: 'm' },
  { name: 'tip_x_max', column: 'tip_x', reduce: 'max', unit: 'm' },
  { name: 'interface_length_per_width_end', column: 'interface_length_per_width', reduce: 'final', unit: '1' },
  { name: 'interface_area_per_electrode_area_end', column: 'interface_area_per_electrode_area', reduce: 'final', unit: '1' },
  { name: 'deposited_li_end', column: 'deposited_li', reduce: 'final', unit: 'mol/m^2' },
  { name: 'current_density_mean', column: 'current_density', reduce: 'timeAverage', unit: 'A/m^2' },
  { name: 'li_inventory_drift_end', column: 'li_inventory_drift', reduce: 'final', unit: '1' },
];

/** The table above, in the order of the schema's list of names (a unit test holds them equal). */
export const STANDARD_QUANTITIES: readonly { name: string; column: string }[] = STANDARD;

/** The unit of a standard quantity in a scene of the given units ("SI" or "dimensionless"). */
export function standardQuantityUnit(name: string, units: 'SI' | 'dimensionless', dims: 2 | 3): string | undefined {
  const q = STANDARD.find((s) => s.name === name);
  if (!q) return undefined;
  if (units !== 'SI') return q.unit === 'time' || q.unit === 'energy' || q.unit === 'stress' ? 'model units' : q.unit;
  return { time: 's', energy: dims === 2 ? 'J/m' : 'J', stress: 'Pa' }[q.unit] ?? q.unit;
}

function finiteValues(values: readonly number[]): number[] {
  return values.filter(Number.isFinite);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One column reduced to a number (null where it does not exist: no finite value, no crossing). */
export function reduceColumn(values: readonly number[], times: readonly number[], reduce: QuantityDefinition['reduce'], threshold?: number): number | null {
  if (!QUANTITY_REDUCTIONS.includes(reduce)) throw new Error(`unknown reduction "${reduce}"`);
  const finite = finiteValues(values);
  if (finite.length === 0) return null;
  switch (reduce) {
    case 'initial':
      return finite[0];
    case 'final':
      return finite[finite.length - 1];
    case 'min':
      return finite.reduce((a, b) => Math.min(a, b));
    case 'max':
      return finite.reduce((a, b) => Math.max(a, b));
    case 'timeAverage': {
      let integral = 0;
      let t0: number | undefined;
      let t1 = 0;
      let previous: [number, number] | undefined;
      for (let i = 0; i < values.length; i++) {
        if (!Number.isFinite(values[i]) || !Number.isFinite(times[i])) continue;
        if (previous) integral += 0.5 * (values[i] + previous[1]) * (times[i] - previous[0]);
        t0 ??= times[i];
        t1 = times[i];
        previous = [times[i], values[i]];
      }
      return t0 !== undefined && t1 > t0 ? integral / (t1 - t0) : finite[0];
    }
    case 'firstTimeAbove':
    case 'firstTimeBelow': {
      const th = threshold as number;
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (reduce === 'firstTimeAbove' ? v > th : v < th) return times[i];
      }
      return null;
    }
  }
}

/** Median voltage over the rows in the middle 60 % of the capacity passed (null if no capacity passed). */
export function plateauVoltage(voltage: readonly number[], capacity: readonly number[]): number | null {
  const c = finiteValues(capacity);
  if (c.length === 0) return null;
  const start = c[0];
  const span = c[c.length - 1] - start;
  if (span === 0) return null;
  const middle: number[] = [];
  for (let i = 0; i < voltage.length; i++) {
    const progress = (capacity[i] - start) / span;
    if (progress >= 0.2 && progress <= 0.8 && Number.isFinite(voltage[i])) middle.push(voltage[i]);
  }
  return middle.length > 0 ? median(middle) : null;
}

/**
 * The standard quantities the series' columns allow, then the scene's own definitions (in their order).
 * A definition naming a column the run did not record is an error naming both.
 */
export function quantitiesOfInterest(series: RecordedSeries, definitions: readonly QuantityDefinition[] = []): Quantities {
  const column = (name: string) => {
    const k = series.columns.indexOf(name);
    return k < 0 ? undefined : series.rows.map((r) => r[k]);
  };
  const times = column('time') ?? [];
  const out: Quantities = {};
  for (const q of STANDARD) {
    const values = column(q.column);
    if (!values) continue;
    if (q.reduce === 'plateau') {
      const capacity = column('capacity');
      if (capacity) out[q.name] = plateauVoltage(values, capacity);
    } else out[q.name] = reduceColumn(values, times, q.reduce, q.threshold);
  }
  for (const d of definitions) {
    if ((STANDARD_QUANTITY_NAMES as readonly string[]).includes(d.name)) throw new Error(`output.quantities: "${d.name}" is a standard quantity; choose another name`);
    const values = column(d.column);
    if (!values) throw new Error(`output.quantities: "${d.name}" reduces column "${d.column}", which this run did not record (columns: ${series.columns.join(',')})`);
    out[d.name] = reduceColumn(values, times, d.reduce, d.threshold);
  }
  return out;
}
