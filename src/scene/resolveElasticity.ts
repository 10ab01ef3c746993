/**
 * `model.elasticity` -> the elastic part of the resolved Spec: stiffness and eigenstrain in the grid
 * frame (rotated by the crystal orientation; condensed for plane stress), the mean-strain solution of
 * the boundary condition, and the same in internal units (stresses / e0).
 */
import type { Elasticity } from './elasticitySchema.ts';
import type { Scene } from './schema.ts';
import {
  cubicStiffness,
  isotropicStiffness,
  orthorhombicStiffness,
  planeStressProblem,
  rotateStiffness,
  rotateSymTensor,
  type SymTensor,
  type Voigt,
} from '../physics/elasticity.ts';
import { getMaterial, materialStrength, tensileStrength } from '../physics/materials.ts';
import { solveMeanStrain, type MeanCondition, type MeanStrainSolution } from '../physics/meanStrain.ts';

export interface ElasticSpec {
  /** grid-frame stiffness [scene stress unit] (of the delithiated phase when stiffnessLithiated is set) */
  stiffness: Voigt;
  stiffnessLithiated?: Voigt;
  /** stiffness of the matrix around the particle (scene geometry), when the scene embeds one */
  matrixStiffness?: Voigt;
  /** grid-frame eigenstrain of full lithiation (tensor components) */
  eigenstrain: SymTensor;
  interpolation: 'vegard' | 'smoothstep';
  referenceConcentration: number;
  plane: 'strain' | 'stress';
  /** the k = 0 boundary condition (stresses in the scene's unit) and whether the 2D plane-strain constraint applies */
  boundary: MeanCondition;
  planeStrain2D: boolean;
  /** true: homogeneous modulus and Vegard's law, solved exactly in Fourier space (Khachaturyan) */
  homogeneous: boolean;
  /** mean strain / energy of the k = 0 mode, scene units */
  mean: MeanStrainSolution;
  solver: { tolerance: number; maxIterations: number; scheme: 'conjugateGradient' | 'basic'; greenOperator: 'willot' | 'continuous'; warmStart: 'predicted' | 'previous' };
  /** across the particle boundary: eigenstress (Voigt-Taylor), laminate (rank-one) or eigenstrain (Khachaturyan) */
  matrixInterface: 'eigenstress' | 'laminate' | 'eigenstrain';
  /** 10-90 % width [cells] of the elastic particle indicator when it differs from the geometry's (`matrix.interfaceCells`) */
  matrixInterfaceCells?: number;
  /**
   * inhomogeneous path with homogeneous moduli (a non-linear eigenstrain interpolation, or a matrix as
   * stiff as the particle): one basic iteration with C0 = C is exact
   */
  oneShot: boolean;
  /** grid spacing per axis, scene length unit (the Green operator's axis ratios) */
  spacing: number[];
  /**
   * hot-spot criterion [scene stress unit]: "tensile" compares sigma_1, "vonMises" sigma_vm with `value`;
   * the particle's (psi >= 1/2) when the scene has a matrix, else the whole box's; absent when not given
   */
  strength?: ElasticStrength;
  /** the matrix's own criterion (cells with psi < 1/2; `model.elasticity.matrix.strength`), absent when not given */
  matrixStrength?: ElasticStrength;
  /** stiffnesses and the mean solution in internal units (divided by the energy-density scale e0) */
  internal: {
    stiffness: Voigt;
    stiffnessLithiated?: Voigt;
    matrixStiffness?: Voigt;
    /** reference medium of the iterative solver: the midpoint of the stiffnesses present */
    reference: Voigt;
    mean: MeanStrainSolution;
  };
}

type StiffnessInput = Elasticity['stiffness'];

export interface ElasticStrength {
  kind: 'tensile' | 'vonMises';
  /** scene stress unit (Pa for SI scenes) */
  value: number;
}

/** The strength section -> criterion and value; SI-only forms are rejected in dimensionless scenes. */
function strengthOf(input: NonNullable<Elasticity['strength']>, si: boolean, path: string, problems: string[]): ElasticStrength | undefined {
  if (!si && (input.kind === 'fromToughness' || input.kind === 'material')) {
    problems.push(`${path}: "${input.kind}" needs SI units (fracture toughness in Pa m^0.5, flaw size in m); give { kind: "tensile", value } instead`);
    return undefined;
  }
  switch (input.kind) {
    case 'tensile':
    case 'vonMises':
      return { kind: input.kind, value: input.value };
    case 'fromToughness':
      return { kind: 'tensile', value: tensileStrength(input.fractureToughness, input.flawSize) };
    case 'material': {
      let material;
      try {
        material = getMaterial(input.name);
      } catch (e) {
        problems.push(`${path}.name: ${(e as Error).message}`);
        return undefined;
      }
      if (material.fractureToughness !== undefined && input.flawSize === undefined) {
        problems.push(`${path}.flawSize: required for the brittle material "${input.name}" (strength = K_IC / (1.12 sqrt(pi a)))`);
        return undefined;
      }
      try {
        return materialStrength(material, input.flawSize ?? 0);
      } catch (e) {
        problems.push(`${path}: ${(e as Error).message}`);
        return undefined;
      }
    }
  }
}

function stiffnessOf(input: StiffnessInput | { kind: 'void' }, path: string, problems: string[]): Voigt | undefined {
  switch (input.kind) {
    case 'void':
      return new Float64Array(36) as Voigt;
    case 'isotropic':
      return isotropicStiffness(input.youngsModulus, input.poissonRatio);
    case 'cubic':
      return cubicStiffness(input.c11, input.c12, input.c44);
    case 'orthorhombic':
      return orthorhombicStiffness(input);
    case 'material':
      try {
        return getMaterial(input.name).stiffness;
      } catch (e) {
        problems.push(`${path}.name: ${(e as Error).message}`);
        return undefined;
      }
  }
}

/**
 * Reference medium of the Moulinec-Suquet iteration: entrywise midpoint of the smallest and largest
 * stiffness present, C0 = (C_min + C_max) / 2, the choice that makes the basic scheme converge fastest
 * for isotropic phases (Moulinec & Suquet, CMAME 157 (1998) 69, sec. 3.3).
 */
function referenceMedium(stiffnesses: (Voigt | undefined)[]): Voigt {
  const present = stiffnesses.filter((C): C is Voigt => C !== undefined);
  return Float64Array.from({ length: 36 }, (_, i) => {
    const v = present.map((C) => C[i]);
    return 0.5 * (Math.min(...v) + Math.max(...v));
  }) as Voigt;
}

function scaled(C: Voigt, e0: number): Voigt {
  return Float64Array.from(C, (v) => v / e0) as Voigt;
}

/** Resolve the elasticity section; problems are appended as "path: message". */
export function resolveElasticity(scene: Scene, e0: number, problems: string[]): ElasticSpec | undefined {
  const el = scene.model.elasticity;
  if (!el) return undefined;
  const base = 'model.elasticity';
  const dims = scene.grid.cells.length;
  const q = el.orientation;
  const norm = Math.hypot(...q);
  if (Math.abs(norm - 1) > 1e-6) problems.push(`${base}.orientation: must be a unit quaternion [x, y, z, w] (its length is ${norm.toPrecision(6)})`);
  if (scene.units !== 'SI' && (el.stiffness.kind === 'material' || el.stiffnessLithiated?.kind === 'material')) {
    problems.push(`${base}.stiffness: a material from the table has SI moduli: use it in an "SI" scene`);
  }
  let eigenstrain = el.eigenstrain as SymTensor | undefined;
  if (el.stiffness.kind === 'void' && !el.matrix) problems.push(`${base}.stiffness: "void" needs a matrix around it (model.elasticity.matrix): a pore in a solid`);
  if (!eigenstrain && el.stiffness.kind === 'material') {
    try {
      eigenstrain = getMaterial(el.stiffness.name).eigenstrain;
    } catch {
      // reported with the stiffness
    }
  }
  if (!eigenstrain) problems.push(`${base}.eigenstrain: required (the material gives none)`);
  if (dims === 3 && el.plane === 'stress') problems.push(`${base}.plane: "stress" applies to 2D grids only`);
  const crystal = stiffnessOf(el.stiffness, `${base}.stiffness`, problems);
  const crystalLithiated = el.stiffnessLithiated ? stiffnessOf(el.stiffnessLithiated, `${base}.stiffnessLithiated`, problems) : undefined;
  // the matrix is not a crystal of the particle: its stiffness is taken in the grid frame, unrotated
  let matrixStiffness = el.matrix ? stiffnessOf(el.matrix.stiffness, `${base}.matrix.stiffness`, problems) : undefined;
  if (el.matrix && !(scene as { geometry?: unknown }).geometry) problems.push(`geometry: required by ${base}.matrix (the particle embedded in the matrix)`);
  const strength = el.strength ? strengthOf(el.strength, scene.units === 'SI', `${base}.strength`, problems) : undefined;
  let matrixStrength: ElasticStrength | undefined;
  if (el.matrix?.strength && el.matrix.stiffness.kind === 'void') {
    problems.push(`${base}.matrix.strength: a void matrix (a pore) carries no stress and has no strength; remove it`);
  } else if (el.matrix?.strength) {
    matrixStrength = strengthOf(el.matrix.strength, scene.units === 'SI', `${base}.matrix.strength`, problems);
  }
  if (!crystal || !eigenstrain || problems.length > 0) return undefined;

  const unit = (norm > 0 ? q.map((v) => v / norm) : [0, 0, 0, 1]) as [number, number, number, number];
  let stiffness = rotateStiffness(crystal, unit);
  let stiffnessLithiated = crystalLithiated ? rotateStiffness(crystalLithiated, unit) : undefined;
  let misfit = rotateSymTensor(eigenstrain, unit);
  const planeStress = dims === 2 && el.plane === 'stress';
  if (planeStress) {
    const p = planeStressProblem(stiffness, misfit);
    stiffness = p.stiffness;
    misfit = p.eigenstrain;
    if (stiffnessLithiated) stiffnessLithiated = planeStressProblem(stiffnessLithiated, misfit).stiffness;
    if (matrixStiffness) matrixStiffness = planeStressProblem(matrixStiffness, misfit).stiffness;
  }
  const condition = el.boundary as MeanCondition;
  if (el.solver.scheme === 'basic' && (stiffness.every((v) => v === 0) || (crystalLithiated && crystalLithiated.every((v) => v === 0)) || (matrixStiffness && matrixStiffness.every((v) => v === 0)))) {
    problems.push(`${base}.solver.scheme: a void phase needs "conjugateGradient" (the basic scheme diverges at infinite contrast)`);
    return undefined;
  }
  const planeStrain2D = dims === 2 && el.plane === 'strain';
  let mean: MeanStrainSolution;
  let internalMean: MeanStrainSolution;
  try {
    // a pore (void particle): the mean problem of the homogeneous path is the matrix's
    const meanStiffness = stiffness.every((v) => v === 0) && matrixStiffness ? matrixStiffness : stiffness;
    mean = solveMeanStrain(meanStiffness, misfit, condition, planeStrain2D);
    const internalCondition: MeanCondition = condition.kind === 'appliedStress' ? { kind: 'appliedStress', stress: condition.stress.map((s) => s / e0) } : condition;
    internalMean = solveMeanStrain(scaled(meanStiffness, e0), misfit, internalCondition, planeStrain2D);
  } catch (e) {
    problems.push(`${base}.boundary: ${(e as Error).message}`);
    return undefined;
  }
  return {
    stiffness,
    stiffnessLithiated,
    eigenstrain: misfit,
    interpolation: el.interpolation,
    referenceConcentration: el.referenceConcentration,
    plane: el.plane,
    boundary: condition,
    planeStrain2D,
    matrixStiffness,
    homogeneous: !stiffnessLithiated && !matrixStiffness && el.interpolation === 'vegard',
    mean,
    solver: el.solver,
    matrixInterface: el.matrix?.interface ?? 'eigenstress',
    matrixInterfaceCells: el.matrix?.interfaceCells,
    oneShot: !stiffnessLithiated && (!matrixStiffness || matrixStiffness.every((v, i) => v === stiffness[i])),
    spacing: scene.grid.size.map((L, a) => L / scene.grid.cells[a]),
    strength,
    matrixStrength,
    internal: {
      stiffness: scaled(stiffness, e0),
      stiffnessLithiated: stiffnessLithiated ? scaled(stiffnessLithiated, e0) : undefined,
      matrixStiffness: matrixStiffness ? scaled(matrixStiffness, e0) : undefined,
      reference: scaled(referenceMedium([stiffness, stiffnessLithiated, matrixStiffness]), e0),
      mean: internalMean,
    },
  };
}
