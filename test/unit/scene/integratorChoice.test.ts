import { describe, expect, it } from 'vitest';
import { resolveScene } from '../../../src/scene/resolve.ts';
import { particle, platelet } from '../../gpu/solver/electrochemScenes.ts';
import { problems } from './sceneProblems.ts';

function withIntegrator(json: Record<string, any>, integrator: string): Record<string, any> {
  json.time = { ...json.time, integrator };
  return json;
}

describe('time.integrator of reaction scenes (issue 17)', () => {
  it('ACR and CHR scenes step with semiImplicitEuler by default and take semiImplicitHeun', () => {
    expect(resolveScene(platelet({})).integrator).toBe('semiImplicitEuler');
    expect(resolveScene(particle({})).integrator).toBe('semiImplicitEuler');
    expect(resolveScene(withIntegrator(platelet({}), 'semiImplicitHeun')).integrator).toBe('semiImplicitHeun');
    expect(resolveScene(withIntegrator(particle({}), 'semiImplicitHeun')).integrator).toBe('semiImplicitHeun');
  });
  it('semiImplicitHeun has its own defaults of tolerance and growthPerStep (the lfp-particle-chr study), explicit values win', () => {
    const heun = withIntegrator(particle({}), 'semiImplicitHeun');
    heun.time.control = { kind: 'accuracy' };
    const control = resolveScene(heun).internal.control;
    expect(control.kind === 'accuracy' && [control.tolerance, control.growthPerStep]).toEqual([1e-4, 0.2]);
    heun.time.control = { kind: 'accuracy', tolerance: 1e-3, growthPerStep: 0.05 };
    const explicit = resolveScene(heun).internal.control;
    expect(explicit.kind === 'accuracy' && [explicit.tolerance, explicit.growthPerStep]).toEqual([1e-3, 0.05]);
    const euler = particle({}) as Record<string, any>;
    euler.time.control = { kind: 'accuracy' };
    const first = resolveScene(euler).internal.control;
    expect(first.kind === 'accuracy' && [first.tolerance, first.growthPerStep]).toEqual([3e-4, 0.05]);
  });
  it('refuses semiImplicitHeun with Marcus kinetics or fluctuations, and outside reaction scenes, naming the field', () => {
    const marcus = withIntegrator(platelet({}), 'semiImplicitHeun');
    marcus.model.reaction.rateLaw = { kind: 'marcus', reorganizationEnergy: 20000 };
    expect(problems(marcus)).toEqual(['model.reaction.rateLaw.kind: "semiImplicitHeun" steps Butler-Volmer kinetics only (use "semiImplicitEuler" with Marcus)']);
    const noisy = withIntegrator(platelet({}), 'semiImplicitHeun');
    noisy.model.reaction.fluctuations = 0.1;
    expect(problems(noisy)).toEqual(['model.reaction.fluctuations: "semiImplicitHeun" is a deterministic step (use "semiImplicitEuler" with fluctuations)']);
    const closed = withIntegrator(platelet({}), 'semiImplicitHeun');
    delete closed.model.reaction;
    delete closed.protocol;
    expect(problems(closed)).toEqual(['time.integrator: "semiImplicitHeun" serves the reaction steppers (model.reaction); closed Cahn-Hilliard scenes step with "etdrk4" or "semiImplicitEuler"']);
  });
});
