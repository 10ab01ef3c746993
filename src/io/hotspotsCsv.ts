/**
 * `hotspots.csv` of a run with a strength criterion (docs/outputs.md): one row per hot-spot region per
 * field frame, in the scene's units (time, stress, length). A frame without hot spots writes no row.
 */
import type { TrackedRegion } from '../analysis/hotspots.ts';
import { formatCsvNumber } from './timeseries.ts';

// in_particle (added with the electrolyte's own strength, issue 19): 1 for a region of the particle (or of a
// scene without a matrix), 0 for one of the matrix (electrolyte); peak_stress is then against that phase's criterion
export const HOTSPOT_COLUMNS = ['step', 'time', 'region', 'cells', 'volume_fraction', 'peak_stress', 'peak_x', 'peak_y', 'peak_z', 'first_seen_time', 'in_particle'] as const;

export function hotspotCsvHeader(): string {
  return `${HOTSPOT_COLUMNS.join(',')}\n`;
}

export function hotspotCsvRows(step: number, time: number, regions: readonly TrackedRegion[]): string {
  return regions
    .map((r) => [step, time, r.id, r.cells, r.volumeFraction, r.peakStress, ...r.peakPosition, r.firstSeen, r.phase === 'particle' ? 1 : 0].map(formatCsvNumber).join(',') + '\n')
    .join('');
}
