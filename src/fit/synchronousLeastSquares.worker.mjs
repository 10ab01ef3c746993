/**
 * Worker thread of the Levenberg-Marquardt fit (levenbergMarquardt.ts). ml-levenberg-marquardt calls its
 * model synchronously, but every evaluation of a fit runs GPU simulations on the main thread. So the
 * library runs here, and each model call posts the parameters to the main thread and blocks on a shared
 * flag (Atomics.wait) until the main thread has written the residuals into shared memory: flag 1 = done,
 * 2 = stop (budget spent or converged: the library is abandoned, the main thread keeps the best point).
 * Plain JavaScript so that Node loads it as it is, under tsx, vitest or a build alike.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { levenbergMarquardt } from 'ml-levenberg-marquardt';

const { control, residuals, points, options } = workerData;
const PENDING = 0;
const STOP = 2;

class Stop extends Error {}

function model(parameters) {
  Atomics.store(control, 0, PENDING);
  parentPort.postMessage({ kind: 'evaluate', parameters: Array.from(parameters) });
  Atomics.wait(control, 0, PENDING);
  if (Atomics.load(control, 0) === STOP) throw new Stop();
  const r = Float64Array.from(residuals.subarray(0, points));
  return (i) => r[i];
}

try {
  // residuals r_i(p) fitted to y = 0: the library minimises sum (0 - r_i)^2
  const x = Array.from({ length: points }, (_, i) => i);
  const y = new Array(points).fill(0);
  const result = levenbergMarquardt({ x, y }, model, options);
  parentPort.postMessage({ kind: 'done', parameters: Array.from(result.parameterValues), iterations: result.iterations });
} catch (e) {
  if (e instanceof Stop) parentPort.postMessage({ kind: 'stopped' });
  else parentPort.postMessage({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
}
