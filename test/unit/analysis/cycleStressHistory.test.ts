import { describe, expect, it } from 'vitest';
import { CycleStressHistory, cycleAt, type StressSample } from '../../../src/analysis/cycleStressHistory.ts';
import { CYCLE_COLUMNS, cyclesCsv } from '../../../src/io/cyclesCsv.ts';

const sample = (time: number, capacity: number, stress?: Partial<StressSample>): StressSample => ({
  time,
  capacity,
  sigma1Max: NaN,
  hotspotFraction: NaN,
  sigma1Particle: NaN,
  sigma1Matrix: NaN,
  interfaceTension: NaN,
  ...stress,
});

describe('stress history over cycles', () => {
  const switches = [
    { time: 0, cycle: 0 },
    { time: 10, cycle: 0 },
    { time: 20, cycle: 1 },
    { time: 30, cycle: 1 },
  ];

  it('a state belongs to the cycle of the last switch at or before it', () => {
    expect([0, 9.9, 10, 19.99, 20, 35].map((t) => cycleAt(switches, t))).toEqual([0, 0, 0, 0, 1, 1]);
  });

  it('keeps per cycle the largest of each stress with the capacity where it occurred, and the capacity range of every state', () => {
    const h = new CycleStressHistory();
    const evaluated = (sigma: number, particle: number, matrix: number, tension: number, fraction = 0) => ({ sigma1Max: sigma, sigma1Particle: particle, sigma1Matrix: matrix, interfaceTension: tension, hotspotFraction: fraction });
    h.observe(sample(0, 0, evaluated(1, 1, 0.5, -2)), 0);
    h.observe(sample(5, -0.3), 0); // not evaluated: only the capacity counts
    h.observe(sample(8, -0.4, evaluated(3, 3, 0.7, 1)), 0);
    h.observe(sample(12, -0.2, evaluated(2, 2, 0.9, 0.5)), 0);
    h.observe(sample(22, -0.5, evaluated(4, 1.5, 4, -1, 0.01)), 1);
    h.observe(sample(28, -0.1, { sigma1Max: 0.1, sigma1Particle: 0.1, sigma1Matrix: NaN, interfaceTension: NaN, hotspotFraction: 0 }), 1);
    const [first, second] = h.rows();
    expect(h.rows()).toHaveLength(2);
    expect(first).toMatchObject({ cycle: 0, timeStart: 0, timeEnd: 12, capacityMin: -0.4, capacityMax: 0, hotspotFractionMax: 0 });
    expect(first.sigma1Particle).toEqual({ value: 3, time: 8, capacity: -0.4 });
    expect(first.sigma1Electrolyte).toEqual({ value: 0.9, time: 12, capacity: -0.2 });
    expect(first.interfaceTension).toEqual({ value: 1, time: 8, capacity: -0.4 });
    expect(second).toMatchObject({ cycle: 1, timeStart: 22, timeEnd: 28, capacityMin: -0.5, capacityMax: -0.1, hotspotFractionMax: 0.01 });
    expect(second.sigma1Electrolyte).toEqual({ value: 4, time: 22, capacity: -0.5 });
    expect(second.interfaceTension).toEqual({ value: -1, time: 22, capacity: -0.5 });
    // the checkpointed state continues the same history
    const resumed = new CycleStressHistory();
    resumed.restore(JSON.parse(JSON.stringify(h.state())));
    expect(resumed.rows()).toEqual(h.rows());
  });

  it('groups the cells that ever crossed the strength into regions dated by their earliest cell', () => {
    const h = new CycleStressHistory();
    // evaluations with a hot spot somewhere at t = 4 (cycle 0) and t = 25 (cycle 1)
    h.observe(sample(4, 0.1, { sigma1Max: 9, sigma1Particle: 9, hotspotFraction: 0.1 }), 0);
    h.observe(sample(25, 0.3, { sigma1Max: 9, sigma1Particle: 9, hotspotFraction: 0.2 }), 1);
    // 6 x 4 grid (x fastest): region A = cells (0,0), (5,0) (joined across the periodic x face), first at 25
    // and 4 (rounding: 4.0000001 is the evaluation at 4); region B = (2,2), (2,3), both first at 25.
    // (5,0) is in the particle (psi 0.8), (0,0) in the electrolyte: held to different strengths, A splits
    // into two regions, one per phase
    const first = new Float64Array(24).fill(-1);
    first[0] = 25;
    first[5] = 4.0000001;
    first[2 + 6 * 2] = 25;
    first[2 + 6 * 3] = 25;
    const psi = new Float64Array(24).fill(0);
    psi[5] = 0.8;
    const origins = h.hotspotOrigins(first, psi, [6, 4], [2, 3]);
    expect(origins).toEqual([
      { region: 1, cells: 1, time: 4.0000001, cycle: 0, capacity: 0.1, firstCells: 1, position: [10, 0, 0], particleShare: 1, phase: 'particle' },
      { region: 2, cells: 1, time: 25, cycle: 1, capacity: 0.3, firstCells: 1, position: [0, 0, 0], particleShare: 0, phase: 'electrolyte' },
      { region: 3, cells: 2, time: 25, cycle: 1, capacity: 0.3, firstCells: 2, position: [4, 7.5, 0], particleShare: 0, phase: 'electrolyte' },
    ]);
    const csv = cyclesCsv(h.rows(), origins).trim().split('\n');
    expect(csv[0]).toBe(CYCLE_COLUMNS.join(','));
    expect(csv).toHaveLength(3);
    // cycle numbers from 1; new regions per cycle: 1 (the particle's) in the first, 2 (the electrolyte's) in the second
    const column = (row: number, name: (typeof CYCLE_COLUMNS)[number]) => csv[row].split(',')[CYCLE_COLUMNS.indexOf(name)];
    expect(csv[1].split(',')[0]).toBe('1');
    expect([column(1, 'hotspots_new'), column(1, 'hotspots_new_particle'), column(1, 'hotspots_new_electrolyte')]).toEqual(['1', '1', '0']);
    expect([column(2, 'hotspots_new'), column(2, 'hotspots_new_particle'), column(2, 'hotspots_new_electrolyte')]).toEqual(['2', '0', '2']);
    expect(csv[1].split(',')[CYCLE_COLUMNS.indexOf('sigma_1_electrolyte_max')]).toBe('nan');
  });
});
