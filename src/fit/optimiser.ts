/**
 * What the fit's optimisers share: they minimise an asynchronous objective (each evaluation runs GPU
 * simulations) over the unit cube of normalised parameters z in [0, 1]^n (parameterSpace.ts maps z to
 * the scene's values), and report every evaluation so the cost history can be written and plotted.
 */
export type Objective = (z: readonly number[]) => Promise<number>;

export interface Evaluation {
  /** 1-based evaluation number */
  index: number;
  z: number[];
  cost: number;
}

export interface OptimiserResult {
  z: number[];
  cost: number;
  evaluations: number;
  /** true when the optimiser's own tolerance stopped it (not the evaluation budget) */
  converged: boolean;
  /** why it stopped, in words */
  reason: string;
}

export interface OptimiserBudget {
  /** the most objective evaluations (each one simulates every measured curve once) */
  maxEvaluations: number;
  /** stop when the search has shrunk below this size in normalised units */
  xTolerance: number;
}
