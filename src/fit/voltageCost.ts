/**
 * The fit's cost: the root-mean-square voltage difference between model and measurement over the range
 * of the compared axis (capacity or time) that both curves cover; the model is interpolated linearly
 * to the measured points. Curves are combined by weight, each curve counting by its weight whatever
 * its number of points: cost^2 = sum_k w_k RMSE_k^2 / sum_k w_k.
 */
export interface CurveComparison {
  /** the measured points compared (inside the common range) */
  x: number[];
  measured: number[];
  model: number[];
  /** the common range [lo, hi] of the axis */
  range: [number, number];
  sumOfSquares: number;
  rmse: number;
}

/** Model values at `at` by linear interpolation of (xs, ys), xs increasing; NaN outside. */
export function interpolate(xs: readonly number[], ys: readonly number[], at: number): number {
  if (!(at >= xs[0] && at <= xs[xs.length - 1])) return NaN;
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= at) lo = mid;
    else hi = mid;
  }
  const span = xs[hi] - xs[lo];
  return span > 0 ? ys[lo] + ((at - xs[lo]) / span) * (ys[hi] - ys[lo]) : ys[lo];
}

/** The model curve with its axis made strictly increasing (held or repeated points dropped). */
export function increasing(xs: readonly number[], ys: readonly number[]): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) continue;
    if (x.length > 0 && !(xs[i] > x[x.length - 1])) continue;
    x.push(xs[i]);
    y.push(ys[i]);
  }
  return { x, y };
}

/** Compare a measured curve with a model curve along the same axis; undefined when they share no range. */
export function compareCurves(measuredX: readonly number[], measuredV: readonly number[], modelX: readonly number[], modelV: readonly number[]): CurveComparison | undefined {
  const model = increasing(modelX, modelV);
  if (model.x.length < 2) return undefined;
  const lo = Math.max(measuredX[0], model.x[0]);
  const hi = Math.min(measuredX[measuredX.length - 1], model.x[model.x.length - 1]);
  const out: CurveComparison = { x: [], measured: [], model: [], range: [lo, hi], sumOfSquares: 0, rmse: NaN };
  for (let i = 0; i < measuredX.length; i++) {
    if (measuredX[i] < lo || measuredX[i] > hi) continue;
    const v = interpolate(model.x, model.y, measuredX[i]);
    out.x.push(measuredX[i]);
    out.measured.push(measuredV[i]);
    out.model.push(v);
    out.sumOfSquares += (v - measuredV[i]) ** 2;
  }
  if (out.x.length === 0) return undefined;
  out.rmse = Math.sqrt(out.sumOfSquares / out.x.length);
  return out;
}

export interface CombinedCost {
  /** V */
  rmse: number;
  /** measured points compared, all curves */
  points: number;
  /**
   * the weighted sum of squares S = points * rmse^2 = sum_k (w_k / W) (N / N_k) sum_i r_ki^2 (per-point
   * weights averaging 1), whose curvature gives the uncertainty (curvature.ts)
   */
  sumOfSquares: number;
}

/** Combine per-curve comparisons; a curve that could not be compared makes the cost infinite. */
export function combineCosts(curves: readonly { comparison: CurveComparison | undefined; weight: number }[]): CombinedCost {
  const totalWeight = curves.reduce((s, c) => s + c.weight, 0);
  let mean = 0;
  let points = 0;
  for (const { comparison, weight } of curves) {
    if (!comparison || !Number.isFinite(comparison.rmse)) return { rmse: Infinity, points: 0, sumOfSquares: Infinity };
    mean += (weight / totalWeight) * comparison.rmse ** 2;
    points += comparison.x.length;
  }
  return { rmse: Math.sqrt(mean), points, sumOfSquares: points * mean };
}
