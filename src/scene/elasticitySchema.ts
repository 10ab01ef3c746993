/**
 * The `model.elasticity` section of a scene: chemical-strain (Vegard) elasticity (DESIGN.md 3.4).
 * Stiffnesses and stresses are in Pa for SI scenes (the free energy's unit for dimensionless ones);
 * strains are dimensionless, tensors are given in Voigt order [xx, yy, zz, yz, xz, xy] with TENSOR
 * (not engineering) shear components.
 */
import { z } from 'zod';

const modulus = (what: string) => z.number({ error: `${what} must be a number` }).positive({ error: `${what} must be > 0` });
const symTensor = z.array(z.number()).length(6, { error: 'give 6 components [xx, yy, zz, yz, xz, xy]' });

export const StiffnessSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('isotropic'),
    youngsModulus: modulus('youngsModulus'),
    poissonRatio: z.number().gt(-1, { error: 'must be > -1' }).lt(0.5, { error: 'must be < 0.5' }),
  }),
  z.strictObject({ kind: z.literal('cubic'), c11: modulus('c11'), c12: z.number(), c44: modulus('c44') }),
  z.strictObject({
    kind: z.literal('orthorhombic'),
    c11: modulus('c11'),
    c22: modulus('c22'),
    c33: modulus('c33'),
    c12: z.number(),
    c13: z.number(),
    c23: z.number(),
    c44: modulus('c44'),
    c55: modulus('c55'),
    c66: modulus('c66'),
  }),
  /** a material of the table in src/physics/materials.ts (SI scenes only), e.g. "LiFePO4" */
  z.strictObject({ kind: z.literal('material'), name: z.string().min(1) }),
]);

/** A phase with no stiffness: a pore or void (only as the matrix or the lithiated phase). */
export const VoidSchema = z.strictObject({ kind: z.literal('void') });
const PhaseStiffnessSchema = z.union([StiffnessSchema, VoidSchema]);

export const MeanStrainSchema = z.discriminatedUnion('kind', [
  /** the mean stress is zero: a free particle (default) */
  z.strictObject({ kind: z.literal('stressFree') }),
  /** the mean (total) strain is held at `strain` (default 0): a particle in a rigid container */
  z.strictObject({ kind: z.literal('clamped'), strain: symTensor.default([0, 0, 0, 0, 0, 0]) }),
  /** the mean stress equals `stress` [Pa] */
  z.strictObject({ kind: z.literal('appliedStress'), stress: symTensor }),
]);

/**
 * Strength for hot-spot detection (issue #10): cells where the criterion stress exceeds it are hot spots.
 * Brittle phases compare the maximum principal stress sigma_1 with a tensile strength; ductile phases
 * (lithium metal) the von Mises stress with a yield stress. Stresses in the scene's stress unit (Pa for
 * SI scenes); fracture toughness in Pa m^0.5 and flaw sizes in m (SI scenes only).
 */
export const StrengthSchema = z.discriminatedUnion('kind', [
  /** sigma_1 > value */
  z.strictObject({ kind: z.literal('tensile'), value: modulus('value') }),
  /** sigma_vm > value (a yield stress) */
  z.strictObject({ kind: z.literal('vonMises'), value: modulus('value') }),
  /** sigma_1 > K_IC / (1.12 sqrt(pi a)): a surface flaw of depth a in a brittle solid */
  z.strictObject({ kind: z.literal('fromToughness'), fractureToughness: modulus('fractureToughness'), flawSize: modulus('flawSize') }),
  /**
   * the criterion of a material of the table: its toughness and `flawSize` (brittle), or its yield stress
   * (ductile, flawSize unused)
   */
  z.strictObject({ kind: z.literal('material'), name: z.string().min(1), flawSize: modulus('flawSize').optional() }),
]);

export const ElasticitySchema = z.strictObject({
  /** the particle's (or the c = 0 phase's) stiffness; { kind: "void" } only with a `matrix`: a pore in it */
  stiffness: PhaseStiffnessSchema,
  /**
   * Stiffness of the lithiated phase (c = 1) when it differs: C(c) = (1 - h(c)) C + h(c) C1, solved
   * iteratively (inhomogeneous moduli). Omit for a homogeneous modulus (exact, no extra cost).
   */
  stiffnessLithiated: PhaseStiffnessSchema.optional(),
  /**
   * A particle (the scene's `geometry`, indicator psi) embedded in a matrix of another stiffness, e.g. a
   * cathode particle in a solid electrolyte: C = psi C(c) + (1 - psi) C_matrix, eigenstrain psi eps0(c).
   * Solved iteratively (inhomogeneous moduli).
   */
  matrix: z
    .strictObject({
      /** the matrix's stiffness; { kind: "void" } for a particle free in a pore */
      stiffness: PhaseStiffnessSchema,
      /**
       * the matrix's own hot-spot criterion (e.g. the solid electrolyte's K_IC and flaw size), for cells
       * with psi < 1/2; `model.elasticity.strength` is then the particle's (psi >= 1/2). Without it the
       * matrix has no criterion. Not with a void matrix (a pore carries no stress).
       */
      strength: StrengthSchema.optional(),
      /**
       * how stiffness and eigenstrain are mixed across the diffuse particle boundary (docs/elasticity.md,
       * "Interfaces"): "eigenstress" (Voigt-Taylor: sigma = C(psi) eps - psi C_p eps0, default; no
       * spurious interface stress), "laminate" (rank-one: boundary cells as layers normal to grad psi
       * with the mechanical jump conditions) or "eigenstrain" (Khachaturyan: sigma = C(psi) (eps - psi eps0))
       */
      interface: z.enum(['eigenstress', 'laminate', 'eigenstrain']).default('eigenstress'),
      /**
       * 10-90 % width in cells of the elastic boundary (the indicator that mixes the stiffnesses and carries
       * the eigenstress; 0: the sharp pixel particle). Defaults to the geometry's `interfaceCells`. A reacting
       * (CHR) particle keeps the geometry's psi for its reaction sites and diffusion, which want about 3
       * cells, while the interface stress wants a thin boundary (docs/elasticity.md, "A thin elastic boundary").
       */
      interfaceCells: z.number().min(0).max(20).optional(),
    })
    .optional(),
  /** crystal orientation, a unit quaternion [x, y, z, w] rotating the crystal frame into the grid frame */
  orientation: z.array(z.number()).length(4).default([0, 0, 0, 1]),
  /**
   * Eigenstrain of full lithiation in the crystal frame, eps0(c) = eigenstrain * h(c). Defaults to the
   * material's misfit when the stiffness names a material.
   */
  eigenstrain: symTensor.optional(),
  /** h(c): "vegard" c - cRef (linear, exact homogeneous solution) or "smoothstep" p(c) - p(cRef), p = c^3(6c^2 - 15c + 10) */
  interpolation: z.enum(['vegard', 'smoothstep']).default('vegard'),
  /** composition at which the lattice is stress-free (eps0 = 0) */
  referenceConcentration: z.number().min(0).max(1).default(0),
  /** 2D grids: "strain" (plane strain, a long prism, default) or "stress" (a thin platelet) */
  plane: z.enum(['strain', 'stress']).default('strain'),
  /** the k = 0 mode: mean-strain boundary condition */
  boundary: MeanStrainSchema.default({ kind: 'stressFree' }),
  /**
   * hot-spot criterion of the particle (of the whole box without a `matrix`); a matrix has its own
   * (`matrix.strength`). Without any strength no cell is a hot spot and hotspot_fraction is NaN.
   */
  strength: StrengthSchema.optional(),
  /**
   * iterative solver (inhomogeneous moduli): relative residual tolerance, iteration cap per step, the
   * scheme ("conjugateGradient": CG on the Galerkin-projected Lippmann-Schwinger system, stops at
   * ||G r|| / ||G sigma_load|| <= tolerance; "basic": the Moulinec-Suquet fixed point, residual = RMS strain
   * correction / |eigenstrain|) and the Green operator ("willot": rotated finite differences, no ringing
   * at stiffness jumps; "continuous": the spectral one). warmStart (conjugate gradients): "previous"
   * starts each solve from the last solution as it is (O(dt)), "predicted" from the strain extrapolated in
   * time from the last two solves (O(dt^2); opt-in: with ETDRK4 it can stall the step control, see
   * docs/elasticity.md). docs/elasticity.md has the measurements.
   */
  solver: z
    .strictObject({
      tolerance: z.number().positive().max(0.1).default(1e-4),
      maxIterations: z.int().min(1).max(1000).default(32),
      scheme: z.enum(['conjugateGradient', 'basic']).default('conjugateGradient'),
      greenOperator: z.enum(['willot', 'continuous']).default('willot'),
      warmStart: z.enum(['previous', 'predicted']).default('previous'),
    })
    .default({ tolerance: 1e-4, maxIterations: 32, scheme: 'conjugateGradient', greenOperator: 'willot', warmStart: 'previous' }),
});

export type ElasticityInput = z.input<typeof ElasticitySchema>;
export type Elasticity = z.output<typeof ElasticitySchema>;
