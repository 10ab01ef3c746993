import { describe, expect, it } from 'vitest';
import {
  arrhenius,
  butlerVolmer,
  chargeTransferResistance,
  erfc,
  exchangeCurrentFactor,
  marcusHushChidsey,
  reactionRate,
  reservoirPotentialForRate,
  tafelSlope,
  thermalVoltage,
} from '../../../src/physics/kinetics.ts';
import { openCircuitVoltage, plateauVoltage } from '../../../src/physics/ocv.ts';
import { freeEnergy } from '../../../src/physics/freeEnergy.ts';
import { acrGrowthRate, criticalRate, maxGrowthRate, rateDerivatives, reservoirPotential, type AcrModel } from '../../../src/physics/acrStability.ts';
import { debyeLength, dimensionlessNumbers } from '../../../src/physics/dimensionlessNumbers.ts';
import { GAS_CONSTANT } from '../../../src/physics/constants.ts';

describe('Butler-Volmer and its limits', () => {
  it('linear limit R = -eta i0 (R_ct = kT/(e i0)) and the Tafel slope ln10 kT/(alpha e) = 118 mV/decade at 298 K', () => {
    for (const alpha of [0.5, 0.3]) expect(butlerVolmer(1e-6, alpha) / -1e-6).toBeCloseTo(1, 5);
    expect(tafelSlope(0.5, 298) * 1000).toBeCloseTo(118.26, 1);
    expect(chargeTransferResistance(2, 298)).toBeCloseTo(thermalVoltage(298) / 2, 15);
    // Tafel line from the rate law itself: one decade of current costs ln(10)/alpha kT of overpotential
    for (const alpha of [0.5, 0.7]) {
      const eta = (rate: number) => reservoirPotentialForRate(rate, 1, 1, alpha); // mu~ = 0, g = 1: eta~ = -x
      expect((eta(1e4) - eta(1e3)) / (Math.LN10 / alpha)).toBeCloseTo(1, 4);
    }
  });
  it('the galvanostatic solve returns the reservoir potential that gives the current (closed form and Newton)', () => {
    for (const alpha of [0.5, 0.25, 0.8]) {
      for (const rate of [-3, 0, 0.01, 7]) {
        const sa = 0.7;
        const sb = 1.9;
        const x = reservoirPotentialForRate(rate, sa, sb, alpha);
        expect(sa * Math.exp(alpha * x) - sb * Math.exp(-(1 - alpha) * x)).toBeCloseTo(rate, 10);
      }
    }
  });
  it('exchange-current forms and Arrhenius', () => {
    expect(exchangeCurrentFactor('constant', 0.5, 0.3, 2)).toBe(1);
    expect(exchangeCurrentFactor('concentration', 0.5, 0.36, 0)).toBeCloseTo(Math.sqrt(0.36 * 0.64), 14);
    expect(exchangeCurrentFactor('activity', 0.5, 0.2, 2)).toBeCloseTo(0.8 * Math.E, 14);
    expect(arrhenius(3, 40e3, 298, 298)).toBe(3);
    expect(arrhenius(1, 40e3, 318, 298)).toBeCloseTo(Math.exp((40e3 / GAS_CONSTANT) * (1 / 298 - 1 / 318)), 12);
  });
  it('Marcus-Hush-Chidsey: same linear response as BV, symmetric, saturates instead of a Tafel line', () => {
    expect(erfc(0.5)).toBeCloseTo(0.4795001222, 6);
    expect(erfc(-1)).toBeCloseTo(1.8427007929, 6);
    const lambda = 8;
    expect(marcusHushChidsey(-1e-4, lambda) / 1e-4).toBeGreaterThan(0.3);
    expect(marcusHushChidsey(-1e-4, lambda) / 1e-4).toBeLessThan(1.2);
    expect(marcusHushChidsey(2, lambda)).toBeCloseTo(-marcusHushChidsey(-2, lambda), 12);
    const far = marcusHushChidsey(-60, lambda);
    expect(Math.abs(marcusHushChidsey(-120, lambda) / far - 1)).toBeLessThan(1e-2);
    expect(far).toBeLessThan(butlerVolmer(-60, 0.5) * 1e-6);
    expect(reactionRate({ kind: 'marcus', alpha: 0.5, exchangeCurrent: 'constant', reorganization: lambda }, 0.5, 0, 3)).toBeGreaterThan(0);
  });
});

describe('open-circuit voltage', () => {
  const lfp = freeEnergy({ kind: 'regularSolution', siteDensity: 22900, rt: GAS_CONSTANT * 298, omega: 4.5 * GAS_CONSTANT * 298 });
  it('symmetric regular solution: E(1/2) = E0, decreasing with filling, plateau at E0 between the binodals', () => {
    expect(openCircuitVoltage(lfp, 22900, 3.422, 0.5)).toBeCloseTo(3.422, 12);
    expect(openCircuitVoltage(lfp, 22900, 3.422, 0.005)).toBeGreaterThan(openCircuitVoltage(lfp, 22900, 3.422, 0.02));
    // E0 - (RT/F) (ln(999) - 4.5 * 0.998) = 3.360 V
    expect(openCircuitVoltage(lfp, 22900, 3.422, 0.999)).toBeCloseTo(3.422 - (GAS_CONSTANT * 298 / 96485.33212) * (Math.log(999) - 4.5 * 0.998), 12);
    const plateau = plateauVoltage(lfp, 22900, 3.422)!;
    expect(plateau.voltage).toBeCloseTo(3.422, 9);
    expect(plateau.binodal[0]).toBeLessThan(0.05);
  });
});

describe('ACR linear stability', () => {
  const omega = 4.5; // kT
  const base = {
    mu: (c: number) => Math.log(c / (1 - c)) + omega * (1 - 2 * c),
    d2f: (c: number) => 1 / (c * (1 - c)) - 2 * omega,
    kappa: 2,
  };
  it('constant i0, alpha = 1/2: s = -cosh(eta/2) (f\'\' + kappa k^2) with -2 sinh(eta/2) = I', () => {
    const model: AcrModel = { ...base, law: { kind: 'butlerVolmer', alpha: 0.5, exchangeCurrent: 'constant' } };
    for (const rate of [0.01, 1, 5]) {
      const eta = -2 * Math.asinh(rate / 2);
      const d = rateDerivatives(model, 0.4, rate);
      expect(base.mu(0.4) - d.reservoir).toBeCloseTo(eta, 9);
      expect(d.dRdc).toBeCloseTo(0, 9);
      const k = 0.3;
      expect(acrGrowthRate(model, 0.4, rate, k) / (-Math.cosh(eta / 2) * (base.d2f(0.4) + 2 * k * k))).toBeCloseTo(1, 7);
    }
    expect(reservoirPotential(model, 0.4, 0)).toBeCloseTo(base.mu(0.4), 10);
  });
  it('activity exchange current: dR/dc = -R/(1-c); phase separation suppressed above a critical current', () => {
    const model: AcrModel = { ...base, law: { kind: 'butlerVolmer', alpha: 0.5, exchangeCurrent: 'activity' } };
    const d = rateDerivatives(model, 0.3, 0.2);
    expect(d.dRdc / (-0.2 / 0.7)).toBeCloseTo(1, 5);
    const k = (2 * Math.PI) / 64;
    const ic = criticalRate(model, k)!;
    expect(ic).toBeGreaterThan(0);
    expect(maxGrowthRate(model, 0.5 * ic, k).rate).toBeGreaterThan(0);
    expect(maxGrowthRate(model, 2 * ic, k).rate).toBeLessThan(0);
    // smaller k (bigger platelet) is harder to stabilise: the gradient term helps less
    expect(criticalRate(model, k / 2)!).toBeGreaterThan(ic * 0.999);
  });
});

describe('dimensionless numbers', () => {
  it('Debye length of a 1 M 1:1 electrolyte (eps_r 30, 298 K) is ~0.19 nm; Da, Bi formulas', () => {
    expect(debyeLength(30, 298, 1000) * 1e9).toBeCloseTo(0.188, 2);
    const n = dimensionlessNumbers({
      exchangeCurrentDensity: 1,
      siteDensity: 20000,
      diffusivity: 1e-14,
      temperature: 298,
      length: 2e-8,
      heatTransferCoefficient: 10,
      thermalConductivity: 1,
      saltConcentration: 1000,
      relativePermittivity: 30,
    });
    expect(n.damkohler.value).toBeCloseTo((1 * 2e-8) / (96485.33212 * 20000 * 1e-14), 10);
    expect(n.biot.value).toBeCloseTo(2e-7, 15);
    expect(n.debyeRatio.reading).toMatch(/thin double layer/);
  });
});
