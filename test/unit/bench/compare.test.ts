import { describe, expect, it } from 'vitest';
import { compareBenchReports, formatComparison } from '../../../src/bench/compare.ts';
import { fftResult, report, solverResult } from './reports.ts';

describe('compareBenchReports', () => {
  it('gives now / baseline per case, matched by name, and flags only slow-downs beyond the threshold', () => {
    const baseline = report({ fft: [fftResult(256, 1000)], solver: [solverResult('CH 2D', 256, 200), solverResult('CH 3D', 64, 50)] });
    const current = report({ fft: [fftResult(256, 1200)], solver: [solverResult('CH 3D', 64, 40), solverResult('CH 2D', 256, 185)] });
    const c = compareBenchReports(baseline, current, 0.1);
    const byCase = Object.fromEntries(c.cases.map((x) => [x.case, x]));
    expect(byCase['FFT r2c forward 256 x 256']).toMatchObject({ unit: 'transforms/s', baseline: 1000, current: 1200, regression: false });
    expect(byCase['FFT r2c forward 256 x 256'].ratio).toBeCloseTo(1.2, 12);
    expect(byCase['CH 2D 256 x 256'].ratio).toBeCloseTo(0.925, 12); // 7.5% slower: within 10%
    expect(byCase['CH 2D 256 x 256'].regression).toBe(false);
    expect(byCase['CH 3D 64 x 64']).toMatchObject({ unit: 'steps/s', ratio: 0.8, regression: true });
    expect(c.regressions.map((r) => r.case)).toEqual(['CH 3D 64 x 64']);
    expect(c.onlyInBaseline).toEqual([]);
    expect(c.onlyInCurrent).toEqual([]);
    expect(c.notes).toEqual([]);
  });

  it('uses the threshold as given: a 20% slow-down passes at 25% and fails at 10%; exactly at the threshold is not a regression', () => {
    const baseline = report({ solver: [solverResult('CH 2D', 256, 100)] });
    const current = report({ solver: [solverResult('CH 2D', 256, 80)] });
    expect(compareBenchReports(baseline, current, 0.25).regressions).toEqual([]);
    expect(compareBenchReports(baseline, current, 0.1).regressions).toHaveLength(1);
    expect(compareBenchReports(baseline, current, 0.2).regressions).toEqual([]);
    expect(compareBenchReports(baseline, current).threshold).toBe(0.1);
    expect(() => compareBenchReports(baseline, current, 1)).toThrow(RangeError);
    expect(() => compareBenchReports(baseline, current, -0.1)).toThrow(RangeError);
  });

  it('lists cases present on one side only, with the skip reason when the other side skipped them', () => {
    const baseline = report({ solver: [solverResult('CH 2D', 256, 200), solverResult('CH 2D', 1024, 8)] });
    const current = report({
      solver: [solverResult('CH 2D', 256, 200), solverResult('CH 2D variable M', 256, 90)],
      skipped: [{ name: 'CH 2D', shape: [1024, 1024], model: 'cahn-hilliard', mobility: 'constant', case: 'CH 2D 1024 x 1024', reason: 'needs a 8 MiB buffer' }],
    });
    const c = compareBenchReports(baseline, current);
    expect(c.cases.map((x) => x.case)).toEqual(['FFT r2c forward 256 x 256', 'CH 2D 256 x 256']);
    expect(c.onlyInBaseline).toEqual([{ case: 'CH 2D 1024 x 1024', reason: 'needs a 8 MiB buffer' }]);
    expect(c.onlyInCurrent).toEqual([{ case: 'CH 2D variable M 256 x 256' }]);
    expect(c.regressions).toEqual([]);
    const text = formatComparison(c, 'base.json');
    expect(text).toContain('only in base.json: CH 2D 1024 x 1024 (skipped now: needs a 8 MiB buffer)');
    expect(text).toContain('not in base.json: CH 2D variable M 256 x 256');
    expect(text).toContain('no regression beyond 10%');
  });

  it('notes a different adapter, and the table marks regressions', () => {
    const c = compareBenchReports(report({ adapter: 'nvidia' }), report({ solver: [solverResult('CH 2D', 256, 100)] }));
    expect(c.notes).toEqual([expect.stringContaining('different adapters')]);
    const text = formatComparison(c);
    expect(text).toMatch(/CH 2D 256 x 256\s+steps\/s\s+200\s+100\s+0\.50\s+REGRESSION/);
    expect(text).toContain('1 regression(s) beyond 10%: CH 2D 256 x 256');
  });
});

describe('compareBenchReports across FFT variants', () => {
  it('notes a change of FFT variant (an old report without one ran the workgroup kernel)', () => {
    const before = report();
    const now = report();
    now.environment.fftVariant = 'line';
    expect(compareBenchReports(before, now).notes).toEqual(['different FFT variants: baseline workgroup, now line']);
    before.environment.fftVariant = 'line';
    expect(compareBenchReports(before, now).notes).toEqual([]);
  });
});

describe('compareBenchReports across reduction variants', () => {
  it('notes a change from shared-memory trees to subgroup reductions (an old report without one used trees)', () => {
    const before = report();
    const now = report();
    now.environment.reduction = 'subgroup';
    expect(compareBenchReports(before, now).notes).toEqual(['different reductions: baseline workgroup, now subgroup']);
    before.environment.reduction = 'subgroup';
    expect(compareBenchReports(before, now).notes).toEqual([]);
  });
});

describe('compareBenchReports across spectrum-extent variants', () => {
  it('notes a change to constant spectrum extents (an old report without the field read them from uniforms)', () => {
    const before = report();
    const now = report();
    now.environment.spectrumConstants = true;
    expect(compareBenchReports(before, now).notes).toEqual(['different spectrum extents in the spectral kernels: baseline uniforms, now constants']);
    before.environment.spectrumConstants = true;
    expect(compareBenchReports(before, now).notes).toEqual([]);
  });
});
