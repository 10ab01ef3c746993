/**
 * The electrodeposition step's accuracy control (src/solver/depositionStepControl.ts): the first-order
 * step-size law, its bounds, the estimate's correction for unequal steps, and the steps to t_end.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ElectrodepositionSceneSchema } from '../../../src/scene/electrodepositionSchema.ts';
import { allenCahnStepLimit, depositionStepLimit, GROWTH_MAX, nextDepositionStep, SHRINK_MIN, stepEstimate, stepsToReach } from '../../../src/solver/depositionStepControl.ts';

describe('the electrodeposition step control', () => {
  it('scales the step by 0.9 sqrt(tolerance / estimate), within [SHRINK_MIN, GROWTH_MAX] and dtMax', () => {
    // e ~ dt^2: an estimate 4x the tolerance halves the step (times the safety factor)
    expect(nextDepositionStep(1e-3, 4e-3, 1e-3, 1)).toBeCloseTo(0.45e-3, 15);
    expect(nextDepositionStep(1e-3, 0.25e-3, 1e-3, 1)).toBeCloseTo(1.8e-3, 15);
    expect(nextDepositionStep(1e-3, 1e-9, 1e-3, 1)).toBe(GROWTH_MAX * 1e-3);
    expect(nextDepositionStep(1e-3, 0, 1e-3, 1)).toBe(GROWTH_MAX * 1e-3);
    expect(nextDepositionStep(1e-3, 1, 1e-3, 1)).toBeCloseTo(SHRINK_MIN * 1e-3, 15);
    expect(nextDepositionStep(1e-3, 1e-9, 1e-3, 1.5e-3)).toBe(1.5e-3);
    // no estimate yet (the first steps): the step is kept
    expect(nextDepositionStep(1e-3, undefined, 1e-3, 1)).toBe(1e-3);
    expect(nextDepositionStep(1e-3, NaN, 1e-3, 1)).toBe(1e-3);
  });

  it("corrects the kernel's estimate for a step unequal to the one before, and scales it to the proposed step", () => {
    // r(t) = a t: the kernel's (dt / 2) |r_n - r_{n-1}| = (dt / 2) a before; the step's own error is a dt^2 / 2
    const a = 3;
    const dt = 0.2;
    const before = 0.5;
    const kernel = (dt / 2) * a * before;
    expect(stepEstimate(kernel, dt, before, dt)).toBeCloseTo((a * dt * dt) / 2, 14);
    expect(stepEstimate(kernel, dt, before, 2 * dt)).toBeCloseTo((a * 4 * dt * dt) / 2, 14);
  });

  it('counts the steps to the first step end at or past a time, a rounding-sized remainder not a step of its own', () => {
    expect(stepsToReach(0, 1, 0.1)).toBe(10);
    expect(stepsToReach(0, 1 + 1e-13, 0.1)).toBe(10);
    expect(stepsToReach(0, 1.01, 0.1)).toBe(11);
    expect(stepsToReach(0.95, 1, 1)).toBe(1);
  });

  it('bounds the step by the explicit Allen-Cahn limit h^2 / (4 kappa_max L_sigma) in 2D, h^2 / (6 ...) in 3D, halved', () => {
    // li-dendrite-2d: one cell per l0 = sqrt(kappa0 / W), t0 = 1 / (L_sigma W): 0.5 / (4 (1 + delta)) t0 in 2D
    const kappa = 3e-8;
    const W = 2.4e5;
    const L = 6.25e-5;
    const l0 = Math.sqrt(kappa / W);
    const t0 = 1 / (L * W);
    expect(allenCahnStepLimit(l0, 2, kappa, 0.05, L) / t0).toBeCloseTo(0.5 / (4 * 1.05), 12);
    expect(allenCahnStepLimit(l0, 3, kappa, 0.05, L) / t0).toBeCloseTo(0.5 / (6 * 1.05), 12);
  });

  it("takes a scene's step limit from its grid and model, lowered by the accuracy control's dtMax", () => {
    const json = JSON.parse(readFileSync(new URL('../../../scenes/li-dendrite-2d.json', import.meta.url), 'utf8'));
    const scene = ElectrodepositionSceneSchema.parse(json);
    const m = scene.model;
    const limit = allenCahnStepLimit(scene.grid.size[0] / scene.grid.cells[0], 2, m.gradientCoefficient, m.anisotropy.strength, m.interfaceMobility);
    // 0.5 / (4 x 1.05) t0, t0 = 1 / (L_sigma W) = 1/15 s
    expect(limit).toBeCloseTo(0.5 / 4.2 / 15, 8); // the scene's cells are l0 to 7 digits
    expect(depositionStepLimit(scene)).toBe(limit);
    json.time.control = { kind: 'accuracy', dtMax: 1e-3 };
    expect(depositionStepLimit(ElectrodepositionSceneSchema.parse(json))).toBe(1e-3);
    json.time.control.dtMax = 1;
    expect(depositionStepLimit(ElectrodepositionSceneSchema.parse(json))).toBe(limit);
  });
});
