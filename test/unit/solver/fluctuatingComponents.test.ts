/**
 * Which strain components the conjugate-gradient solver transforms (src/solver/elasticSolverOptions.ts):
 * in 2D the projection G' cannot make zz non-zero when its mean is prescribed (plane strain), nor the
 * anti-plane yz, xz unless a stiffness or the eigenstrain couples them to the in-plane components (the
 * GPU solver with the reduced set against the float64 twin: test/gpu/solver/elasticCg.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { fluctuatingComponents } from '../../../src/solver/elasticSolverOptions.ts';
import { cubicStiffness, isotropicStiffness, rotateStiffness } from '../../../src/physics/elasticity.ts';

const planeStrain = [false, false, true, true, true, false];
const dilatation = [0.01, 0.01, 0.01, 0, 0, 0];

describe('fluctuating strain components of the Galerkin projection', () => {
  it('2D plane strain with cubic and isotropic phases: xx, yy, xy only', () => {
    expect(fluctuatingComponents(2, planeStrain, [cubicStiffness(250, 150, 100), isotropicStiffness(100, 0.3)], dilatation)).toEqual([0, 1, 5]);
  });

  it('3D keeps all six; 2D with a stress-controlled zz mean (plane stress) keeps zz', () => {
    expect(fluctuatingComponents(3, planeStrain, [cubicStiffness(250, 150, 100)], dilatation)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(fluctuatingComponents(2, [false, false, false, true, true, false], [cubicStiffness(250, 150, 100)], dilatation)).toEqual([0, 1, 2, 5]);
  });

  it('a crystal tilted about x couples the anti-plane shears (yz, xz kept); so does an anti-plane eigenstrain', () => {
    const s = Math.sin(Math.PI / 12);
    const tilted = rotateStiffness(cubicStiffness(250, 150, 100), [s, 0, 0, Math.cos(Math.PI / 12)]);
    expect(fluctuatingComponents(2, planeStrain, [isotropicStiffness(100, 0.3), tilted], dilatation)).toEqual([0, 1, 3, 4, 5]);
    expect(fluctuatingComponents(2, planeStrain, [isotropicStiffness(100, 0.3)], [0.01, 0.01, 0, 0, 0.002, 0])).toEqual([0, 1, 3, 4, 5]);
    // a rotation about z keeps the mirror symmetry z -> -z
    const turned = rotateStiffness(cubicStiffness(250, 150, 100), [0, 0, s, Math.cos(Math.PI / 12)]);
    expect(fluctuatingComponents(2, planeStrain, [turned], dilatation)).toEqual([0, 1, 5]);
  });
});
