import { describe, expect, it } from 'vitest';
import { benchReportSchema, describeSchemaIssues } from '../../../src/bench/schema.ts';
import { report, solverResult } from './reports.ts';

describe('benchReportSchema', () => {
  it('accepts a well-formed report, including its JSON round trip', () => {
    const r = report();
    expect(benchReportSchema.parse(r)).toEqual(r);
    expect(benchReportSchema.safeParse(JSON.parse(JSON.stringify(r))).success).toBe(true);
  });

  it.each([
    ['zero', 0],
    ['negative', -1],
    ['NaN (null in JSON)', null],
    ['infinite', Infinity],
    ['a string', '200'],
  ])('rejects a figure that is %s, naming its path', (_, value) => {
    const r = report() as unknown as { solver: { results: Record<string, unknown>[] } };
    r.solver.results[0].stepsPerS = value;
    const checked = benchReportSchema.safeParse(r);
    expect(checked.success).toBe(false);
    expect(describeSchemaIssues(checked.error!).join('\n')).toContain('solver.results.0.stepsPerS');
  });

  it('checks figures inside the per-kernel records and the environment', () => {
    const r = report();
    r.solver.results[0].kernelMs!.bulk_potential = 0;
    r.environment.limits.maxBufferSize = -1;
    const issues = describeSchemaIssues(benchReportSchema.safeParse(r).error!).join('\n');
    expect(issues).toContain('solver.results.0.kernelMs.bulk_potential');
    expect(issues).toContain('environment.limits.maxBufferSize');
  });

  it('rejects unknown fields, a wrong format tag and duplicate case names', () => {
    expect(benchReportSchema.safeParse({ ...report(), extra: 1 }).success).toBe(false);
    expect(benchReportSchema.safeParse({ ...report(), format: 'other' }).success).toBe(false);
    expect(benchReportSchema.safeParse({ ...report(), version: 2 }).success).toBe(false);
    const dup = report({ solver: [solverResult('CH 2D', 256, 200), solverResult('CH 2D', 256, 100)] });
    const checked = benchReportSchema.safeParse(dup);
    expect(checked.success).toBe(false);
    expect(describeSchemaIssues(checked.error!).join('\n')).toContain('appears more than once');
  });

  it('accepts a browser runtime and rejects one without its user agent', () => {
    const r = report();
    r.environment.runtime = { kind: 'browser', userAgent: 'Mozilla/5.0 HeadlessChrome/156' };
    expect(benchReportSchema.safeParse(r).success).toBe(true);
    (r.environment.runtime as { userAgent: string }).userAgent = '';
    expect(benchReportSchema.safeParse(r).success).toBe(false);
  });
});
