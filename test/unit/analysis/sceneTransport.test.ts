import { describe, expect, it } from 'vitest';
import { sceneChemicalDiffusivity, transportReport } from '../../../src/analysis/sceneTransport.ts';
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

describe('mobility from a measured diffusivity (Darken)', () => {
  const platelet = findBundledScene('lfp-regular-solution')!.json as { model: Record<string, unknown> };
  const withMobility = (mobility: unknown) => resolveScene({ ...platelet, model: { ...platelet.model, mobility } });
  const ratio = 11150 / (GAS_CONSTANT * 298);

  it('a tracer diffusivity D* at c gives D0 = D* / (1 - c); a chemical one D0 = D_chem / Phi(c): the same solver mobility as the hop D0', () => {
    const hop = withMobility({ kind: 'diffusivity', diffusivity: 1e-14 });
    const tracer = withMobility({ kind: 'diffusivity', diffusivity: 1e-14 * (1 - 0.05), measured: 'tracer', atComposition: 0.05 });
    const phi = 1 - 2 * ratio * 0.05 * 0.95;
    const chemical = withMobility({ kind: 'diffusivity', diffusivity: 1e-14 * phi, measured: 'chemical', atComposition: 0.05 });
    expect(tracer.mobility / hop.mobility).toBeCloseTo(1, 12);
    expect(chemical.mobility / hop.mobility).toBeCloseTo(1, 12);
    const report = transportReport(chemical);
    expect(report.mobility).toEqual({ kind: 'diffusivity', form: 'lattice', measured: 'chemical', given: 1e-14 * phi, atComposition: 0.05, hopDiffusivity: expect.closeTo(1e-14, 25) });
    expect(report.unit).toBe('m^2/s');
    // the scene reports D_chem(c), which returns the measured value at the measured composition
    const at = transportReport(resolveScene({ ...platelet, model: { ...platelet.model, mobility: { kind: 'diffusivity', diffusivity: 3e-15, measured: 'chemical', atComposition: 0.025 } } })).chemicalDiffusivity[0];
    expect(at.c).toBe(0.025);
    expect(at.chemicalDiffusivity / 3e-15).toBeCloseTo(1, 10);
  });

  it('names the field of a diffusivity that cannot set the mobility', () => {
    expect(() => withMobility({ kind: 'diffusivity', diffusivity: 1e-14, measured: 'chemical', atComposition: 0.5 })).toThrow(
      `model.mobility.atComposition: c = 0.5 is inside the spinodal of the scene's free energy (thermodynamic factor Phi = ${(1 - ratio / 2).toPrecision(3)} <= 0): a chemical diffusivity there cannot set the mobility; give one measured outside the spinodal`,
    );
    expect(() => withMobility({ kind: 'diffusivity', diffusivity: 1e-14, measured: 'tracer' })).toThrow('model.mobility.atComposition: give the site fraction at which the tracer diffusivity was measured');
    expect(() => withMobility({ kind: 'diffusivity', diffusivity: 1e-14, form: 'constant', measured: 'tracer', atComposition: 0.1 })).toThrow(
      `model.mobility.measured: a tracer diffusivity is converted through Darken's relation for the lattice mobility: use form "lattice"`,
    );
  });
});
