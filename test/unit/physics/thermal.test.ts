import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/physics/random.ts';
import { biotNumber, LumpedThermalModel, type LumpedThermalParams, type ThermalInputs } from '../../../src/physics/thermal.ts';

// A cylindrical 18650-size cell as a lumped body: 45 g, c_p ~ 1000 J/(kg K), h = 10 W/(m^2 K) natural
// convection; radial conductivity 0.2 W/(m K) (Drake et al., J. Power Sources 252 (2014) 298).
const cell: LumpedThermalParams = {
  massKg: 0.045,
  specificHeat: 1000,
  heatTransferCoefficient: 10,
  surfaceArea: 2 * Math.PI * 0.009 * 0.065 + 2 * Math.PI * 0.009 ** 2,
  volume: Math.PI * 0.009 ** 2 * 0.065,
  thermalConductivity: 0.2,
  ambientKelvin: 298.15,
};

describe('LumpedThermalModel', () => {
  it('energy balance: heat generated = stored + removed to 1e-6 over random steps, currents and overpotentials', () => {
    const model = new LumpedThermalModel(cell);
    const random = mulberry32(11);
    for (let i = 0; i < 2000; i++) {
      const current = (random() - 0.3) * 10; // mostly discharge, some charge
      const inputs: ThermalInputs = { current, overpotential: Math.sign(current) * random() * 0.2, entropicCoefficient: (random() - 0.5) * 4e-4 };
      model.step(random() * 30, inputs);
    }
    const { generated, stored, removed, irreversible, reversible } = model.ledger;
    const scale = Math.max(Math.abs(generated), Math.abs(stored), Math.abs(removed), irreversible);
    expect(Math.abs(generated - stored - removed) / scale).toBeLessThan(1e-6);
    expect(Math.abs(irreversible + reversible - generated) / scale).toBeLessThan(1e-12);
    expect(stored).toBeCloseTo(model.heatCapacity * (model.temperatureKelvin - cell.ambientKelvin), 6);
    expect(irreversible).toBeGreaterThan(0); // I eta >= 0 by construction of the inputs
  });

  it('matches a fine Runge-Kutta integration of m c_p dT/dt = I eta - I T dU/dT - h A (T - T_amb)', () => {
    const model = new LumpedThermalModel(cell);
    const inputs: ThermalInputs = { current: 5, overpotential: 0.08, entropicCoefficient: -3e-4 };
    const capacity = cell.massKg * cell.specificHeat;
    const hA = cell.heatTransferCoefficient * cell.surfaceArea;
    const rhs = (t: number) => (5 * 0.08 - 5 * t * -3e-4 - hA * (t - cell.ambientKelvin)) / capacity;
    let t = cell.ambientKelvin;
    const h = 0.5;
    for (let i = 0; i < 7200; i++) {
      const k1 = rhs(t);
      const k2 = rhs(t + (h / 2) * k1);
      const k3 = rhs(t + (h / 2) * k2);
      const k4 = rhs(t + h * k3);
      t += (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
    }
    for (let i = 0; i < 12; i++) model.step(300, inputs); // one hour in 12 exact steps
    expect(model.temperatureKelvin).toBeCloseTo(t, 8);
    expect(model.elapsedSeconds).toBe(3600);
  });

  it('steady state T_amb + I eta / (h A) after many time constants; insulated body heats linearly', () => {
    const model = new LumpedThermalModel(cell);
    const hA = cell.heatTransferCoefficient * cell.surfaceArea;
    model.step(40 * model.timeConstantSeconds, { current: 3, overpotential: 0.05 });
    expect(model.temperatureKelvin).toBeCloseTo(cell.ambientKelvin + (3 * 0.05) / hA, 9);
    const insulated = new LumpedThermalModel({ ...cell, heatTransferCoefficient: 0 });
    insulated.step(100, { current: 2, overpotential: 0.1 });
    expect(insulated.temperatureKelvin).toBeCloseTo(cell.ambientKelvin + (2 * 0.1 * 100) / (cell.massKg * cell.specificHeat), 10);
  });

  it('reversible heat changes sign with the current (entropic cooling on one direction)', () => {
    const a = new LumpedThermalModel(cell);
    const b = new LumpedThermalModel(cell);
    a.step(60, { current: 2, overpotential: 0, entropicCoefficient: 2e-4 });
    b.step(60, { current: -2, overpotential: 0, entropicCoefficient: 2e-4 });
    expect(a.ledger.reversible).toBeLessThan(0);
    expect(b.ledger.reversible).toBeGreaterThan(0);
    expect(a.temperatureKelvin).toBeLessThan(cell.ambientKelvin);
  });

  it('Biot number: the 18650 cell (Bi ~ 0.2) warns, a 100 nm LiFePO4 particle (Bi ~ 1e-6) does not', () => {
    const model = new LumpedThermalModel(cell);
    const lc = cell.volume / cell.surfaceArea;
    expect(model.biot).toBeCloseTo((10 * lc) / 0.2, 12);
    expect(model.biot).toBeGreaterThan(0.1);
    expect(model.warnings.join()).toMatch(/Biot number/);
    // LiFePO4: density 3600 kg/m^3, c_p ~ 700 J/(kg K), k ~ 1 W/(m K); h = 100 W/(m^2 K) to the surroundings.
    const particle = LumpedThermalModel.sphere({ radiusMeters: 1e-7, densityKgPerM3: 3600, specificHeat: 700, thermalConductivity: 1, heatTransferCoefficient: 100, ambientKelvin: 298.15 });
    expect(particle.biot).toBeCloseTo((100 * 1e-7) / 3 / 1, 15);
    expect(particle.warnings).toEqual([]);
    expect(biotNumber({ heatTransferCoefficient: 1, volume: 2, surfaceArea: 1, thermalConductivity: 4 })).toBe(0.5);
  });

  it('rejects a non-positive mass and a negative step', () => {
    expect(() => new LumpedThermalModel({ ...cell, massKg: 0 })).toThrow(/massKg/);
    expect(() => new LumpedThermalModel(cell).step(-1, { current: 0, overpotential: 0 })).toThrow(/dtSeconds/);
  });
});
