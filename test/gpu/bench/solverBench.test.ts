import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatSolverTable, runSolverBench, solverCases } from '../../../src/cli/benchSolver.ts';
import { useGpu } from '../gpuContext.ts';

const figure = z.number().positive().finite();
const figures = z.record(z.string(), figure);

const Result = z.strictObject({
  name: z.string(),
  shape: z.array(z.number().int().positive()).min(2).max(3),
  mobility: z.enum(['constant', 'lattice']),
  cells: z.number().int().positive(),
  steps: z.number().int().positive(),
  stepsPerS: figure,
  mcups: figure,
  wallMsPerStep: figure,
  bytesPerStep: figure,
  byteModel: figures,
  gbPerS: figure,
  copyGbPerS: figure,
  fractionOfCopy: figure,
  memoryBytesPerCell: figure,
  gpuMsPerStep: figure.optional(),
  kernelMs: figures.optional(),
});

const Report = z.strictObject({
  timing: z.enum(['timestamps', 'wall']),
  results: z.array(Result),
  skipped: z.array(z.strictObject({ name: z.string(), shape: z.array(z.number()), mobility: z.enum(['constant', 'lattice']), reason: z.string().min(1) })),
});

describe('spinode bench: Cahn-Hilliard cases', () => {
  const gpu = useGpu();

  it('the smallest case reports every figure positive and finite, with per-kernel times from timestamps', async () => {
    const smallest = solverCases(true).reduce((a, b) => (a.shape.reduce((x, y) => x * y, 1) <= b.shape.reduce((x, y) => x * y, 1) ? a : b));
    const report = Report.parse(await runSolverBench(gpu(), { quick: true, cases: [smallest] }));
    expect(report.skipped).toEqual([]);
    expect(report.results).toHaveLength(1);
    const r = report.results[0];
    expect(r.bytesPerStep).toBe(Object.values(r.byteModel).reduce((a, b) => a + b, 0));
    // DESIGN.md section 6: at most 40 bytes of GPU memory per cell for CH.
    expect(r.memoryBytesPerCell).toBeLessThanOrEqual(40);
    if (gpu().hasTimestamps) {
      expect(report.timing).toBe('timestamps');
      expect(Object.keys(r.kernelMs!)).toEqual(expect.arrayContaining(['bulk_potential', 'semi_implicit_update', 'step_control']));
      expect(Object.keys(r.kernelMs!).some((k) => k.startsWith('fft '))).toBe(true);
    }
    expect(formatSolverTable(report)).toContain(r.shape.join(' x '));
  }, 60_000);
});
