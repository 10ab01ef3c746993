/**
 * Calibration: find the scene values that make the simulated voltage curves match the measured ones
 * (least squares in V), then estimate their uncertainty and correlations from the curvature of the cost
 * at the optimum. Knows nothing of files or the GPU: the caller supplies `simulate`, which runs curve k
 * at the given parameter values (undefined when the simulation failed or the values are not valid).
 */
import type { MeasuredCurve } from './measuredCurve.ts';
import type { ParameterSpace } from './parameterSpace.ts';
import { combineCosts, compareCurves, type CombinedCost, type CurveComparison } from './voltageCost.ts';
import { nelderMead } from './nelderMead.ts';
import { cmaEs } from './cmaEs.ts';
import { levenbergMarquardt } from './levenbergMarquardt.ts';
import { covarianceFromHessian, finiteDifferenceHessian, type ParameterCovariance } from './curvature.ts';
import type { OptimiserResult } from './optimiser.ts';
import type { Fit } from './fitSchema.ts';

export interface CalibrationCurve {
  label: string;
  measured: MeasuredCurve;
  weight: number;
}

export interface ModelCurve {
  /** along the measured curve's axis: capacity fraction or time [s] */
  x: number[];
  voltage: number[];
}

export interface CalibrationProblem {
  space: ParameterSpace;
  curves: CalibrationCurve[];
  simulate: (curve: number, values: readonly number[]) => Promise<ModelCurve | undefined>;
}

export interface EvaluationRecord {
  evaluation: number;
  values: number[];
  /** V (Infinity when a simulation failed) */
  cost: number;
  /** the penalty added for a point outside the bounds (normalised distance, in V) */
  penalty: number;
}

export interface Evaluated {
  values: number[];
  cost: CombinedCost;
  comparisons: (CurveComparison | undefined)[];
  models: (ModelCurve | undefined)[];
}

export interface Uncertainty extends ParameterCovariance {
  /** d2 S / du_i du_j, u = value (linear) or ln(value) (log) */
  hessian: number[][];
  /** finite-difference steps in u */
  steps: number[];
  evaluations: number;
}

export interface CalibrationResult {
  best: Evaluated;
  optimiser: OptimiserResult & { kind: string };
  history: EvaluationRecord[];
  uncertainty?: Uncertainty;
}

/**
 * The weighted residual vector of fixed length (every measured point of every curve): model minus
 * measurement times sqrt(w_k / W * M / M_k) (M_k the points of curve k, M all of them), so that its
 * sum of squares is M cost^2 when every point is compared; 0 for a point outside the common range and
 * 1 V for every point of a curve that could not be simulated.
 */
export function residualVector(curves: readonly CalibrationCurve[], comparisons: readonly (CurveComparison | undefined)[]): Float64Array {
  const total = curves.reduce((s, c) => s + c.measured.x.length, 0);
  const totalWeight = curves.reduce((s, c) => s + c.weight, 0);
  const out = new Float64Array(total);
  let offset = 0;
  curves.forEach((curve, k) => {
    const points = curve.measured.x.length;
    const scale = Math.sqrt(((curve.weight / totalWeight) * total) / points);
    const cmp = comparisons[k];
    let j = 0;
    for (let i = 0; i < points; i++) {
      const x = curve.measured.x[i];
      if (!cmp) out[offset + i] = 1;
      else if (j < cmp.x.length && cmp.x[j] === x) {
        out[offset + i] = scale * (cmp.model[j] - cmp.measured[j]);
        j++;
      }
    }
    offset += points;
  });
  return out;
}

/**
 * The bounds are kept by evaluating a point outside them at its projection onto the box plus a penalty
 * of 1 V per normalised unit outside (far above any voltage misfit), so the search always returns inside.
 */
export async function calibrate(problem: CalibrationProblem, fit: Pick<Fit, 'optimiser' | 'uncertainty'>, onEvaluation?: (record: EvaluationRecord) => void): Promise<CalibrationResult> {
  const { space, curves } = problem;
  const cache = new Map<string, Evaluated>();
  const evaluate = async (values: number[]): Promise<Evaluated> => {
    const key = values.map((v) => v.toPrecision(17)).join(',');
    const known = cache.get(key);
    if (known) return known;
    const models: (ModelCurve | undefined)[] = [];
    const comparisons: (CurveComparison | undefined)[] = [];
    for (let k = 0; k < curves.length; k++) {
      const model = await problem.simulate(k, values);
      models.push(model);
      comparisons.push(model && compareCurves(curves[k].measured.x, curves[k].measured.voltage, model.x, model.voltage));
    }
    const cost = combineCosts(comparisons.map((comparison, k) => ({ comparison, weight: curves[k].weight })));
    const result = { values, cost, comparisons, models };
    cache.set(key, result);
    return result;
  };
  const history: EvaluationRecord[] = [];
  let best: Evaluated | undefined;
  let calls = 0;
  const evaluateAt = async (z: readonly number[]) => {
    const values = space.fromNormalised(z);
    const penalty = space.outside(z);
    // numbered in the order asked, not finished: evaluations in flight together (CMA-ES concurrency) keep their order
    const evaluation = ++calls;
    const result = await evaluate(values);
    const record = { evaluation, values, cost: result.cost.rmse + penalty, penalty };
    history[evaluation - 1] = record;
    onEvaluation?.(record);
    if (penalty === 0 && (!best || result.cost.rmse < best.cost.rmse)) best = result;
    return { result, cost: record.cost };
  };
  const objective = async (z: readonly number[]) => (await evaluateAt(z)).cost;
  const start = space.initialNormalised;
  const o = fit.optimiser;
  const optimiser =
    o.kind === 'nelderMead'
      ? { kind: o.kind, ...(await nelderMead(objective, start, { maxEvaluations: o.maxEvaluations, xTolerance: o.xTolerance, fTolerance: o.fTolerance, initialStep: o.initialStep })) }
      : o.kind === 'cmaes'
        ? { kind: o.kind, ...(await cmaEs(objective, start, { maxEvaluations: o.maxEvaluations, xTolerance: o.xTolerance, initialStep: o.initialStep, populationSize: o.populationSize, seed: o.seed, concurrency: o.concurrency })) }
        : {
            kind: o.kind,
            ...(await levenbergMarquardt(
              async (z) => {
                const { result, cost } = await evaluateAt(z);
                return { residuals: residualVector(curves, result.comparisons), cost };
              },
              curves.reduce((s, c) => s + c.measured.x.length, 0),
              start,
              { maxEvaluations: o.maxEvaluations, fTolerance: o.fTolerance, gradientStep: o.gradientStep, damping: o.damping },
            )),
          };
  const optimum = best ?? (await evaluate(space.fromNormalised(optimiser.z)));
  let uncertainty: Uncertainty | undefined;
  if (fit.uncertainty.step > 0 && Number.isFinite(optimum.cost.rmse)) {
    const points = optimum.cost.points;
    const u0 = optimum.values.map((v, i) => space.toFit(i, v));
    const steps = u0.map((_, i) => fit.uncertainty.step * space.span(i));
    // S(u) = N* cost(u)^2 with N* the points compared at the optimum; the stencil may step past the
    // bounds (they bound the search, not the physics)
    const S = async (u: readonly number[]) => {
      const r = await evaluate(u.map((ui, i) => space.fromFit(i, ui)));
      return points * r.cost.rmse ** 2;
    };
    const { hessian, atOptimum, evaluations } = await finiteDifferenceHessian(S, u0, steps);
    uncertainty = { ...covarianceFromHessian(hessian, atOptimum, points), hessian, steps, evaluations };
  }
  return { best: optimum, optimiser, history, uncertainty };
}
