/**
 * How the inhomogeneous elastic problem is solved (docs/elasticity.md): the scheme (conjugate
 * gradients or the basic fixed point), the Green operator (Willot's rotated or the continuous one),
 * and whether the moduli are homogeneous so that one basic iteration with C0 = C is exact.
 * The ElasticModel that owns a scene's ElasticParams buffer registers the options under that buffer,
 * so a stepper that builds the solver with `new ElasticFixedPoint(...)` and no options argument gets
 * the scene's choice (see ElasticFixedPoint's constructor).
 */
import type { GreenOperatorKind } from '../physics/greenOperator.ts';

export interface ElasticSolverOptions {
  scheme: 'conjugateGradient' | 'basic';
  green: GreenOperatorKind;
  /** homogeneous moduli: exact in one basic iteration with C0 = C; no adaptation, no residual needed */
  oneShot: boolean;
  /** cells and spacing per axis (any length unit: the Green operator uses their ratios) */
  shape: readonly number[];
  spacing: readonly number[];
  /** the uniform strain a solve starts from: the prescribed mean strain components E_P, others 0 */
  initialStrain: readonly number[];
  /** laminate interface: the indicator buffer carries the boundary normals after psi */
  laminate?: boolean;
}

const registry = new WeakMap<GPUBuffer, ElasticSolverOptions>();

export function registerSolverOptions(elasticParams: GPUBuffer, options: ElasticSolverOptions): void {
  registry.set(elasticParams, options);
}

export function solverOptionsFor(elasticParams: GPUBuffer): ElasticSolverOptions | undefined {
  return registry.get(elasticParams);
}
