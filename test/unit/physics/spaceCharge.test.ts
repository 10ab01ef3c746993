import { describe, expect, it } from 'vitest';
import { debyeLength, sampleSpaceChargeProfile, solveSpaceCharge, thermalVoltage, VACUUM_PERMITTIVITY, type SpaceChargeParams } from '../../../src/physics/spaceCharge.ts';

const T = 298.15;
const VT = thermalVoltage(T);

/**
 * The analytic first integral of psi'' = g(psi) with psi, psi' -> 0 in the bulk:
 * (dpsi/dxi)^2 / 2 = integral_0^psi0 g, in Debye units. Used here only, as the independent check of the
 * numerical solver.
 *   single, dilute:        psi + e^-psi - 1                                   (Maier 2004 ch. 5.8)
 *   single, saturated:     psi + ln(1 - gamma + gamma e^-psi) / gamma,  gamma = nInf / nMax
 *   Gouy-Chapman, dilute:  2 sinh^2(psi/2)                                    (Bard & Faulkner eq. 13.3.12)
 *   Gouy-Chapman, Bikerman: ln(1 + 2 nu sinh^2(psi/2)) / nu,  nu = 2 nInf / nMax  (Kornyshev 2007 eq. 8)
 */
function firstIntegralSlope(p: SpaceChargeParams, psi0: number): number {
  let half: number;
  if (p.model === 'single') {
    const gamma = p.siteDensity ? p.carrierDensity / p.siteDensity : 0;
    half = gamma ? psi0 + Math.log(1 - gamma + gamma * Math.exp(-psi0)) / gamma : psi0 + Math.exp(-psi0) - 1;
  } else {
    const nu = p.siteDensity ? (2 * p.carrierDensity) / p.siteDensity : 0;
    const s2 = Math.sinh(psi0 / 2) ** 2;
    half = nu ? Math.log(1 + 2 * nu * s2) / nu : 2 * s2;
  }
  return Math.sign(psi0) * Math.sqrt(2 * half);
}

const base = { carrierDensity: 1e24, relativePermittivity: 60, temperatureKelvin: T };
const variants: [string, SpaceChargeParams][] = [
  ['one mobile ion, dilute', { ...base, model: 'single' }],
  ['one mobile ion, lattice-saturated (gamma = 0.1)', { ...base, model: 'single', siteDensity: 1e25 }],
  ['Gouy-Chapman, dilute', { ...base, model: 'gouy-chapman' }],
  ['Gouy-Chapman, Bikerman (nu = 0.2)', { ...base, model: 'gouy-chapman', siteDensity: 1e25 }],
];

describe('Poisson-Boltzmann solver against the first integral', () => {
  for (const [name, params] of variants) {
    it(`${name}: surface field for psi0 = -5 ... 5 kT/e to 1e-6 relative`, () => {
      const lambda = debyeLength(params);
      let worst = 0;
      for (let i = -20; i <= 20; i++) {
        const psi0 = i / 4;
        if (psi0 === 0) continue;
        const sol = solveSpaceCharge(params, psi0 * VT);
        const expectedField = (VT / lambda) * firstIntegralSlope(params, psi0);
        worst = Math.max(worst, Math.abs(sol.surfaceField / expectedField - 1));
      }
      expect(worst).toBeLessThan(1e-6);
    });
  }

  it('surface charge is eps E(0) and equals minus the charge held in the layer', () => {
    const params = variants[0][1];
    const sol = solveSpaceCharge(params, -3 * VT);
    expect(sol.surfaceCharge).toBeCloseTo(VACUUM_PERMITTIVITY * 60 * sol.surfaceField, 15);
    // Trapezoid on 20001 interpolated points over 30 Debye lengths: error O(h^2) ~ 1e-6, far below 1e-4.
    const depth = 30 * sol.debyeLengthMeters;
    const rows = sampleSpaceChargeProfile(sol, Array.from({ length: 20001 }, (_, i) => (i * depth) / 20000));
    let layer = 0;
    for (let i = 1; i < rows.length; i++) layer += 0.5 * (rows[i].chargeDensity + rows[i - 1].chargeDensity) * (rows[i].x - rows[i - 1].x);
    expect(layer / -sol.surfaceCharge).toBeCloseTo(1, 4);
  });

  it('differential capacitance equals d sigma / d phi0 by finite differences', () => {
    for (const [, params] of variants) {
      for (const psi0 of [-4, -1, 0, 0.5, 3]) {
        const h = 1e-4 * VT;
        const plus = solveSpaceCharge(params, psi0 * VT + h).surfaceCharge;
        const minus = solveSpaceCharge(params, psi0 * VT - h).surfaceCharge;
        const c = solveSpaceCharge(params, psi0 * VT).differentialCapacitance;
        expect(c / ((plus - minus) / (2 * h))).toBeCloseTo(1, 5);
      }
    }
  });

  it('small potentials: the linear (Debye-Hueckel) limit C = eps / lambda, E0 = phi0 / lambda', () => {
    const params = variants[0][1];
    const lambda = debyeLength(params);
    const sol = solveSpaceCharge(params, 1e-6 * VT);
    expect(sol.differentialCapacitance / ((VACUUM_PERMITTIVITY * 60) / lambda)).toBeCloseTo(1, 6);
    expect(sol.surfaceField / ((1e-6 * VT) / lambda)).toBeCloseTo(1, 6);
    expect(solveSpaceCharge(params, 0).differentialCapacitance / ((VACUUM_PERMITTIVITY * 60) / lambda)).toBeCloseTo(1, 8);
  });
});

describe('layer profiles against closed forms', () => {
  it('one mobile ion, accumulation: n(x) = nInf / (exp(psi0/2) + x / (sqrt(2) lambda))^2 where n >> nInf', () => {
    // With strong enrichment the background term is negligible, psi'' = -e^-psi, whose decaying solution is
    // the closed form above (Maier 2004 ch. 5.8, the "strong enrichment" layer). The neglected term changes
    // the slope by a relative (u + 1) e^-u / 2 with u = ln(n / nInf), so where n > 1e4 nInf it is below 5e-4.
    const params = variants[0][1];
    const psi0 = -20;
    const lambda = debyeLength(params);
    const sol = solveSpaceCharge(params, psi0 * VT);
    let checked = 0;
    for (let i = 0; i < sol.x.length; i++) {
      const n = sol.concentration[i];
      if (n < 1e4 * params.carrierDensity) continue;
      const closed = params.carrierDensity / (Math.exp(psi0 / 2) + sol.x[i] / (Math.SQRT2 * lambda)) ** 2;
      expect(Math.abs(n / closed - 1)).toBeLessThan(5e-4);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('one mobile ion, depletion: the Mott-Schottky limit E0 -> (kT/e lambda) sqrt(2 (psi0 - 1))', () => {
    const params = variants[0][1];
    const lambda = debyeLength(params);
    const sol = solveSpaceCharge(params, 30 * VT);
    expect(sol.surfaceField / ((VT / lambda) * Math.sqrt(2 * 29))).toBeCloseTo(1, 9);
    // carriers are fully depleted near the surface: charge density is the bare background -e nInf
    expect(sol.chargeDensity[0] / (-1.602176634e-19 * params.carrierDensity)).toBeCloseTo(1, 9);
  });

  it('Gouy-Chapman: tanh(psi/4) = tanh(psi0/4) exp(-x/lambda) (Bard & Faulkner eq. 13.3.20)', () => {
    const params = variants[2][1];
    const lambda = debyeLength(params);
    for (const psi0 of [-5, 2, 6]) {
      const sol = solveSpaceCharge(params, psi0 * VT);
      const depths = Array.from({ length: 60 }, (_, i) => (i * lambda) / 6);
      for (const row of sampleSpaceChargeProfile(sol, depths)) {
        const closed = 4 * Math.atanh(Math.tanh(psi0 / 4) * Math.exp(-row.x / lambda));
        expect(Math.abs(row.potential / VT - closed)).toBeLessThan(1e-6 * Math.abs(psi0));
      }
    }
  });
});

describe('Debye lengths of two solid electrolytes (T = 298.15 K, z = 1)', () => {
  // Carrier densities (stated assumptions; see docs/spacecharge.md):
  // - every Li of cubic Li7La3Zr2O12 mobile: 56 Li per cell of a = 12.97 Angstrom (Murugan, Thangadurai &
  //   Weppner, Angew. Chem. Int. Ed. 46 (2007) 7778), n = 2.567e28 m^-3 (upper bound: the dilute theory fails there);
  // - Li vacancies set by Ta doping, Li6.75La3Zr1.75Ta0.25O12 (Allen et al., J. Power Sources 206 (2012) 315):
  //   0.25 per formula unit, 8 formula units per cell, n = 9.167e26 m^-3;
  // - every Li of Li6PS5Cl mobile: 24 Li per cell of a = 9.85 Angstrom (Deiseroth et al., Angew. Chem. Int.
  //   Ed. 47 (2008) 755), n = 2.511e28 m^-3;
  // - a dilute mobile-defect density of 1e24 m^-3 in both (an illustrative value, not a measurement).
  // Relative permittivities: 60 for LLZO, 10 for Li6PS5Cl (representative values, see docs/spacecharge.md).
  // Expected values by hand: lambda = sqrt(eps0 epsr kT / (e^2 n)).
  const cases: [string, number, number, number][] = [
    ['LLZO, all Li', 60, 56 / (12.97e-10) ** 3, 5.7612e-11],
    ['LLZO, Ta-doping vacancies', 60, (0.25 * 8) / (12.97e-10) ** 3, 3.0486e-10],
    ['LLZO, 1e24 m^-3', 60, 1e24, 9.2299e-9],
    ['Li6PS5Cl, all Li', 10, 24 / (9.85e-10) ** 3, 2.3778e-11],
    ['Li6PS5Cl, 1e24 m^-3', 10, 1e24, 3.7681e-9],
  ];
  for (const [name, epsr, n, expected] of cases) {
    it(`${name}: n = ${n.toExponential(3)} m^-3, epsr = ${epsr} -> lambda = ${expected} m`, () => {
      const lambda = debyeLength({ model: 'single', carrierDensity: n, relativePermittivity: epsr, temperatureKelvin: T });
      expect(lambda / expected).toBeCloseTo(1, 4);
    });
  }
  it('two mobile ions of the same density screen with a Debye length shorter by sqrt(2)', () => {
    const one = debyeLength({ model: 'single', carrierDensity: 1e24, relativePermittivity: 60, temperatureKelvin: T });
    const two = debyeLength({ model: 'gouy-chapman', carrierDensity: 1e24, relativePermittivity: 60, temperatureKelvin: T });
    expect(one / two).toBeCloseTo(Math.SQRT2, 12);
  });
  it('rejects unphysical input with a message naming the parameter', () => {
    expect(() => debyeLength({ model: 'single', carrierDensity: -1, relativePermittivity: 60, temperatureKelvin: T })).toThrow(/carrierDensity/);
    expect(() => debyeLength({ model: 'single', carrierDensity: 1e24, relativePermittivity: 60, temperatureKelvin: T, siteDensity: 1e23 })).toThrow(/siteDensity/);
  });
});
