import { describe, expect, it } from 'vitest';
import { colourMapping, DISPLAY_QUANTITIES } from '../../../src/viewport/displayQuantity.ts';

const c = DISPLAY_QUANTITIES.find((q) => q.id === 'c')!;
const deviation = DISPLAY_QUANTITIES.find((q) => q.id === 'c-deviation')!;

describe('colourMapping', () => {
  it('uses the measured range for a sequential quantity, or its natural range when fixed', () => {
    expect(colourMapping(c, { min: 0.3, max: 0.7, mean: 0.5 }, 'auto')).toEqual({ range: [0.3, 0.7], offset: 0 });
    expect(colourMapping(c, { min: 0.3, max: 0.7, mean: 0.5 }, 'fixed')).toEqual({ range: [0, 1], offset: 0 });
    expect(colourMapping(c, undefined, 'auto')).toEqual({ range: [0, 1], offset: 0 });
  });
  it('centres a signed quantity on zero after subtracting the mean', () => {
    const m = colourMapping(deviation, { min: 0.42, max: 0.53, mean: 0.5 }, 'auto');
    expect(m.offset).toBe(0.5);
    expect(m.range[0]).toBeCloseTo(-0.08, 12);
    expect(m.range[1]).toBeCloseTo(0.08, 12);
    expect(deviation.colormap.kind).toBe('diverging');
    expect(c.colormap.kind).toBe('sequential');
  });
  it('never returns an empty range for a flat field', () => {
    const m = colourMapping(c, { min: 0.5, max: 0.5, mean: 0.5 }, 'auto');
    expect(m.range[1]).toBeGreaterThan(m.range[0]);
    const d = colourMapping(deviation, { min: 0.5, max: 0.5, mean: 0.5 }, 'auto');
    expect(d.range[1]).toBeGreaterThan(d.range[0]);
  });
});
