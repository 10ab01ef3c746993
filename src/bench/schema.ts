/**
 * The benchmark report's schema (zod): what `spinode bench --json`, bench.html's download and
 * `--compare` baselines must look like. Every measured figure is a positive, finite number; counts are
 * positive integers. Pure (no GPU, no Node): the CLI, the page and the tests use the same check.
 */
import { z } from 'zod';
import { BENCH_REPORT_FORMAT, BENCH_REPORT_VERSION, BENCH_SUITES } from './report.ts';

const figure = z.number().positive().finite();
const count = z.number().int().positive();
const figures = z.record(z.string().min(1), figure);
const shape = z.array(count).min(2).max(3);

const runtime = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('node'), version: z.string().min(1), platform: z.string().min(1) }),
  z.strictObject({ kind: z.literal('browser'), userAgent: z.string().min(1) }),
]);

const environment = z.strictObject({
  runtime,
  adapter: z.strictObject({
    vendor: z.string(),
    architecture: z.string(),
    device: z.string(),
    description: z.string(),
    isSoftware: z.boolean(),
    backend: z.string().min(1),
  }),
  limits: figures,
  features: z.array(z.string()),
  fftVariant: z.enum(['workgroup', 'line']).optional(),
  reduction: z.enum(['workgroup', 'subgroup']).optional(),
  spectrumConstants: z.boolean().optional(),
});

const timing = z.enum(['timestamps', 'wall']);

const fftResult = z.strictObject({
  case: z.string().min(1),
  shape,
  transform: z.enum(['c2c forward', 'r2c forward', 'c2r inverse', 'dct forward']),
  passes: count,
  // Absent in reports from before the 'line' variant (those ran 'workgroup').
  variant: z.enum(['workgroup', 'line']).optional(),
  ms: figure,
  wallMs: figure,
  perS: figure,
  gflops: figure,
  bytes: figure,
  gbPerS: figure,
  copyGbPerS: figure,
  fractionOfCopy: figure,
  passMs: figures.optional(),
});

const solverCase = {
  name: z.string().min(1),
  shape,
  model: z.enum(['cahn-hilliard', 'elasticity-homogeneous', 'elasticity-inhomogeneous', 'electrochemistry']),
  mobility: z.enum(['constant', 'lattice']),
  scene: z.string().min(1).optional(),
  integrator: z.enum(['etdrk4', 'semiImplicitEuler']).optional(),
  elasticScheme: z.literal('basic').optional(),
  case: z.string().min(1),
};

const solverResult = z.strictObject({
  ...solverCase,
  cells: count,
  steps: count,
  stepsPerS: figure,
  mcups: figure,
  wallMsPerStep: figure,
  bytesPerStep: figure,
  byteModel: figures,
  gbPerS: figure,
  copyGbPerS: figure,
  fractionOfCopy: figure,
  memoryBytesPerCell: figure,
  elasticIterationsPerStep: count.optional(),
  elasticBytesPerCell: figure.optional(),
  gpuMsPerStep: figure.optional(),
  kernelMs: figures.optional(),
  kernelFractionOfCopy: figures.optional(),
});

const solverSkip = z.strictObject({ ...solverCase, reason: z.string().min(1) });

export const benchReportSchema = z
  .strictObject({
    format: z.literal(BENCH_REPORT_FORMAT),
    version: z.literal(BENCH_REPORT_VERSION),
    suite: z.enum(BENCH_SUITES),
    startedAt: z.iso.datetime(),
    durationS: figure,
    environment,
    fft: z.strictObject({ timing, results: z.array(fftResult) }),
    solver: z.strictObject({ timing, results: z.array(solverResult), skipped: z.array(solverSkip) }),
  })
  .superRefine((report, ctx) => {
    // --compare matches cases by name: names must be unique within a report.
    const seen = new Set<string>();
    const all = [...report.fft.results, ...report.solver.results, ...report.solver.skipped];
    all.forEach((r) => {
      if (seen.has(r.case)) ctx.addIssue({ code: 'custom', message: `case "${r.case}" appears more than once`, path: ['case'] });
      seen.add(r.case);
    });
  });

export type CheckedBenchReport = z.infer<typeof benchReportSchema>;

/** "path: message" lines for a failed check (at most `max`). */
export function describeSchemaIssues(error: z.ZodError, max = 8): string[] {
  const lines = error.issues.slice(0, max).map((i) => `${i.path.length > 0 ? i.path.join('.') : '(top level)'}: ${i.message}`);
  if (error.issues.length > max) lines.push(`... and ${error.issues.length - max} more`);
  return lines;
}
