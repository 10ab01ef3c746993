/**
 * `spinode fit` input handling without a GPU: FIT.json problems by path, bad data files by file, line
 * and column (exit code 2, before any GPU work), the parameter mapping and the cost.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/cliHarness.ts';
import { parseFit, FitSpecError } from '../../../src/fit/fitSchema.ts';
import { ParameterSpace } from '../../../src/fit/parameterSpace.ts';
import { combineCosts, compareCurves } from '../../../src/fit/voltageCost.ts';

const dir = mkdtempSync(join(tmpdir(), 'spinode-fit-input-'));
const k0 = { name: 'k0', path: 'model.reaction.exchangeCurrent.k0', min: 1e-4, max: 1, scale: 'log' };
const curve = { file: 'c1.csv', cRate: 1, columns: { voltage: 'V', capacity: 'q' } };

function problems(json: unknown): string[] {
  try {
    parseFit(json);
  } catch (e) {
    expect(e).toBeInstanceOf(FitSpecError);
    return (e as FitSpecError).problems;
  }
  throw new Error('expected a FitSpecError');
}

describe('FIT.json schema', () => {
  it('fills the defaults: Nelder-Mead, RMSE, linear scale, weight 1, 1 % Hessian steps', () => {
    const fit = parseFit({ scene: 'lfp-platelet-slow', parameters: [{ path: 'model.freeEnergy.omega', min: 5000, max: 15000 }], data: [curve] });
    expect(fit.optimiser.kind).toBe('nelderMead');
    expect(fit.cost.kind).toBe('rmse');
    expect(fit.parameters[0].scale).toBe('linear');
    expect(fit.data[0].weight).toBe(1);
    expect(fit.uncertainty.step).toBe(0.01);
  });

  it('a file without a header takes its columns by number, from 1', () => {
    const headerless = { file: 'u.txt', cRate: 1, header: false, columns: { time: 1, voltage: 2 } };
    expect(parseFit({ scene: 'lfp-platelet-slow', parameters: [k0], data: [headerless] }).data[0].columns).toEqual({ time: 1, voltage: 2 });
    expect(parseFit({ scene: 'lfp-platelet-slow', parameters: [k0], data: [curve] }).data[0].header).toBe(true);
    expect(problems({ scene: 'lfp-platelet-slow', parameters: [k0], data: [{ ...headerless, columns: { time: 0, voltage: 'U [V]' } }] })).toEqual([
      'data[0].columns.time: column numbers start at 1',
      'data[0].columns.voltage: "U [V]": a file without a header line ("header": false) has no column names; give the column\'s number (from 1)',
    ]);
  });

  it('names every problem by path', () => {
    expect(
      problems({
        scene: 'lfp-platelet-slow',
        parameters: [{ ...k0, min: 0, initial: 2 }, { path: 'not a path', min: 1, max: 0 }],
        data: [{ file: 'a.csv', columns: { voltage: 'V' } }, { ...curve, capacityUnit: 'mAh/g' }],
        optimiser: { kind: 'simplex' },
      }),
    ).toEqual([
      'parameters[0].min: must be > 0 for a log-scaled parameter',
      'parameters[0].initial: must lie within [min, max] = [0, 1]',
      'parameters[1].path: a scene path such as model.reaction.exchangeCurrent.k0',
      'parameters[1].max: must be above min (1)',
      'data[0].columns: name exactly one of capacity and time (the axis the voltage is compared along)',
      'data[0].cRate: give exactly one of cRate and protocol',
      'data[1].theoreticalCapacity: needed to turn mAh/g into a fraction of the sites (e.g. 170 for LiFePO4)',
      "optimiser.kind: Invalid discriminator value. Expected 'nelderMead' | 'cmaes' | 'levenbergMarquardt'",
    ]);
  });

  it('a GITT protocol must be compared along time; a name used twice is refused', () => {
    const gitt = { steps: [{ kind: 'constantCurrent', cRate: 1, duration: 360 }, { kind: 'rest', duration: 3600 }], cycles: 5 };
    expect(problems({ scene: 'x', parameters: [k0], data: [{ ...curve, cRate: undefined, protocol: gitt, tEnd: 1e4 }] })).toEqual([
      'data[0].columns.capacity: a protocol with rests or constant-voltage steps does not fill monotonically: compare against a time column',
    ]);
    expect(problems({ scene: 'x', parameters: [k0, { ...k0, path: 'model.kappa' }], data: [curve] })).toEqual(['parameters[1].name: "k0" is used twice; give each parameter its own name']);
  });
});

describe('bounded, log-scaled parameters', () => {
  it('maps a log parameter by decades and a linear one evenly, clamps at the bounds, measures the way out', () => {
    const space = new ParameterSpace(parseFit({ scene: 'x', parameters: [k0, { path: 'model.freeEnergy.omega', min: 1000, max: 3000 }], data: [curve] }).parameters);
    expect(space.parameters.map((p) => p.initial)).toEqual([0.01, 2000]); // geometric and arithmetic middles
    const z = space.toNormalised([1e-3, 1500]);
    expect(z[0]).toBeCloseTo(0.25, 12);
    expect(z[1]).toBeCloseTo(0.25, 12);
    const back = space.fromNormalised([0.75, 0.75]);
    expect(back[0]).toBeCloseTo(0.1, 12);
    expect(back[1]).toBeCloseTo(2500, 9);
    expect(space.fromNormalised([-0.5, 1.2])).toEqual([1e-4, 3000]);
    expect(space.outside([-0.3, 1.4])).toBeCloseTo(0.5, 12);
    expect(space.outside([0.2, 0.9])).toBe(0);
    expect(space.span(0)).toBeCloseTo(Math.log(1e4), 12);
  });
});

describe('the RMSE cost over the common range', () => {
  it('compares only where both curves exist, interpolating the model linearly', () => {
    // model V = 3.5 - x on [0.1, 0.6]; measured V = 3.5 - x + 0.01 on [0, 1] at steps of 0.1
    const modelX = [0.1, 0.35, 0.6];
    const modelV = modelX.map((x) => 3.5 - x);
    const measuredX = Array.from({ length: 11 }, (_, i) => i / 10);
    const measuredV = measuredX.map((x) => 3.5 - x + 0.01);
    const cmp = compareCurves(measuredX, measuredV, modelX, modelV)!;
    expect(cmp.range).toEqual([0.1, 0.6]);
    expect(cmp.x.length).toBe(6); // 0.1 .. 0.6
    expect(cmp.rmse).toBeCloseTo(0.01, 12);
    expect(compareCurves([0.7, 0.8], [3, 3], modelX, modelV)).toBeUndefined();
  });

  it('weights curves by their weight, not their number of points; a failed curve costs infinity', () => {
    const a = compareCurves([0, 1], [3.01, 3.01], [0, 1], [3, 3])!; // 10 mV over 2 points
    const b = compareCurves([0, 0.25, 0.5, 0.75, 1], [3.03, 3.03, 3.03, 3.03, 3.03], [0, 1], [3, 3])!; // 30 mV over 5
    const cost = combineCosts([{ comparison: a, weight: 3 }, { comparison: b, weight: 1 }]);
    expect(cost.rmse).toBeCloseTo(Math.sqrt((3 * 0.01 ** 2 + 0.03 ** 2) / 4), 12);
    expect(cost.points).toBe(7);
    expect(cost.sumOfSquares).toBeCloseTo(7 * cost.rmse ** 2, 15);
    expect(combineCosts([{ comparison: a, weight: 1 }, { comparison: undefined, weight: 1 }]).rmse).toBe(Infinity);
  });
});

describe('spinode fit: bad input exits 2 before any GPU work', () => {
  const fitFile = (name: string, json: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(json));
    return path;
  };

  it('a data file with a capacity that does not grow: the file, the line and the column', async () => {
    writeFileSync(join(dir, 'c1.csv'), 'q,V\n0,3.45\n0.2,3.43\n0.1,3.42\n');
    const path = fitFile('bad-data.json', { scene: 'lfp-platelet-slow', parameters: [k0], data: [curve] });
    const result = await runCli(['fit', path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('spinode: data[0]: c1.csv, line 4, column "q" (1): capacity 0.1 does not grow (line 3 has 0.2); one file holds one monotone discharge or charge (capacity passed, increasing)\n');
  });

  it('an invalid FIT.json lists its problems; a parameter path the scene does not have is caught by the scene schema', async () => {
    const bad = await runCli(['fit', fitFile('bad-fit.json', { scene: 'lfp-platelet-slow', parameters: [], data: [curve] })]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid fit:\n  parameters: Too small');
    writeFileSync(join(dir, 'c1.csv'), 'q,V\n0,3.45\n0.2,3.43\n');
    const typo = await runCli(['fit', fitFile('typo.json', { scene: 'lfp-platelet-slow', parameters: [{ ...k0, path: 'model.reaction.exchangeCurent.k0' }], data: [curve] })]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^spinode: data\[0\] \(1C\): the scene at the starting values is invalid:\n {2}model\.reaction: Unrecognized key: "exchangeCurent"/);
  });

  it('a scene with the thermal coupling is refused (the fit does not run it)', async () => {
    writeFileSync(join(dir, 'c1.csv'), 'q,V\n0,3.45\n0.2,3.43\n');
    const result = await runCli(['fit', fitFile('thermal.json', { scene: 'lfp-platelet-self-heating', parameters: [k0], data: [curve] })]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('spinode: bundled:lfp-platelet-self-heating: thermal: spinode fit does not run the thermal coupling yet; fit a copy of the scene without "thermal"\n');
  });
});
