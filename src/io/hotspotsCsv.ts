/**
 * `hotspots.csv` of a run with a strength criterion (docs/outputs.md): one row per hot-spot region per
 * field frame, in the scene's units (time, stress, length). A frame without hot spots writes no row.
 */
import type { TrackedRegion } from '../analysis/hotspots.ts';
import { formatCsvNumber } from './timeseries.ts';

export const HOTSPOT_COLUMNS = ['step', 'time', 'region', 'cells', 'volume_fraction', 'peak_stress', 'peak_x', 'peak_y', 'peak_z', 'first_seen_time'] as const;

export function hotspotCsvHeader(): string {
  return `${HOTSPOT_COLUMNS.join(',')}\n`;
}

export function hotspotCsvRows(step: number, time: number, regions: readonly TrackedRegion[]): string {
  return regions
    .map((r) => [step, time, r.id, r.cells, r.volumeFraction, r.peakStress, ...r.peakPosition, r.firstSeen].map(formatCsvNumber).join(',') + '\n')
    .join('');
}
