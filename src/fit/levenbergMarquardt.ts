/**
 * Levenberg-Marquardt on the residual vector of the fit, by ml-levenberg-marquardt (mljs; Levenberg
 * 1944, Marquardt 1963; forward-difference Jacobian, damping adapted by the gain ratio, bounds by
 * projection). The library is synchronous and each model call here awaits GPU simulations, so it runs
 * in a worker thread that blocks on shared memory while this (main) thread evaluates
 * (synchronousLeastSquares.worker.mjs).
 *
 * The library stops only at its iteration limit (or a sum of squares below a fixed threshold), so the
 * budget and convergence are judged here: stop when the best cost has improved by less than
 * `fTolerance` over the last 2 (n + 2) evaluations (two iterations: n Jacobian columns, the current and
 * the new point), or when `maxEvaluations` are spent.
 */
import { Worker } from 'node:worker_threads';
import type { OptimiserResult } from './optimiser.ts';

export interface LevenbergMarquardtOptions {
  /** the most objective evaluations (Jacobian columns included) */
  maxEvaluations: number;
  /** finite-difference step of the Jacobian, normalised units */
  gradientStep: number;
  /** initial damping lambda */
  damping: number;
  /** converged when the best cost improves by less than this over two iterations */
  fTolerance: number;
}

/** residuals(z): the weighted residual vector (fixed length `points`) and the scalar cost at z */
export type ResidualObjective = (z: readonly number[]) => Promise<{ residuals: ArrayLike<number>; cost: number }>;

const DONE = 1;
const STOP = 2;

export async function levenbergMarquardt(objective: ResidualObjective, points: number, start: readonly number[], options: LevenbergMarquardtOptions): Promise<OptimiserResult> {
  const n = start.length;
  const control = new Int32Array(new SharedArrayBuffer(4));
  const residuals = new Float64Array(new SharedArrayBuffer(8 * points));
  const worker = new Worker(new URL('./synchronousLeastSquares.worker.mjs', import.meta.url), {
    workerData: {
      control,
      residuals,
      points,
      options: {
        initialValues: [...start],
        minValues: new Array<number>(n).fill(0),
        maxValues: new Array<number>(n).fill(1),
        gradientDifference: options.gradientStep,
        damping: options.damping,
        maxIterations: 10_000, // the budget is kept here
        errorTolerance: 0,
      },
    },
  });
  let evaluations = 0;
  let best = { z: [...start], cost: Infinity };
  let lastImprovement = 0;
  const window = 2 * (n + 2);
  let reason = '';
  let converged = false;
  try {
    await new Promise<void>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the Levenberg-Marquardt worker exited with code ${code}`))));
      worker.on('message', (message: { kind: string; parameters?: number[]; message?: string }) => {
        if (message.kind === 'evaluate') {
          void (async () => {
            if (evaluations >= options.maxEvaluations) {
              reason = `evaluation budget of ${options.maxEvaluations} spent`;
              return STOP;
            }
            if (evaluations - lastImprovement >= window && evaluations > n + 1) {
              converged = true;
              reason = `best cost improved by less than ${options.fTolerance} V over ${window} evaluations`;
              return STOP;
            }
            evaluations++;
            const z = message.parameters!;
            const result = await objective(z);
            if (result.cost < best.cost - options.fTolerance) lastImprovement = evaluations;
            if (result.cost < best.cost) best = { z, cost: result.cost };
            for (let i = 0; i < points; i++) residuals[i] = Number.isFinite(result.residuals[i]) ? result.residuals[i] : 1;
            return DONE;
          })().then(
            (flag) => {
              Atomics.store(control, 0, flag);
              Atomics.notify(control, 0);
            },
            (error: unknown) => {
              reject(error);
              Atomics.store(control, 0, STOP);
              Atomics.notify(control, 0);
            },
          );
        } else if (message.kind === 'done') {
          converged = true;
          reason = 'the library reached its own end';
        } else if (message.kind === 'error') reject(new Error(`Levenberg-Marquardt: ${message.message}`));
      });
    });
  } finally {
    await worker.terminate();
  }
  return { z: best.z, cost: best.cost, evaluations, converged, reason };
}
