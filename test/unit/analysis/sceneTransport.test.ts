import { describe, expect, it } from 'vitest';
import { sceneChemicalDiffusivity } from '../../../src/analysis/sceneTransport.ts';
import { GAS_CONSTANT } from '../../../src/physics/constants.ts';
import { findBundledScene } from '../../../src/scene/bundled.ts';
import { resolveScene } from '../../../src/scene/resolve.ts';

describe('chemical diffusivity of a scene', () => {
  it('lfp-regular-solution (D = 1e-14 m^2/s, Omega = 11150 J/mol, 298 K): D_chem = D (1 - 2 Omega c (1-c) / RT)', () => {
    const spec = resolveScene(findBundledScene('lfp-regular-solution')!.json);
    const { unit, rows } = sceneChemicalDiffusivity(spec, [0.02, 0.1, 0.3, 0.5, 0.9]);
    expect(unit).toBe('m^2/s');
    const ratio = 11150 / (GAS_CONSTANT * 298);
    for (const r of rows) {
      const phi = 1 - 2 * ratio * r.c * (1 - r.c);
      expect(r.thermodynamicFactor).toBeCloseTo(phi, 10);
      expect(r.chemicalDiffusivity / 1e-14).toBeCloseTo(phi, 9);
    }
    expect(rows.find((r) => r.c === 0.5)!.chemicalDiffusivity).toBeLessThan(0); // inside the spinodal
  });
});
