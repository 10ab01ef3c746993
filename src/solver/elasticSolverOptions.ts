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
  /**
   * conjugate gradients: start each solve from the strain extrapolated in time from the last two solves
   * (src/solver/elasticCg.ts, cg_predict.wgsl; needs the stepper's clock), else from the last solution
   */
  predictor?: boolean;
  /** cells and spacing per axis (any length unit: the Green operator uses their ratios) */
  shape: readonly number[];
  spacing: readonly number[];
  /** the uniform strain a solve starts from: the prescribed mean strain components E_P, others 0 */
  initialStrain: readonly number[];
  /** laminate interface: the indicator buffer carries the boundary normals after psi */
  laminate?: boolean;
  /**
   * the tensor components (xx, yy, zz, yz, xz, xy = 0..5) whose projected fields can be non-zero; the
   * conjugate-gradient scheme transforms only these (absent: all six). See `fluctuatingComponents`.
   */
  fluctuating?: readonly number[];
}

/**
 * Which strain components the Galerkin projection G' can make non-zero. In 2D (k_z = 0) the projected
 * zz component vanishes at every k != 0 (sym(n (x) v)_zz = n_z v_z), and the anti-plane ones (yz, xz)
 * are fed only by the anti-plane stresses (t_z = tau_xz n_x + tau_yz n_y); at k = 0 a strain-controlled
 * mean component is zeroed. So zz drops out when its mean is prescribed (plane strain), and yz, xz as
 * well when no phase couples them to the in-plane components (every stiffness has C_ab,cz = 0 with one
 * z index, i.e. mirror symmetry z -> -z, and the eigenstrain has no anti-plane part): their residual
 * starts at zero and stays there. The rank-one laminate of two such phases with an in-plane normal keeps
 * the symmetry. 3D grids keep all six.
 */
export function fluctuatingComponents(dims: number, prescribed: readonly boolean[], stiffnesses: readonly Float64Array[], eigenstrain: readonly number[]): number[] {
  const all = [0, 1, 2, 3, 4, 5];
  if (dims === 3) return all;
  const inPlane = [0, 1, 2, 5];
  // zero up to the roundoff of a rotation about z
  const zero = (C: ArrayLike<number>, v: number) => Math.abs(v) <= 1e-12 * Math.max(...Array.from(C, Math.abs));
  const decoupled = zero(eigenstrain, eigenstrain[3]) && zero(eigenstrain, eigenstrain[4]) && stiffnesses.every((C) => inPlane.every((a) => [3, 4].every((b) => zero(C, C[a * 6 + b]) && zero(C, C[b * 6 + a]))));
  return all.filter((p) => !(prescribed[p] && (p === 2 || ((p === 3 || p === 4) && decoupled))));
}

const registry = new WeakMap<GPUBuffer, ElasticSolverOptions>();

export function registerSolverOptions(elasticParams: GPUBuffer, options: ElasticSolverOptions): void {
  registry.set(elasticParams, options);
}

export function solverOptionsFor(elasticParams: GPUBuffer): ElasticSolverOptions | undefined {
  return registry.get(elasticParams);
}
