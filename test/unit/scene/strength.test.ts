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

  describe('model.elasticity.matrix.strength (the electrolyte\'s own)', () => {
    const sulfide = () => structuredClone(findBundledScene('lfp-particle-in-sulfide')!.json) as Record<string, any>;

    it('resolves beside the particle\'s and is packed into matrixStrength (value / e0, criterion flag)', () => {
      const scene = sulfide();
      scene.model.elasticity.matrix.strength = { kind: 'material', name: 'Li6PS5Cl', flawSize: 2e-7 };
      const spec = resolveScene(scene);
      const expected = 0.23e6 / (1.12 * Math.sqrt(Math.PI * 2e-7)); // ~259 MPa
      expect(spec.elasticity!.matrixStrength!.kind).toBe('tensile');
      expect(spec.elasticity!.matrixStrength!.value).toBeCloseTo(expected, 3);
      // the particle keeps its own (LiFePO4, 20 nm flaw)
      expect(spec.elasticity!.strength!.value).toBeCloseTo(1e6 / (1.12 * Math.sqrt(Math.PI * 2e-8)), 3);
      const e0 = spec.scales.energyDensity;
      const values = elasticParamValues(spec.elasticity!, e0);
      expect(values.matrixStrength[0]).toBeCloseTo(expected / e0, 12);
      expect(values.matrixStrength[1]).toBe(0);
      expect(values.misc[1]).toBeCloseTo(spec.elasticity!.strength!.value / e0, 12);
      scene.model.elasticity.matrix.strength = { kind: 'vonMises', value: 5e7 };
      expect(elasticParamValues(resolveScene(scene).elasticity!, e0).matrixStrength).toEqual([5e7 / e0, 1, 0, 0]);
      // without one the matrix has no criterion (0), whatever the particle's
      delete scene.model.elasticity.matrix.strength;
      const none = resolveScene(scene);
      expect(none.elasticity!.matrixStrength).toBeUndefined();
      expect(elasticParamValues(none.elasticity!, e0).matrixStrength).toEqual([0, 0, 0, 0]);
    });

    it('rejects bad input with errors naming the field', () => {
      const scene = sulfide();
      scene.model.elasticity.matrix.strength = { kind: 'material', name: 'Li6PS5Cl' };
      expect(problems(scene)).toEqual(['model.elasticity.matrix.strength.flawSize: required for the brittle material "Li6PS5Cl" (strength = K_IC / (1.12 sqrt(pi a)))']);
      scene.model.elasticity.matrix.strength = { kind: 'material', name: 'unobtainium', flawSize: 1e-7 };
      expect(problems(scene)).toEqual([expect.stringMatching(/^model\.elasticity\.matrix\.strength\.name: unknown material "unobtainium"/)]);
      scene.model.elasticity.matrix.strength = { kind: 'tensile', value: -1 };
      expect(problems(scene)).toEqual(['model.elasticity.matrix.strength.value: value must be > 0']);
      const pore = structuredClone(findBundledScene('nmc811-in-pore-cycling')!.json) as Record<string, any>;
      pore.model.elasticity.matrix.strength = { kind: 'tensile', value: 1e8 };
      expect(problems(pore)).toEqual(['model.elasticity.matrix.strength: a void matrix (a pore) carries no stress and has no strength; remove it']);
    });

    it('dimensionless scenes: a plain value works, the SI-only forms are refused', () => {
      const bm = structuredClone(findBundledScene('pfhub-bm1a')!.json) as Record<string, any>;
      bm.geometry = { kind: 'sphere', radius: 50, interfaceCells: 2 };
      bm.model.elasticity = {
        stiffness: { kind: 'isotropic', youngsModulus: 100, poissonRatio: 0.3 },
        matrix: { stiffness: { kind: 'isotropic', youngsModulus: 50, poissonRatio: 0.3 }, strength: { kind: 'tensile', value: 0.5 } },
        eigenstrain: [0.01, 0.01, 0, 0, 0, 0],
      };
      expect(resolveScene(bm).elasticity!.matrixStrength).toEqual({ kind: 'tensile', value: 0.5 });
      bm.model.elasticity.matrix.strength = { kind: 'fromToughness', fractureToughness: 1e6, flawSize: 1e-6 };
      expect(problems(bm)).toEqual(['model.elasticity.matrix.strength: "fromToughness" needs SI units (fracture toughness in Pa m^0.5, flaw size in m); give { kind: "tensile", value } instead']);
    });
  });
});
