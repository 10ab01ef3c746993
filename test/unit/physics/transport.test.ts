import { describe, expect, it } from 'vitest';
import { FARADAY, GAS_CONSTANT } from '../../../src/physics/constants.ts';
import type { FreeEnergyParams } from '../../../src/physics/freeEnergy.ts';
import { solveSpaceCharge, sampleSpaceChargeProfile } from '../../../src/physics/spaceCharge.ts';
import {
  chemicalDiffusivity,
  chemicalDiffusivityTable,
  latticeThermodynamicFactor,
  nernstPlanckFaceFluxes,
  nernstPlanckFlux,
  thermodynamicFactor,
} from '../../../src/physics/transport.ts';

const RT = GAS_CONSTANT * 298.15;

describe('Darken thermodynamic factor from the free energy', () => {
  // An SI regular solution as a scene states it: LiFePO4-like Omega = 4.5 RT (Bazant, Acc. Chem. Res. 46 (2013) 1144).
  const regular: FreeEnergyParams = { kind: 'regularSolution', siteDensity: 22800, rt: RT, omega: 4.5 * RT };

  it('regular solution: Phi = 1 - 2 Omega c (1-c) / RT and Theta = Phi / (1 - c), closed forms', () => {
    for (const c of [0.01, 0.1, 0.25, 0.5, 0.7, 0.95, 0.999]) {
      const closed = 1 - (2 * 4.5 * RT * c * (1 - c)) / RT;
      expect(latticeThermodynamicFactor(regular, c)).toBeCloseTo(closed, 12);
      expect(thermodynamicFactor(regular, c) * (1 - c)).toBeCloseTo(closed, 12);
    }
  });

  it('ideal lattice gas (Omega = 0): Phi = 1 everywhere, so D_chem = D0 with blocking exactly compensated', () => {
    const ideal: FreeEnergyParams = { kind: 'regularSolution', siteDensity: 1, rt: 1, omega: 0 };
    const table = chemicalDiffusivityTable(1e-14, ideal, [0.05, 0.5, 0.9]);
    for (const row of table) {
      expect(row.latticeFactor).toBeCloseTo(1, 12);
      expect(row.chemicalDiffusivity / 1e-14).toBeCloseTo(1, 12);
      expect(row.tracerDiffusivity).toBeCloseTo(1e-14 * (1 - row.c), 20);
    }
  });

  it('inside the spinodal the chemical diffusivity is negative (uphill diffusion) and D_chem = D* Theta', () => {
    const [c] = [0.5];
    expect(latticeThermodynamicFactor(regular, c)).toBeCloseTo(1 - 4.5 / 2, 12);
    expect(chemicalDiffusivity(2e-14, regular, c)).toBeCloseTo(2e-14 * thermodynamicFactor(regular, c), 25);
    expect(chemicalDiffusivity(2e-14, regular, c)).toBeLessThan(0);
  });

  it('a free energy without a temperature needs { siteDensity, rt } and says so', () => {
    const dw: FreeEnergyParams = { kind: 'doubleWell', rho: 5, ca: 0.3, cb: 0.7 };
    expect(() => thermodynamicFactor(dw, 0.5)).toThrow(/siteDensity, rt/);
    // f'' of the double well at c = 0.5: 2 rho ((0.2)^2 + (0.2)^2 - 4 (0.2)(0.2)) = -0.16 rho, Theta = c f''
    expect(thermodynamicFactor(dw, 0.5, { siteDensity: 1, rt: 1 })).toBeCloseTo(0.5 * -0.16 * 5, 12);
  });
});

describe('Nernst-Planck flux', () => {
  it('pure diffusion is Fick; pure migration is z F c D E / RT along the field', () => {
    const base = { diffusivity: 1e-12, concentration: 1000, chargeNumber: 1, temperatureKelvin: 298.15 };
    expect(nernstPlanckFlux({ ...base, concentrationGradient: 2e6, potentialGradient: 0 })).toBeCloseTo(-1e-12 * 2e6, 20);
    const field = 1e5; // V/m, so dphi/dx = -1e5
    expect(nernstPlanckFlux({ ...base, concentrationGradient: 0, potentialGradient: -field }) / ((FARADAY * 1000 * 1e-12 * field) / RT)).toBeCloseTo(1, 12);
  });

  it('Scharfetter-Gummel face fluxes: zero for a Boltzmann profile on a coarse grid, Fick without a field', () => {
    const n = 12;
    const dx = 1e-9;
    const phi = Float64Array.from({ length: n }, (_, i) => 0.1 * Math.sin(i));
    const c = phi.map((p) => 500 * Math.exp((-2 * FARADAY * p) / RT));
    for (const j of nernstPlanckFaceFluxes(c, phi, dx, 1e-12, 2, 298.15)) expect(Math.abs(j)).toBeLessThan(1e-12 * ((1e-12 * 500) / dx));
    const flat = nernstPlanckFaceFluxes([1, 3], [0, 0], 0.5, 2, 1, 298.15);
    expect(flat[0]).toBeCloseTo(-2 * (3 - 1) / 0.5, 12);
  });

  it('the equilibrium space-charge layer carries no net Nernst-Planck flux', () => {
    const sol = solveSpaceCharge({ model: 'single', carrierDensity: 1e24, relativePermittivity: 60, temperatureKelvin: 298.15 }, -0.1);
    const dx = sol.debyeLengthMeters / 20;
    const rows = sampleSpaceChargeProfile(sol, Array.from({ length: 200 }, (_, i) => i * dx));
    const fluxes = nernstPlanckFaceFluxes(rows.map((r) => r.concentration), rows.map((r) => r.potential), dx, 1e-12, 1, 298.15);
    // The layer's carrier density is the Boltzmann occupation of its potential (that is what equilibrium
    // means), so the discrete flux must vanish to rounding, relative to the diffusive flux scale D c0 / dx.
    const scale = (1e-12 * rows[0].concentration) / dx;
    for (const j of fluxes) expect(Math.abs(j) / scale).toBeLessThan(1e-6);
  });
});
