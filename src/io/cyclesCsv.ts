/**
 * `cycles.csv` of a cycled particle in an electrolyte or pore (issue 19; docs/outputs.md): one row per
 * protocol cycle with the peak stresses of the cycle, the capacity at each peak, and the hot-spot
 * regions that first crossed the strength in it (all, then those of the particle and of the electrolyte,
 * each against its own strength). Scene units (s, Pa for SI scenes).
 */
import type { CycleStress, HotspotOrigin, Peak } from '../analysis/cycleStressHistory.ts';
import { formatCsvNumber } from './timeseries.ts';

export const CYCLE_COLUMNS = [
  'cycle',
  'time_start',
  'time_end',
  'capacity_min',
  'capacity_max',
  'sigma_1_particle_max',
  'sigma_1_particle_max_capacity',
  'sigma_1_electrolyte_max',
  'sigma_1_electrolyte_max_capacity',
  'interface_tension_max',
  'interface_tension_max_capacity',
  'sigma_1_max',
  'hotspot_fraction_max',
  'hotspots_new',
  // added with the electrolyte's own strength (issue 19): the new regions of each phase (they sum to hotspots_new)
  'hotspots_new_particle',
  'hotspots_new_electrolyte',
] as const;

const peak = (p: Peak | null) => [p?.value ?? NaN, p?.capacity ?? NaN];

/** The whole file: header and one row per cycle (cycles numbered from 1 here). */
export function cyclesCsv(rows: readonly CycleStress[], origins: readonly HotspotOrigin[]): string {
  const lines = rows.map((r) =>
    [
      r.cycle + 1,
      r.timeStart,
      r.timeEnd,
      r.capacityMin,
      r.capacityMax,
      ...peak(r.sigma1Particle),
      ...peak(r.sigma1Electrolyte),
      ...peak(r.interfaceTension),
      r.sigma1?.value ?? NaN,
      r.hotspotFractionMax,
      origins.filter((o) => o.cycle === r.cycle).length,
      origins.filter((o) => o.cycle === r.cycle && o.phase === 'particle').length,
      origins.filter((o) => o.cycle === r.cycle && o.phase === 'electrolyte').length,
    ]
      .map(formatCsvNumber)
      .join(','),
  );
  return [CYCLE_COLUMNS.join(','), ...lines].join('\n') + '\n';
}
