import { describe, expect, it } from 'vitest';
import { findBundledScene } from '../../../src/scene/bundled.ts';
import { resolveScene } from '../../../src/scene/resolve.ts';
import { elasticParamValues } from '../../../src/solver/elasticity.ts';
import { problems } from './sceneProblems.ts';

const lfp = () => structuredClone(findBundledScene('lfp-coherency-hotspots')!.json) as Record<string, any>;

describe('model.elasticity.strength', () => {
  it('a brittle material: sigma_f = K_IC / (1.12 sqrt(pi a)) from the table, compared with sigma_1', () => {
    const spec = resolveScene(lfp());
    const a = lfp().model.elasticity.strength.flawSize as number; // 300 nm: 0.92 GPa
    expect(spec.elasticity!.strength!.kind).toBe('tensile');
    expect(spec.elasticity!.strength!.value).toBeCloseTo(1e6 / (1.12 * Math.sqrt(Math.PI * a)), 3);
  });

  it('fromToughness, tensile and vonMises forms; misc packs strength / e0 and the criterion flag', () => {
    const scene = lfp();
    scene.model.elasticity.strength = { kind: 'fromToughness', fractureToughness: 2e6, flawSize: 1e-6 };
    expect(resolveScene(scene).elasticity!.strength!.value).toBeCloseTo(2e6 / (1.12 * Math.sqrt(Math.PI * 1e-6)), 3);
    scene.model.elasticity.strength = { kind: 'vonMises', value: 8e5 };
    const spec = resolveScene(scene);
    const misc = elasticParamValues(spec.elasticity!, spec.scales.energyDensity).misc;
    expect(misc[1]).toBeCloseTo(8e5 / spec.scales.energyDensity, 12);
    expect(misc[3]).toBe(1);
    scene.model.elasticity.strength = { kind: 'tensile', value: 1e9 };
    expect(elasticParamValues(resolveScene(scene).elasticity!, 1).misc[3]).toBe(0);
    delete scene.model.elasticity.strength;
    const none = resolveScene(scene);
    expect(none.elasticity!.strength).toBeUndefined();
    expect(elasticParamValues(none.elasticity!, 1).misc[1]).toBe(0);
  });

  it('a ductile material (lithium) gives von Mises against its yield stress; no flaw size needed', () => {
    const scene = lfp();
    scene.model.elasticity.strength = { kind: 'material', name: 'lithium' };
    expect(resolveScene(scene).elasticity!.strength).toEqual({ kind: 'vonMises', value: 0.8e6 });
  });

  it('rejects a brittle material without a flaw size, unknown materials and SI-only forms in dimensionless scenes', () => {
    const scene = lfp();
    scene.model.elasticity.strength = { kind: 'material', name: 'LLZO' };
    expect(problems(scene).join('\n')).toMatch(/model\.elasticity\.strength\.flawSize: required/);
    scene.model.elasticity.strength = { kind: 'material', name: 'unobtainium', flawSize: 1e-6 };
    expect(problems(scene).join('\n')).toMatch(/model\.elasticity\.strength\.name: unknown material/);
    scene.model.elasticity.strength = { kind: 'tensile', value: -1 };
    expect(problems(scene).join('\n')).toMatch(/strength/);
    const bm = structuredClone(findBundledScene('pfhub-bm1a')!.json) as Record<string, any>;
    bm.model.elasticity = { stiffness: { kind: 'isotropic', youngsModulus: 100, poissonRatio: 0.3 }, eigenstrain: [0.01, 0.01, 0, 0, 0, 0], strength: { kind: 'fromToughness', fractureToughness: 1e6, flawSize: 1e-6 } };
    expect(problems(bm).join('\n')).toMatch(/model\.elasticity\.strength: "fromToughness" needs SI units/);
  });
});
