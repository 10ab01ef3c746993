/**
 * The iterative elastic solver's scene options (model.elasticity.solver, matrix.interface, void phases,
 * sharp geometry) and what resolve and elasticSolverOptions make of them.
 */
import { describe, expect, it } from 'vitest';
import { findBundledScene } from '../../../src/scene/bundled.ts';
import { resolveScene } from '../../../src/scene/resolve.ts';
import { elasticParamValues, elasticSolverOptions } from '../../../src/solver/elasticity.ts';
import { particleIndicator } from '../../../src/solver/geometry.ts';
import { problems } from './sceneProblems.ts';

const soft = () => structuredClone(findBundledScene('nmc-in-li6ps5cl-hotspots')!.json) as Record<string, any>;

describe('model.elasticity.solver and the interface interpolation', () => {
  it('defaults: conjugate gradients, the rotated Green operator, the eigenstress interpolation; one-shot only for equal moduli', () => {
    const json = soft();
    delete json.model.elasticity.matrix.interface; // the scene chooses the laminate; the default is eigenstress
    const spec = resolveScene(json);
    const el = spec.elasticity!;
    expect(el.solver).toMatchObject({ scheme: 'conjugateGradient', greenOperator: 'willot', tolerance: 1e-4, warmStart: 'previous' });
    expect(el.matrixInterface).toBe('eigenstress');
    expect(el.oneShot).toBe(false);
    expect(elasticParamValues(el, spec.scales.energyDensity).solver).toEqual([1e-4, 1, 0, 0]);
    const options = elasticSolverOptions(el, spec.shape);
    expect(options).toMatchObject({ scheme: 'conjugateGradient', green: 'willot', oneShot: false, predictor: false, initialStrain: [0, 0, 0, 0, 0, 0] });
    expect(options.spacing).toEqual(spec.spacing);
    const same = soft();
    same.model.elasticity.matrix.stiffness = { kind: 'material', name: 'NMC' };
    expect(resolveScene(same).elasticity!.oneShot).toBe(true);
  });

  it('clamped mean strain: the solve starts from the prescribed strain; the basic scheme and the continuous operator are selectable', () => {
    const scene = soft();
    scene.model.elasticity.boundary = { kind: 'clamped', strain: [0.01, 0.02, 0, 0, 0, 0.003] };
    scene.model.elasticity.solver = { scheme: 'basic', greenOperator: 'continuous' };
    scene.model.elasticity.matrix.interface = 'eigenstrain';
    const spec = resolveScene(scene);
    const options = elasticSolverOptions(spec.elasticity!, spec.shape);
    expect(options).toMatchObject({ scheme: 'basic', green: 'continuous', initialStrain: [0.01, 0.02, 0, 0, 0, 0.003] });
    expect(elasticParamValues(spec.elasticity!, spec.scales.energyDensity).solver[1]).toBe(0);
  });

  it('warmStart: "predicted" turns the time predictor on; another value is named in the error', () => {
    const scene = soft();
    scene.model.elasticity.solver = { warmStart: 'predicted' };
    const spec = resolveScene(scene);
    expect(elasticSolverOptions(spec.elasticity!, spec.shape).predictor).toBe(true);
    scene.model.elasticity.solver = { warmStart: 'extrapolated' };
    expect(problems(scene).some((p) => p.startsWith('model.elasticity.solver.warmStart'))).toBe(true);
  });

  it('void phases: a pore in the matrix or a particle in a pore; rejected without a matrix and with the basic scheme', () => {
    const pore = soft();
    pore.model.elasticity.stiffness = { kind: 'void' };
    pore.model.elasticity.eigenstrain = [0, 0, 0, 0, 0, 0];
    expect(resolveScene(pore).elasticity!.stiffness.every((v) => v === 0)).toBe(true);
    const free = soft();
    free.model.elasticity.matrix.stiffness = { kind: 'void' };
    delete free.model.elasticity.matrix.strength; // a pore has no strength (the scene's is the electrolyte's)
    expect(resolveScene(free).elasticity!.matrixStiffness!.every((v) => v === 0)).toBe(true);
    const alone = soft();
    alone.model.elasticity.stiffness = { kind: 'void' };
    alone.model.elasticity.eigenstrain = [0, 0, 0, 0, 0, 0];
    delete alone.model.elasticity.matrix;
    expect(problems(alone)).toContain('model.elasticity.stiffness: "void" needs a matrix around it (model.elasticity.matrix): a pore in a solid');
    free.model.elasticity.solver = { scheme: 'basic' };
    expect(problems(free)).toContain('model.elasticity.solver.scheme: a void phase needs "conjugateGradient" (the basic scheme diverges at infinite contrast)');
  });

  it('geometry.interfaceCells = 0 gives the sharp pixel indicator', () => {
    const scene = soft();
    scene.grid.cells = [16, 16, 16];
    scene.geometry.interfaceCells = 0;
    const psi = particleIndicator(resolveScene(scene))!;
    expect(psi.every((v) => v === 0 || v === 1)).toBe(true);
    const inside = psi.reduce((s, v) => s + v, 0);
    // radius 0.5 um in a 2 um box of 16 cells: 4 cells; about 4/3 pi 4^3 = 268 nodes strictly inside
    expect(inside).toBeGreaterThan(200);
    expect(inside).toBeLessThan(300);
  });
});
