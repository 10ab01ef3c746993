/** Byte layouts of the elastic kernels (shaders/elastic/*), declared once here and injected into the WGSL. */
import { uniformLayout } from '../gpu/uniformLayout.ts';

/** Homogeneous-modulus elasticity in internal units (see shaders/elastic/tensor.wgsl). */
export const ElasticParams = uniformLayout('ElasticParams', [
  // grid-frame stiffness, row-major Voigt 6x6 (engineering shear), four entries per row vector
  ['c0', 'vec4f'],
  ['c1', 'vec4f'],
  ['c2', 'vec4f'],
  ['c3', 'vec4f'],
  ['c4', 'vec4f'],
  ['c5', 'vec4f'],
  ['c6', 'vec4f'],
  ['c7', 'vec4f'],
  ['c8', 'vec4f'],
  // eigenstrain of full lithiation, tensor components (xx, yy, zz, yz), (xz, xy, 0, 0)
  ['eigen0', 'vec4f'],
  ['eigen1', 'vec4f'],
  // mean elastic strain = offset + slope * hbar (the boundary condition's k = 0 solution)
  ['meanOffset0', 'vec4f'],
  ['meanOffset1', 'vec4f'],
  ['meanSlope0', 'vec4f'],
  ['meanSlope1', 'vec4f'],
  // (cRef, hot-spot strength or 0 when none, e0 (internal -> scene stress unit), criterion: 0 sigma_1, 1 sigma_vm);
  // with a matrix the particle's (psi >= 1/2), the matrix's is matrixStrength
  ['misc', 'vec4f'],
  // inhomogeneous moduli (elastic fixed-point kernels): the lithiated phase's stiffness minus C
  ['d0', 'vec4f'],
  ['d1', 'vec4f'],
  ['d2', 'vec4f'],
  ['d3', 'vec4f'],
  ['d4', 'vec4f'],
  ['d5', 'vec4f'],
  ['d6', 'vec4f'],
  ['d7', 'vec4f'],
  ['d8', 'vec4f'],
  // the matrix stiffness (outside the particle, psi = 0)
  ['m0', 'vec4f'],
  ['m1', 'vec4f'],
  ['m2', 'vec4f'],
  ['m3', 'vec4f'],
  ['m4', 'vec4f'],
  ['m5', 'vec4f'],
  ['m6', 'vec4f'],
  ['m7', 'vec4f'],
  ['m8', 'vec4f'],
  // reference medium C0 of the Green operator
  ['r0', 'vec4f'],
  ['r1', 'vec4f'],
  ['r2', 'vec4f'],
  ['r3', 'vec4f'],
  ['r4', 'vec4f'],
  ['r5', 'vec4f'],
  ['r6', 'vec4f'],
  ['r7', 'vec4f'],
  ['r8', 'vec4f'],
  // mean-strain control: the correction matrix (C0_FF)^-1 padded to 6x6 (tensor components)
  ['s0', 'vec4f'],
  ['s1', 'vec4f'],
  ['s2', 'vec4f'],
  ['s3', 'vec4f'],
  ['s4', 'vec4f'],
  ['s5', 'vec4f'],
  ['s6', 'vec4f'],
  ['s7', 'vec4f'],
  ['s8', 'vec4f'],
  // prescribed mean strain (P components), target mean stress (F components), P mask; tensor components
  ['strainTarget0', 'vec4f'],
  ['strainTarget1', 'vec4f'],
  ['stressTarget0', 'vec4f'],
  ['stressTarget1', 'vec4f'],
  ['prescribed0', 'vec4f'],
  ['prescribed1', 'vec4f'],
  // (stiffness interpolation: 0 linear, 1 smoothstep; particle in a matrix: 1 / 0; 1 / |eps00|;
  //  particle in a liquid, stress zero where psi < 1/2: 1 / 0)
  ['mode', 'vec4f'],
  // (iterative solver tolerance: conjugate gradients stop at ||G' r|| / ||G' sigma_load|| <= it;
  //  interface interpolation: 0 eigenstrain (Khachaturyan), 1 eigenstress (Voigt-Taylor); 0; 0)
  ['solver', 'vec4f'],
  // the matrix's own hot-spot criterion (cells with psi < 1/2 of a particle in a matrix; issue 19):
  // (strength or 0 when none, criterion: 0 sigma_1, 1 sigma_vm, 0, 0); misc.y / misc.w are then the particle's
  ['matrixStrength', 'vec4f'],
] as const);

/** State of the iterative elastic solver: mean strain, its last change, the last residual. */
export const ElasticState = uniformLayout('ElasticState', [
  ['mean0', 'vec4f'],
  ['mean1', 'vec4f'],
  ['change0', 'vec4f'],
  ['change1', 'vec4f'],
  ['residual', 'f32'],
  ['iterations', 'u32'],
] as const);

/**
 * Scalars of the GPU-resident conjugate-gradient solver (src/solver/elasticCg.ts, cg_scalars.wgsl):
 * the squared load norm ||G' sigma_load||^2, the current r : r, the step length alpha and the
 * direction update beta, the relative residual, whether it is within the tolerance (later iterations
 * of the same solve are then no-ops), the iterations this solve performed, and the worst final residual
 * and iteration count of the step's earlier solves (what ElasticState reports for the step).
 */
export const CgState = uniformLayout('CgState', [
  ['loadNorm2', 'f32'],
  ['rr', 'f32'],
  ['alpha', 'f32'],
  ['beta', 'f32'],
  ['residual', 'f32'],
  ['converged', 'u32'],
  ['iterations', 'u32'],
  // the worst of the earlier solves of the same step (an ETDRK4 step solves four times): final residual, iterations
  ['stepIterations', 'u32'],
  ['stepResidual', 'f32'],
  ['pad0', 'u32'],
  ['pad1', 'u32'],
  ['pad2', 'u32'],
] as const);

/**
 * Stress observables of the last evaluation, tagged with the step of the state they belong to; the
 * step-control kernel copies them into that step's history record.
 */
export const StressObservables = uniformLayout('StressObservables', [
  ['step', 'u32'],
  ['sigmaVmMax', 'f32'],
  ['sigma1Max', 'f32'],
  ['hotspotFraction', 'f32'],
  // by region (issue 19; a particle with an indicator, shaders/elastic/stress_regions.wgsl): the largest
  // sigma_1 where psi >= 1/2 and where psi < 1/2, the largest interface normal traction n.sigma.n over the
  // diffuse boundary; -3e38 where the region is empty or nothing evaluates them
  ['sigma1Particle', 'f32'],
  ['sigma1Matrix', 'f32'],
  ['interfaceTension', 'f32'],
] as const);
