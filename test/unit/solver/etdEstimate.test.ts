/**
 * The error estimate of the ETDRK4 step (CahnHilliardReference.stepEtdrk4, the float64 twin of
 * shaders/ch/etd_stage.wgsl) in the stiff limit: with dt far beyond the relaxation time of the modes that
 * carry the dynamics, the stages are sweeps of a fixed-point iteration and the fourth-order solution u4 and
 * the ETDRK2 solution ending on the stage cc agree however far the step lags (docs/numerics.md, "Long steps
 * near equilibrium"). The second embedded solution, ending on the candidate's own N(u4), must not vanish.
 */
import { describe, expect, it } from 'vitest';
import { resolveScene } from '../../../src/scene/resolve.ts';
import { CahnHilliardReference } from '../../../src/solver/referenceStep.ts';
import { initialConcentration } from '../../../src/solver/initialCondition.ts';
import { testScene } from '../../gpu/solver/scenes.ts';

/** One ETDRK4 step of length dt from a spinodal pattern (40 steps of 0.5 from noise), with both estimates. */
function longStep(dt: number) {
  const json = testScene({ cells: [32, 24] }) as { time: Record<string, unknown> };
  json.time.integrator = 'etdrk4';
  const spec = resolveScene(json);
  const twin = new CahnHilliardReference(spec, initialConcentration(spec));
  for (let i = 0; i < 40; i++) twin.stepEtdrk4(0.5 / spec.scales.time);
  const before = Float64Array.from(twin.concentration);
  const estimate = twin.stepEtdrk4(dt / spec.scales.time);
  const change = Math.sqrt(twin.concentration.reduce((s, v, i) => s + (v - before[i]) ** 2, 0) / before.length);
  return { ...twin.etdEstimates, estimate, change };
}

describe('ETDRK4 error estimate in the stiff limit (float64 twin)', () => {
  it('the stage-ended estimate vanishes like 1/dt, the candidate-ended one does not', () => {
    const [a, b] = [longStep(1e3), longStep(1e4)];
    // the blind spot: ten times the step, a tenth of the stage-ended estimate
    expect(b.stage / a.stage).toBeGreaterThan(0.08);
    expect(b.stage / a.stage).toBeLessThan(0.12);
    // the candidate-ended estimate stays at the size of one more sweep's progress (~1e-2 here), a fixed
    // fraction of the step's own change in c, and the step reports it
    expect(Math.abs(b.candidate / a.candidate - 1)).toBeLessThan(0.05);
    expect(b.candidate).toBeGreaterThan(0.1 * b.change);
    expect(b.estimate).toBe(b.candidate);
  });

  it('at ordinary steps both estimates are of the same order and the larger one is reported', () => {
    const s = longStep(0.5);
    expect(s.estimate).toBe(Math.max(s.stage, s.candidate));
    expect(s.candidate / s.stage).toBeGreaterThan(0.05);
    expect(s.candidate / s.stage).toBeLessThan(20);
  });
});
