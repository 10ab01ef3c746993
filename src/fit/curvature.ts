/**
 * Parameter uncertainty from the local curvature of a least-squares cost (Bard, Nonlinear Parameter
 * Estimation, 1974, ch. 7; Press et al., Numerical Recipes 3rd ed. section 15.5): near the optimum
 * S(u) = sum_k w_k r_k(u)^2 ~ S* + 1/2 du^T H du with H ~ 2 J^T W J, so the covariance of the estimate is
 * Cov = s^2 (J^T W J)^-1 = 2 s^2 H^-1, s^2 = S* / (N - p) the residual variance. H comes from central
 * finite differences of S itself (no Jacobian needed): 1 + 2p + 2p(p-1) evaluations for p parameters.
 * The correlation matrix Cov_ij / sqrt(Cov_ii Cov_jj) tells which parameters the data cannot separate
 * (|rho| near 1).
 */
import { Matrix, inverse } from 'ml-matrix';

export type SumOfSquares = (u: readonly number[]) => Promise<number>;

/** H_ij = d2 S / du_i du_j by central differences with steps h_i (2nd order accurate). */
export async function finiteDifferenceHessian(S: SumOfSquares, u: readonly number[], h: readonly number[]): Promise<{ hessian: number[][]; atOptimum: number; evaluations: number }> {
  const p = u.length;
  let evaluations = 0;
  const at = async (shift: [number, number][]) => {
    const v = [...u];
    for (const [i, s] of shift) v[i] += s * h[i];
    evaluations++;
    return S(v);
  };
  const s0 = await at([]);
  const H = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < p; i++) {
    H[i][i] = ((await at([[i, 1]])) - 2 * s0 + (await at([[i, -1]]))) / (h[i] * h[i]);
    for (let j = 0; j < i; j++) {
      const pp = await at([[i, 1], [j, 1]]);
      const pm = await at([[i, 1], [j, -1]]);
      const mp = await at([[i, -1], [j, 1]]);
      const mm = await at([[i, -1], [j, -1]]);
      H[i][j] = H[j][i] = (pp - pm - mp + mm) / (4 * h[i] * h[j]);
    }
  }
  return { hessian: H, atOptimum: s0, evaluations };
}

export interface ParameterCovariance {
  covariance: number[][];
  standardDeviation: number[];
  correlation: number[][];
  /** s^2 = S* / (N - p) */
  residualVariance: number;
  /** false when H is not positive definite (not at a minimum, or a flat direction): no uncertainty then */
  positiveDefinite: boolean;
}

/** Covariance 2 s^2 H^-1 of parameters u fitted to `points` residuals with sum of squares `sumOfSquares`. */
export function covarianceFromHessian(hessian: number[][], sumOfSquares: number, points: number): ParameterCovariance {
  const p = hessian.length;
  const residualVariance = sumOfSquares / Math.max(1, points - p);
  const H = new Matrix(hessian);
  // positive definite <=> a Cholesky factor exists with positive diagonal
  let positiveDefinite = true;
  const L = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < p && positiveDefinite; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = hessian[i][j];
      for (let k = 0; k < j; k++) sum -= L[i][k] * L[j][k];
      if (i === j) {
        if (!(sum > 0)) positiveDefinite = false;
        else L[i][i] = Math.sqrt(sum);
      } else L[i][j] = sum / L[j][j];
    }
  }
  if (!positiveDefinite) {
    const nan = Array.from({ length: p }, () => new Array<number>(p).fill(NaN));
    return { covariance: nan, standardDeviation: new Array<number>(p).fill(NaN), correlation: nan.map((r) => [...r]), residualVariance, positiveDefinite };
  }
  const covariance = inverse(H).mul(2 * residualVariance).to2DArray();
  const standardDeviation = covariance.map((row, i) => Math.sqrt(row[i]));
  const correlation = covariance.map((row, i) => row.map((c, j) => (i === j ? 1 : c / (standardDeviation[i] * standardDeviation[j]))));
  return { covariance, standardDeviation, correlation, residualVariance, positiveDefinite };
}
