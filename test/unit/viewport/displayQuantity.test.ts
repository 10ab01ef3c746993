import { describe, expect, it } from 'vitest';
import { colourMapping, DISPLAY_QUANTITIES, displayUnit, quantitiesFor } from '../../../src/viewport/displayQuantity.ts';

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

describe('quantitiesFor', () => {
  it('offers c (as is and as a deviation) for a scene with only c', () => {
    expect(quantitiesFor(['c'], { si: false }).map((q) => q.id)).toEqual(['c', 'c-deviation']);
  });
  it('gives every field of an elastic scene a quantity: diverging for signed stresses, sequential for magnitudes', () => {
    const fields = ['c', 'mu', 'psi', 'sigma_xx', 'sigma_yy', 'sigma_xy', 'sigma_vm', 'sigma_h', 'sigma_1', 'elastic_energy_density'] as const;
    const qs = quantitiesFor(fields, { si: true });
    for (const f of fields) expect(qs.some((q) => q.field === f), f).toBe(true);
    const byId = new Map(qs.map((q) => [q.id, q]));
    for (const id of ['sigma_xx', 'sigma_yy', 'sigma_xy', 'sigma_h', 'sigma_1', 'mu']) {
      expect(byId.get(id)?.signed, id).toBe(true);
      expect(byId.get(id)?.colormap.kind, id).toBe('diverging');
    }
    for (const id of ['c', 'sigma_vm', 'elastic_energy_density', 'psi']) {
      expect(byId.get(id)?.signed, id).toBe(false);
      expect(byId.get(id)?.colormap.kind, id).toBe('sequential');
    }
    expect(byId.get('mu')?.subtractMean).toBe(true);
    expect(byId.get('sigma_vm')?.unit).toBe('Pa');
    expect(byId.get('psi')?.contourLevel).toBe(0.5);
  });
  it('has no units in dimensionless scenes', () => {
    expect(quantitiesFor(['sigma_xx'], { si: false })[0].unit).toBe('');
  });
  it('labels the electrodeposition fields by that model: xi on [0, 1] with its 1/2 contour, c as c~, phi in volts centred on zero', () => {
    const qs = quantitiesFor(['xi', 'c', 'phi'], { si: true, model: 'electrodeposition' });
    expect(qs.map((q) => q.id)).toEqual(['xi', 'c', 'phi']);
    const [xi, cTilde, phi] = qs;
    expect(xi).toMatchObject({ field: 'xi', signed: false, fixedRange: [0, 1], contourLevel: 0.5, unit: '' });
    expect(xi.label).toMatch(/^ξ/);
    // c~ is no site fraction: no [0, 1] range (negative in the metal) and no c = 1/2 contour
    expect(cTilde).toMatchObject({ field: 'c', label: 'c̃ = c(Li⁺)/c₀', unit: '', signed: false });
    expect(cTilde.fixedRange).toBeUndefined();
    expect(cTilde.contourLevel).toBeUndefined();
    expect(phi).toMatchObject({ field: 'phi', unit: 'V', signed: true, prefixed: true });
    expect(phi.colormap.kind).toBe('diverging');
    expect(displayUnit(phi, [-0.45, 0.45])).toEqual({ unit: 'mV', scale: 1e-3 });
    // the Cahn-Hilliard family keeps its own c
    expect(quantitiesFor(['c'], { si: true, model: 'cahnHilliard' })[0].unit).toBe('site fraction');
  });
});

describe('displayUnit', () => {
  const vm = quantitiesFor(['sigma_vm'], { si: true })[0];
  it('picks the SI prefix of the largest magnitude', () => {
    expect(displayUnit(vm, [0, 2.4e8])).toEqual({ unit: 'MPa', scale: 1e6 });
    expect(displayUnit(vm, [-3e9, 1e9])).toEqual({ unit: 'GPa', scale: 1e9 });
    expect(displayUnit(vm, [0, 500])).toEqual({ unit: 'Pa', scale: 1 });
  });
  it('leaves quantities without a prefixable unit alone', () => {
    expect(displayUnit(c, [0, 1])).toEqual({ unit: 'site fraction', scale: 1 });
  });
});
