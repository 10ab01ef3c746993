import { describe, expect, it } from 'vitest';
import { complianceFromStiffness, voigtReussHill } from '../../../src/physics/elasticity.ts';
import { getMaterial, MATERIALS, materialNames, materialStrength, tensileStrength } from '../../../src/physics/materials.ts';

describe('materials table', () => {
  it('has the required materials', () => {
    expect(materialNames().sort()).toEqual(['FePO4', 'LLZO', 'Li6PS5Cl', 'LiFePO4', 'NMC', 'graphite', 'lithium', 'silicon'].sort());
  });
  for (const name of materialNames()) {
    it(`${name}: sources, positive moduli, a stable (positive-definite) stiffness, consistent E and nu`, () => {
      const m = getMaterial(name);
      expect(m.name).toBe(name);
      expect(m.description.length).toBeGreaterThan(20);
      expect(m.sources.length).toBeGreaterThan(0);
      for (const s of m.sources) expect(s.length).toBeGreaterThan(10);
      expect(m.youngsModulus).toBeGreaterThan(1e9);
      expect(m.youngsModulus).toBeLessThan(1e12);
      expect(m.poissonRatio).toBeGreaterThan(0);
      expect(m.poissonRatio).toBeLessThan(0.5);
      expect(m.stiffness.length).toBe(36);
      // positive definite: every leading principal minor (Cholesky pivots) > 0
      const a = Array.from(m.stiffness);
      for (let k = 0; k < 6; k++) {
        for (let r = 0; r < k; r++) a[k * 6 + k] -= (a[k * 6 + r] * a[k * 6 + r]);
        expect(a[k * 6 + k]).toBeGreaterThan(0);
        a[k * 6 + k] = Math.sqrt(a[k * 6 + k]);
        for (let i = k + 1; i < 6; i++) {
          for (let r = 0; r < k; r++) a[i * 6 + k] -= a[i * 6 + r] * a[k * 6 + r];
          a[i * 6 + k] /= a[k * 6 + k];
        }
      }
      expect(() => complianceFromStiffness(m.stiffness)).not.toThrow();
      const vrh = voigtReussHill(m.stiffness);
      expect(vrh.youngsModulus / m.youngsModulus).toBeCloseTo(1, 10);
      expect(vrh.poissonRatio).toBeCloseTo(m.poissonRatio, 10);
      if (m.fractureToughness !== undefined) expect(m.fractureToughness).toBeGreaterThan(0);
      if (m.yieldStress !== undefined) expect(m.yieldStress).toBeGreaterThan(0);
      if (m.siteDensity !== undefined) expect(m.siteDensity).toBeGreaterThan(1e3);
      expect(m.fractureToughness !== undefined || m.yieldStress !== undefined).toBe(true);
    });
  }
  it('LiFePO4: orthorhombic, misfit (0.05, 0.028, -0.025), 3.422 V, ~22,900 mol/m^3', () => {
    const m = getMaterial('LiFePO4');
    expect(Array.from(m.eigenstrain!)).toEqual([0.05, 0.028, -0.025, 0, 0, 0]);
    expect(m.referencePotential).toBe(3.422);
    expect(m.siteDensity!).toBeGreaterThan(22800);
    expect(m.siteDensity!).toBeLessThan(23000);
    expect(m.stiffness[0]).toBeCloseTo(138.9e9, -3);
    expect(m.stiffness[1 * 6 + 1]).toBeCloseTo(198e9, -3);
    console.info(`LiFePO4 VRH: E = ${(m.youngsModulus / 1e9).toFixed(1)} GPa, nu = ${m.poissonRatio.toFixed(3)}; FePO4: E = ${(MATERIALS.FePO4.youngsModulus / 1e9).toFixed(1)} GPa, nu = ${MATERIALS.FePO4.poissonRatio.toFixed(3)}`);
  });
  it('unknown material: a helpful error', () => {
    expect(() => getMaterial('unobtainium')).toThrow('unknown material "unobtainium": known materials are LiFePO4, FePO4, NMC');
    expect(() => getMaterial('toString')).toThrow(/unknown material/);
  });
});

describe('strength criteria', () => {
  it('tensileStrength(K_IC = 1 MPa m^0.5, a = 1 um) = 1e6 / (1.12 sqrt(pi 1e-6)) ~ 504 MPa', () => {
    const s = tensileStrength(1e6, 1e-6);
    expect(s).toBeCloseTo(1e6 / (1.12 * Math.sqrt(Math.PI * 1e-6)), 3);
    expect(s / 1e6).toBeCloseTo(503.7, 1);
    // Griffith scaling: a four times larger flaw halves the strength
    expect(tensileStrength(1e6, 4e-6) / s).toBeCloseTo(0.5, 14);
    expect(() => tensileStrength(1e6, 0)).toThrow(/flaw size/);
  });
  it('brittle phases are tensile-limited, lithium metal is von Mises against its yield stress', () => {
    expect(materialStrength(getMaterial('LLZO'), 1e-6)).toEqual({ kind: 'tensile', value: tensileStrength(1.25e6, 1e-6) });
    const li = materialStrength(getMaterial('lithium'), 1e-6);
    expect(li.kind).toBe('vonMises');
    expect(li.value).toBe(getMaterial('lithium').yieldStress);
  });
});
