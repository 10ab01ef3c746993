import { describe, expect, it } from 'vitest';
import { formatSI, formatTick, formatValue, niceTicks } from '../../../src/viewport/ticks.ts';

describe('niceTicks', () => {
  it('covers a range with 1-2-5 steps, inside the range', () => {
    expect(niceTicks(0, 1, 5)).toEqual({ values: [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1], step: 0.2 });
    const t = niceTicks(0.4728, 0.5221, 5);
    expect(t.step).toBeCloseTo(0.01, 12);
    expect(t.values[0]).toBeGreaterThanOrEqual(0.4728);
    expect(t.values[t.values.length - 1]).toBeLessThanOrEqual(0.5221);
    expect(t.values.length).toBeGreaterThanOrEqual(4);
  });
  it('gives at least two ticks for a narrow range and puts an exact 0 on zero', () => {
    expect(niceTicks(-0.013, 0.013, 2).values).toContain(0);
    expect(niceTicks(1.00001, 1.00009, 5).values.length).toBeGreaterThanOrEqual(2);
  });
  it('handles empty and degenerate ranges', () => {
    expect(niceTicks(3, 3).values).toEqual([3]);
    expect(niceTicks(NaN, 1).values).toEqual([]);
  });
});

describe('labels', () => {
  it('formats ticks with the decimals the step needs', () => {
    expect(formatTick(0.5, 0.1)).toBe('0.5');
    expect(formatTick(0.48, 0.01)).toBe('0.48');
    expect(formatTick(1000, 500)).toBe('1000');
    expect(formatTick(2.5e-6, 5e-7)).toBe('2.5e-6');
  });
  it('formats HUD values and SI quantities', () => {
    expect(formatValue(1023.83288)).toBe('1024');
    expect(formatValue(undefined)).toBe('–');
    expect(formatValue(3.2e-9)).toBe('3.200e-9');
    expect(formatSI(1.28e-7, 'm')).toBe('128 nm');
    expect(formatSI(2.5e-5, 's')).toBe('25 µs');
    expect(formatSI(0, 'J')).toBe('0 J');
  });
});
