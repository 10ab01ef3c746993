import { describe, expect, it } from 'vitest';
import { nelderMead } from '../../../src/fit/nelderMead.ts';
import { cmaEs } from '../../../src/fit/cmaEs.ts';
import { levenbergMarquardt } from '../../../src/fit/levenbergMarquardt.ts';
import { covarianceFromHessian, finiteDifferenceHessian } from '../../../src/fit/curvature.ts';
import { mulberry32 } from '../../../src/physics/random.ts';

// Rosenbrock's valley, moved into the unit square: minimum 0 at (0.6, 0.36)
const rosenbrock = async (z: readonly number[]) => {
  const x = 2 * z[0] - 0.6 * 2 + 1;
  const y = 2 * z[1] - 0.36 * 2 + 1;
  return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
};
// an ill-conditioned rotated ellipsoid in 3D, minimum 0 at (0.3, 0.5, 0.7)
const ellipsoid = async (z: readonly number[]) => {
  const d = [z[0] - 0.3, z[1] - 0.5, z[2] - 0.7];
  const a = (d[0] + d[1]) / Math.SQRT2;
  const b = (d[0] - d[1]) / Math.SQRT2;
  return a * a + 1e3 * b * b + 1e2 * d[2] * d[2];
};

describe('optimisers over the normalised box', () => {
  it('Nelder-Mead finds the Rosenbrock minimum to 1e-3 within its budget and says it converged', async () => {
    const result = await nelderMead(rosenbrock, [0.1, 0.9], { initialStep: 0.1, maxEvaluations: 600, xTolerance: 1e-5, fTolerance: 1e-12 });
    expect(result.converged).toBe(true);
    expect(Math.abs(result.z[0] - 0.6)).toBeLessThan(1e-3);
    expect(Math.abs(result.z[1] - 0.36)).toBeLessThan(1e-3);
    expect(result.evaluations).toBeLessThanOrEqual(600);
  });

  it('Nelder-Mead stops at the evaluation budget and says so', async () => {
    let calls = 0;
    const result = await nelderMead(async (z) => (calls++, rosenbrock(z)), [0.1, 0.9], { initialStep: 0.1, maxEvaluations: 20, xTolerance: 1e-9, fTolerance: 0 });
    expect(result.converged).toBe(false);
    expect(result.evaluations).toBe(calls);
    expect(calls).toBeLessThanOrEqual(20);
    expect(result.reason).toMatch(/budget of 20/);
  });

  it('CMA-ES finds the minimum of an ill-conditioned rotated ellipsoid (condition 1e3) to 1e-4 and reproduces from its seed', async () => {
    const options = { initialStep: 0.25, maxEvaluations: 3000, xTolerance: 1e-6, seed: 3 };
    const result = await cmaEs(ellipsoid, [0.9, 0.1, 0.2], options);
    expect(result.converged).toBe(true);
    for (const [i, target] of [0.3, 0.5, 0.7].entries()) expect(Math.abs(result.z[i] - target)).toBeLessThan(1e-4);
    const again = await cmaEs(ellipsoid, [0.9, 0.1, 0.2], options);
    expect(again.z).toEqual(result.z);
    expect(again.evaluations).toBe(result.evaluations);
  });

  it('CMA-ES evaluates a generation concurrently (up to `concurrency` in flight) with the same result as one at a time', async () => {
    const options = { initialStep: 0.25, maxEvaluations: 120, xTolerance: 1e-6, seed: 5, populationSize: 6 };
    const sequential = await cmaEs(ellipsoid, [0.9, 0.1, 0.2], options);
    let inFlight = 0;
    let most = 0;
    // each evaluation takes longer the earlier it was asked, so they finish in reverse order
    let asked = 0;
    const slow = async (z: readonly number[]) => {
      const delay = 6 - (asked++ % 6);
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((done) => setTimeout(done, delay));
      inFlight--;
      return ellipsoid(z);
    };
    const concurrent = await cmaEs(slow, [0.9, 0.1, 0.2], { ...options, concurrency: 4 });
    expect(most).toBe(4);
    expect(concurrent.z).toEqual(sequential.z);
    expect(concurrent.cost).toBe(sequential.cost);
    expect(concurrent.evaluations).toBe(sequential.evaluations);
  });

  it('CMA-ES finds the Rosenbrock minimum to 1e-3', async () => {
    const result = await cmaEs(rosenbrock, [0.1, 0.9], { initialStep: 0.2, maxEvaluations: 4000, xTolerance: 1e-6, seed: 11 });
    expect(Math.abs(result.z[0] - 0.6)).toBeLessThan(1e-3);
    expect(Math.abs(result.z[1] - 0.36)).toBeLessThan(1e-3);
  });
});

describe('Levenberg-Marquardt (ml-levenberg-marquardt in a worker, residuals awaited on the main thread)', () => {
  // y = a exp(-b t), a = 4 z0, b = 2 z1; truth a = 2.5, b = 0.8 (z = 0.625, 0.4), no noise
  const t = Array.from({ length: 30 }, (_, i) => i / 6);
  const y = t.map((ti) => 2.5 * Math.exp(-0.8 * ti));
  const objective = async (z: readonly number[]) => {
    await new Promise((r) => setTimeout(r, 0)); // really asynchronous, as a GPU simulation
    const residuals = t.map((ti, i) => 4 * z[0] * Math.exp(-2 * z[1] * ti) - y[i]);
    return { residuals, cost: Math.sqrt(residuals.reduce((s, r) => s + r * r, 0) / t.length) };
  };

  it('fits an exponential decay to 1e-5 and stops by itself once the cost stalls', async () => {
    const result = await levenbergMarquardt(objective, t.length, [0.3, 0.9], { maxEvaluations: 200, gradientStep: 1e-4, damping: 1e-2, fTolerance: 1e-9 });
    expect(Math.abs(result.z[0] - 0.625)).toBeLessThan(1e-5);
    expect(Math.abs(result.z[1] - 0.4)).toBeLessThan(1e-5);
    expect(result.converged).toBe(true);
    expect(result.evaluations).toBeLessThan(200);
  });

  it('stops at the evaluation budget', async () => {
    let calls = 0;
    const result = await levenbergMarquardt(async (z) => (calls++, objective(z)), t.length, [0.3, 0.9], { maxEvaluations: 5, gradientStep: 1e-4, damping: 1e-2, fTolerance: 0 });
    expect(calls).toBe(5);
    expect(result.evaluations).toBe(5);
    expect(result.converged).toBe(false);
    expect(result.reason).toMatch(/budget of 5/);
  });
});

describe('uncertainty from the curvature of the cost', () => {
  // Linear least squares y = a + b x with Gaussian noise: S is exactly quadratic, so the finite-difference
  // Hessian is exact and 2 s^2 H^-1 must equal the textbook covariance s^2 (X^T X)^-1.
  it('reproduces the linear-regression covariance s^2 (X^T X)^-1 and its correlation', async () => {
    const random = mulberry32(9);
    const xs = Array.from({ length: 40 }, (_, i) => 1 + i / 4);
    const ys = xs.map((x) => 2 + 0.5 * x + 0.01 * (random() - 0.5));
    const S = async ([a, b]: readonly number[]) => xs.reduce((s, x, i) => s + (a + b * x - ys[i]) ** 2, 0);
    // the least-squares solution
    const n = xs.length;
    const sx = xs.reduce((s, x) => s + x, 0);
    const sxx = xs.reduce((s, x) => s + x * x, 0);
    const sy = ys.reduce((s, y) => s + y, 0);
    const sxy = xs.reduce((s, x, i) => s + x * ys[i], 0);
    const det = n * sxx - sx * sx;
    const a = (sxx * sy - sx * sxy) / det;
    const b = (n * sxy - sx * sy) / det;
    const { hessian, atOptimum, evaluations } = await finiteDifferenceHessian(S, [a, b], [1e-2, 1e-3]);
    expect(evaluations).toBe(9);
    const cov = covarianceFromHessian(hessian, atOptimum, n);
    const s2 = atOptimum / (n - 2);
    const expected = [
      [(s2 * sxx) / det, (-s2 * sx) / det],
      [(-s2 * sx) / det, (s2 * n) / det],
    ];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(cov.covariance[i][j] / expected[i][j]).toBeCloseTo(1, 6);
    expect(cov.correlation[0][1]).toBeCloseTo(-sx / Math.sqrt(n * sxx), 6);
    expect(cov.positiveDefinite).toBe(true);
  });

  it('reports no uncertainty (NaN) when the curvature is not positive definite', () => {
    const cov = covarianceFromHessian([[1, 0], [0, -1]], 1, 10);
    expect(cov.positiveDefinite).toBe(false);
    expect(cov.standardDeviation.every(Number.isNaN)).toBe(true);
  });
});
