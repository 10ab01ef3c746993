/**
 * Nelder-Mead downhill simplex (Nelder & Mead, Comput. J. 7 (1965) 308) in the form analysed by
 * Lagarias, Reeds, Wright & Wright (SIAM J. Optim. 9 (1998) 112): reflection, expansion, outside and
 * inside contraction, shrink, with the dimension-adaptive coefficients of Gao & Han (Comput. Optim.
 * Appl. 51 (2012) 259): expansion 1 + 2/n, contraction 3/4 - 1/(2n), shrink 1 - 1/n.
 *
 * Written here rather than taken from npm (README, dependencies): the objective is asynchronous (each
 * evaluation runs GPU simulations that must be awaited), which the synchronous npm implementations
 * cannot call, and the only published one (fmin 0.0.4) exports nothing when imported as ESM.
 */
import type { Objective, OptimiserBudget, OptimiserResult } from './optimiser.ts';

export interface NelderMeadOptions extends OptimiserBudget {
  /** edge of the initial simplex in normalised units */
  initialStep: number;
  /** also stop when the costs of the simplex's vertices differ by less than this */
  fTolerance: number;
}

interface Vertex {
  z: number[];
  cost: number;
}

export async function nelderMead(objective: Objective, start: readonly number[], options: NelderMeadOptions): Promise<OptimiserResult> {
  const n = start.length;
  // Gao & Han's coefficients; below two dimensions they would shrink to a point, so n >= 2 there (the
  // classic 2, 1/2, 1/2)
  const m = Math.max(n, 2);
  const expansion = 1 + 2 / m;
  const contraction = 0.75 - 1 / (2 * m);
  const shrink = 1 - 1 / m;
  let evaluations = 0;
  const evaluate = async (z: number[]): Promise<Vertex> => {
    evaluations++;
    const cost = await objective(z);
    return { z, cost: Number.isNaN(cost) ? Infinity : cost };
  };
  const budgetLeft = () => evaluations < options.maxEvaluations;
  // initial simplex: the start and one step along each axis (inwards where the step would leave the cube)
  const simplex: Vertex[] = [await evaluate([...start])];
  for (let i = 0; i < n && budgetLeft(); i++) {
    const z = [...start];
    z[i] += z[i] + options.initialStep > 1 ? -options.initialStep : options.initialStep;
    simplex.push(await evaluate(z));
  }
  const along = (centroid: number[], worst: number[], t: number) => centroid.map((c, i) => c + t * (c - worst[i]));
  for (;;) {
    simplex.sort((a, b) => a.cost - b.cost);
    if (simplex.length < n + 1) break; // the budget ran out while building the simplex
    const best = simplex[0];
    const size = Math.max(...simplex.slice(1).map((v) => Math.max(...v.z.map((zi, i) => Math.abs(zi - best.z[i])))));
    const spread = simplex[n].cost - best.cost;
    if (size < options.xTolerance && spread < options.fTolerance) {
      return { z: best.z, cost: best.cost, evaluations, converged: true, reason: `simplex smaller than ${options.xTolerance} (normalised) with costs within ${options.fTolerance}` };
    }
    if (!budgetLeft()) break;
    const worst = simplex[n];
    const centroid = Array.from({ length: n }, (_, i) => simplex.slice(0, n).reduce((s, v) => s + v.z[i], 0) / n);
    const reflected = await evaluate(along(centroid, worst.z, 1));
    if (reflected.cost < best.cost) {
      if (!budgetLeft()) {
        simplex[n] = reflected;
        continue;
      }
      const expanded = await evaluate(along(centroid, worst.z, expansion));
      simplex[n] = expanded.cost < reflected.cost ? expanded : reflected;
      continue;
    }
    if (reflected.cost < simplex[n - 1].cost) {
      simplex[n] = reflected;
      continue;
    }
    if (!budgetLeft()) break;
    // contraction: outside when the reflection beat the worst vertex, inside otherwise
    const outside = reflected.cost < worst.cost;
    const contracted = await evaluate(along(centroid, worst.z, outside ? contraction : -contraction));
    if (contracted.cost <= (outside ? reflected.cost : worst.cost)) {
      simplex[n] = contracted;
      continue;
    }
    // shrink towards the best vertex
    for (let k = 1; k <= n && budgetLeft(); k++) {
      simplex[k] = await evaluate(simplex[k].z.map((zi, i) => best.z[i] + shrink * (zi - best.z[i])));
    }
  }
  simplex.sort((a, b) => a.cost - b.cost);
  return { z: simplex[0].z, cost: simplex[0].cost, evaluations, converged: false, reason: `evaluation budget of ${options.maxEvaluations} spent` };
}
