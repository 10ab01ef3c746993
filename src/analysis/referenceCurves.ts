/**
 * Published reference curves (e.g. the PFHub benchmark 1a free-energy uploads) and the band they
 * span: a simulation that is accurate in time should lie inside it (DESIGN.md section 5).
 */

export interface ReferenceCurve {
  name: string;
  /** [time, value] pairs sorted by time */
  points: [number, number][];
}

/** Parse a `time,value` CSV with a header line. */
export function parseReferenceCsv(name: string, text: string): ReferenceCurve {
  const lines = text.trim().split(/\r?\n/).slice(1);
  const points = lines
    .map((l) => l.split(',').map(Number) as [number, number])
    .filter(([t, v]) => Number.isFinite(t) && Number.isFinite(v))
    .sort((a, b) => a[0] - b[0]);
  return { name, points };
}

/** Linear interpolation of a curve at time t; undefined outside its time range. */
export function interpolate(points: readonly (readonly [number, number])[], t: number): number | undefined {
  if (points.length === 0 || t < points[0][0] || t > points[points.length - 1][0]) return undefined;
  let lo = 0;
  let hi = points.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid][0] <= t) lo = mid;
    else hi = mid;
  }
  const [t0, v0] = points[lo];
  const [t1, v1] = points[hi];
  return t1 === t0 ? v0 : v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
}

export interface BandCheck {
  time: number;
  value: number | undefined;
  lowest: number;
  highest: number;
  /** band edges widened by `widen` (relative): lowest (1 - widen), highest (1 + widen) */
  lower: number;
  upper: number;
  inside: boolean;
  /** how many reference curves cover this time */
  curves: number;
}

/** Check `simulated` against the band of `references` at each time in `times`. */
export function checkBand(simulated: readonly (readonly [number, number])[], references: ReferenceCurve[], times: number[], widen = 0.05): BandCheck[] {
  return times.map((time) => {
    const refs = references.map((r) => interpolate(r.points, time)).filter((v): v is number => v !== undefined);
    const lowest = Math.min(...refs);
    const highest = Math.max(...refs);
    const lower = lowest * (1 - widen);
    const upper = highest * (1 + widen);
    const value = interpolate(simulated, time);
    return { time, value, lowest, highest, lower, upper, inside: value !== undefined && value >= lower && value <= upper, curves: refs.length };
  });
}
