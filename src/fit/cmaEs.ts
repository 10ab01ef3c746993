/**
 * CMA-ES, the (mu/mu_w, lambda) covariance matrix adaptation evolution strategy with cumulative
 * step-size adaptation, rank-one and rank-mu updates, default strategy parameters as in N. Hansen,
 * "The CMA Evolution Strategy: A Tutorial" (arXiv:1604.00772, 2016), Table 1 and Fig. 7.
 *
 * Written here (README, dependencies): npm has no maintained CMA-ES package, and the fit's objective is
 * asynchronous (GPU simulations). The linear algebra (the eigendecomposition of C) is ml-matrix's.
 * Random numbers come from the seeded mulberry32 generator, so a fit reproduces exactly. A generation's
 * samples are independent: they are all drawn first, then evaluated up to `concurrency` at a time (their
 * simulations in flight together on one device, through the sweep's bounded pool), and used in the order
 * drawn, so the result does not depend on the concurrency.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { mulberry32 } from '../physics/random.ts';
import type { Objective, OptimiserBudget, OptimiserResult } from './optimiser.ts';
import { runPool } from '../sweep/samplePool.ts';

export interface CmaEsOptions extends OptimiserBudget {
  /** initial step size sigma0 in normalised units (a quarter of the box is a usual choice) */
  initialStep: number;
  /** samples per generation; default 4 + floor(3 ln n) */
  populationSize?: number;
  seed: number;
  /** samples of a generation evaluated at once (default 1: one after another) */
  concurrency?: number;
}

/** Standard normal deviates from a uniform generator (Box-Muller). */
function normalGenerator(uniform: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    const u = 1 - uniform(); // (0, 1]
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

export async function cmaEs(objective: Objective, start: readonly number[], options: CmaEsOptions): Promise<OptimiserResult> {
  const n = start.length;
  const lambda = options.populationSize ?? 4 + Math.floor(3 * Math.log(n));
  const mu = Math.floor(lambda / 2);
  const rawWeights = Array.from({ length: mu }, (_, i) => Math.log((lambda + 1) / 2) - Math.log(i + 1));
  const weightSum = rawWeights.reduce((a, b) => a + b, 0);
  const weights = rawWeights.map((w) => w / weightSum);
  const muEff = 1 / weights.reduce((a, w) => a + w * w, 0);
  // Hansen (2016) Table 1
  const cSigma = (muEff + 2) / (n + muEff + 5);
  const dSigma = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cSigma;
  const cc = (4 + muEff / n) / (n + 4 + (2 * muEff) / n);
  const c1 = 2 / ((n + 1.3) ** 2 + muEff);
  const cMu = Math.min(1 - c1, (2 * (muEff - 2 + 1 / muEff)) / ((n + 2) ** 2 + muEff));
  const expectedNorm = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n)); // E||N(0, I)||

  const normal = normalGenerator(mulberry32(options.seed));
  let mean = [...start];
  let sigma = options.initialStep;
  let C = Matrix.eye(n);
  let pSigma = new Array<number>(n).fill(0);
  let pc = new Array<number>(n).fill(0);
  let evaluations = 0;
  let best = { z: [...start], cost: Infinity };
  for (let generation = 0; ; generation++) {
    // C = B diag(d^2) B^T
    const eig = new EigenvalueDecomposition(C, { assumeSymmetric: true });
    const B = eig.eigenvectorMatrix;
    const d = eig.realEigenvalues.map((e) => Math.sqrt(Math.max(e, 1e-300)));
    // the search's extent along its widest axis, in normalised units
    const extent = sigma * Math.max(...d);
    if (extent < options.xTolerance) {
      return { z: best.z, cost: best.cost, evaluations, converged: true, reason: `search width sigma sqrt(max eig C) = ${extent.toExponential(2)} below ${options.xTolerance} (normalised)` };
    }
    if (evaluations + lambda > options.maxEvaluations) break;
    const drawn = Array.from({ length: lambda }, () => {
      const g = Array.from({ length: n }, (_, i) => d[i] * normal());
      const y = Array.from({ length: n }, (_, i) => B.getRow(i).reduce((s, b, j) => s + b * g[j], 0));
      return { y, z: mean.map((m, i) => m + sigma * y[i]) };
    });
    const { results } = await runPool(drawn, options.concurrency ?? 1, (s) => objective(s.z));
    const samples = drawn.map((s, k) => {
      const r = results[k]!;
      if (!r.ok) throw r.error;
      return { ...s, cost: Number.isNaN(r.value) ? Infinity : r.value };
    });
    evaluations += lambda;
    for (const s of samples) if (s.cost < best.cost) best = { z: s.z, cost: s.cost };
    samples.sort((a, b) => a.cost - b.cost);
    const yw = Array.from({ length: n }, (_, i) => weights.reduce((s, w, k) => s + w * samples[k].y[i], 0));
    mean = mean.map((m, i) => m + sigma * yw[i]);
    // C^(-1/2) y_w = B diag(1/d) B^T y_w
    const bty = Array.from({ length: n }, (_, j) => B.getColumn(j).reduce((s, b, i) => s + b * yw[i], 0));
    const whitened = Array.from({ length: n }, (_, i) => B.getRow(i).reduce((s, b, j) => s + (b * bty[j]) / d[j], 0));
    const sigmaGain = Math.sqrt(cSigma * (2 - cSigma) * muEff);
    pSigma = pSigma.map((p, i) => (1 - cSigma) * p + sigmaGain * whitened[i]);
    const pSigmaNorm = Math.hypot(...pSigma);
    const hSigma = pSigmaNorm / Math.sqrt(1 - (1 - cSigma) ** (2 * (generation + 1))) < (1.4 + 2 / (n + 1)) * expectedNorm ? 1 : 0;
    const ccGain = Math.sqrt(cc * (2 - cc) * muEff);
    pc = pc.map((p, i) => (1 - cc) * p + hSigma * ccGain * yw[i]);
    const rankOne = Matrix.columnVector(pc).mmul(Matrix.rowVector(pc));
    let rankMu = Matrix.zeros(n, n);
    for (let k = 0; k < mu; k++) rankMu = rankMu.add(Matrix.columnVector(samples[k].y).mmul(Matrix.rowVector(samples[k].y)).mul(weights[k]));
    const keep = 1 - c1 - cMu + (1 - hSigma) * c1 * cc * (2 - cc);
    C = C.mul(keep).add(rankOne.mul(c1)).add(rankMu.mul(cMu));
    C = C.add(C.transpose()).mul(0.5); // keep it exactly symmetric
    sigma *= Math.exp((cSigma / dSigma) * (pSigmaNorm / expectedNorm - 1));
  }
  return { z: best.z, cost: best.cost, evaluations, converged: false, reason: `evaluation budget of ${options.maxEvaluations} spent` };
}
