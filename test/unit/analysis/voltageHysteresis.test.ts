import { describe, expect, it } from 'vitest';
import { voltageHysteresis } from '../../../src/analysis/voltageHysteresis.ts';

describe('voltage hysteresis of a cycle', () => {
  it('is the mean and largest gap V_charge - V_discharge over the capacity both branches cover', () => {
    // charge from q = 0 down to -0.8 along V = 3.9 + 0.1 q^2, discharge back up to -0.1 along V = 3.8 - 0.05 q
    const samples = [];
    for (let k = 0; k <= 80; k++) samples.push({ capacity: -k / 100, voltage: 3.9 + 0.1 * (k / 100) ** 2, current: -1 });
    for (let k = 80; k >= 10; k--) samples.push({ capacity: -k / 100, voltage: 3.8 + 0.05 * (k / 100), current: 1 });
    const h = voltageHysteresis(samples, 1000);
    expect(h.from).toBeCloseTo(-0.8, 9);
    expect(h.to).toBeCloseTo(-0.1, 9);
    // gap(q) = 0.1 + 0.1 q^2 + 0.05 q; its mean over [-0.8, -0.1] in closed form
    const F = (q: number) => 0.1 * q + (0.1 * q ** 3) / 3 + 0.025 * q * q;
    expect(h.mean).toBeCloseTo((F(-0.1) - F(-0.8)) / 0.7, 5);
    expect(h.max).toBeCloseTo(0.1 + 0.064 - 0.04, 3);
  });
  it('needs both branches', () => {
    expect(() => voltageHysteresis([{ capacity: 0, voltage: 3, current: 1 }, { capacity: 0.1, voltage: 3, current: 1 }])).toThrow(/charge and a discharge branch/);
  });
});
