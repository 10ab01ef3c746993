/** qoi.json's reductions on hand-made series whose answers are known. */
import { describe, expect, it } from 'vitest';
import { plateauVoltage, quantitiesOfInterest, reduceColumn, STANDARD_QUANTITIES, standardQuantityUnit } from '../../../src/analysis/quantitiesOfInterest.ts';
import { STANDARD_QUANTITY_NAMES } from '../../../src/scene/quantitiesSchema.ts';
import { parseScene } from '../../../src/scene/resolve.ts';
import { findBundledScene } from '../../../src/scene/bundled.ts';

describe('quantities of interest', () => {
  it('the table and the schema name the same standard quantities', () => {
    expect(STANDARD_QUANTITIES.map((q) => q.name)).toEqual([...STANDARD_QUANTITY_NAMES]);
  });

  it('reduces columns, skipping the nan rows between stress evaluations', () => {
    const t = [0, 1, 2, 4];
    const v = [NaN, 3, 1, NaN];
    expect(reduceColumn(v, t, 'initial')).toBe(3);
    expect(reduceColumn(v, t, 'final')).toBe(1);
    expect(reduceColumn(v, t, 'max')).toBe(3);
    expect(reduceColumn(v, t, 'min')).toBe(1);
    expect(reduceColumn([NaN, NaN], [0, 1], 'max')).toBeNull();
    // the trapezoid of a linear ramp 0..4 over t 0..4 averages 2; uneven steps do not bias it
    expect(reduceColumn([0, 1, 4], [0, 1, 4], 'timeAverage')).toBe(2);
    expect(reduceColumn([0, 0, 0.2, 0.1], t, 'firstTimeAbove', 0)).toBe(2);
    expect(reduceColumn([0, 0, 0], [0, 1, 2], 'firstTimeAbove', 0)).toBeNull();
    expect(reduceColumn([3.4, 3.2, 2.9], [0, 5, 9], 'firstTimeBelow', 3)).toBe(9);
  });

  it('the plateau voltage is the median over the middle 60 % of the capacity passed', () => {
    const capacity = [0, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 1];
    const voltage = [3.6, 3.5, 3.42, 3.41, 3.4, 3.39, 3.38, 3.1, 2.9];
    expect(plateauVoltage(voltage, capacity)).toBe(3.4); // median of 3.42, 3.41, 3.40, 3.39, 3.38
    expect(plateauVoltage([3, 3], [0.2, 0.2])).toBeNull();
  });

  it('gives the quantities the columns allow, then the scene\'s own', () => {
    const series = { columns: ['step', 'time', 'free_energy', 'c_mean', 'voltage', 'capacity'], rows: [[0, 0, -1, 0.1, 3.5, 0], [1, 10, -2, 0.5, 3.4, 0.5], [2, 20, -3, 0.9, 3.0, 1]] };
    const q = quantitiesOfInterest(series, [{ name: 'v_mean', column: 'voltage', reduce: 'timeAverage' }]);
    expect(q).toEqual({ time_end: 20, free_energy_end: -3, c_mean_end: 0.9, capacity_end: 1, voltage_end: 3.0, voltage_min: 3.0, voltage_max: 3.5, voltage_plateau: 3.4, v_mean: (3.45 + 3.2) / 2 });
    expect(() => quantitiesOfInterest(series, [{ name: 's', column: 'sigma_1_max', reduce: 'max' }])).toThrow('"s" reduces column "sigma_1_max", which this run did not record');
  });

  it('reduces an electrodeposition run\'s columns (no free energy or mean c there) to its own standard quantities', () => {
    const columns = ['step', 'time', 'dt', 'tip_x', 'interface_area_per_electrode_area', 'deposited_li', 'current_density', 'li_inventory_drift'];
    const rows = [[0, 0, 1e-3, 4e-6, 1.04, 0, 10, 0], [1, 0.01, 1e-3, 5e-6, 1.1, 1e-3, 30, 2e-7], [2, 0.03, 1e-3, 4.5e-6, 1.2, 2e-3, 20, -1e-7]];
    expect(quantitiesOfInterest({ columns, rows })).toEqual({
      time_end: 0.03,
      tip_x_end: 4.5e-6,
      tip_x_max: 5e-6,
      interface_area_per_electrode_area_end: 1.2,
      deposited_li_end: 2e-3,
      current_density_mean: (0.01 * (10 + 30) / 2 + 0.02 * (30 + 20) / 2) / 0.03,
      li_inventory_drift_end: -1e-7,
    });
    expect(standardQuantityUnit('tip_x_end', 'SI', 3)).toBe('m');
    expect(standardQuantityUnit('current_density_mean', 'SI', 2)).toBe('A/m^2');
  });

  it('the scene schema checks output.quantities against the columns the scene records', () => {
    const scene = structuredClone(findBundledScene('pfhub-bm1a')!.json) as Record<string, unknown>;
    (scene.output as Record<string, unknown>) = { quantities: [{ name: 'v', column: 'voltage', reduce: 'max' }, { name: 'time_end', column: 'time', reduce: 'final' }, { name: 'f', column: 'free_energy', reduce: 'firstTimeAbove' }] };
    expect(() => parseScene(scene)).toThrow(/output\.quantities\[0\]\.column: this scene records no column "voltage"/);
    expect(() => parseScene(scene)).toThrow(/output\.quantities\[1\]\.name: "time_end" is a standard quantity/);
    expect(() => parseScene(scene)).toThrow(/output\.quantities\[2\]\.threshold: reduce "firstTimeAbove" needs a threshold/);
  });
});
