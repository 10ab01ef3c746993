/**
 * The benchmark suite (issue #9), browser-safe: which cases a suite runs, running them on a GpuContext,
 * the report (with the environment it ran in) and its readable table. `spinode bench` (src/cli/bench.ts)
 * and bench.html (src/bench/page.ts) are thin wrappers around `runBenchSuite` and `formatBenchReport`.
 */
import { chooseVariant } from '../fft/executor.ts';
import type { GpuContext } from '../gpu/device.ts';
import { PipelineCache } from '../gpu/pipelineCache.ts';
import { ALL_TRANSFORMS, formatFftTable, runFftBench, type FftCase } from './fftBench.ts';
import { BENCH_REPORT_FORMAT, BENCH_REPORT_VERSION, type BenchEnvironment, type BenchReport, type BenchRuntime, type BenchSuiteName } from './report.ts';
import { sig3 } from './table.ts';
import { formatSolverTable, runSolverBench, slowestKernel, solverCases, type SolverCase } from './solverBench.ts';
import { reductionVariant } from '../gpu/shaderSource.ts';
import { usesSpectrumConstants } from '../solver/spectrumConstants.ts';

export interface BenchSuite {
  fft: FftCase[];
  solver: SolverCase[];
  /** rough wall-clock budget per timed measurement */
  fftBudgetMs: number;
  solverBudgetMs: number;
}

export function benchSuite(name: BenchSuiteName): BenchSuite {
  switch (name) {
    case 'full':
      return {
        fft: [[256, 256], [1024, 1024], [64, 64, 64], [128, 128, 128]].map((shape) => ({ shape, transforms: ALL_TRANSFORMS })),
        solver: solverCases('full'),
        fftBudgetMs: 1500,
        solverBudgetMs: 3000,
      };
    case 'quick':
      return {
        fft: [[256, 256], [64, 64, 64]].map((shape) => ({ shape, transforms: ALL_TRANSFORMS })),
        solver: solverCases('quick'),
        fftBudgetMs: 300,
        solverBudgetMs: 1000,
      };
    case 'smoke':
      // One small 2D grid, real transforms only: the Cahn-Hilliard case reuses their pipelines (one
      // PipelineCache per run), so a software adapter compiles one FFT plan in all.
      return {
        fft: [{ shape: [64, 64], transforms: ['r2c forward', 'c2r inverse'] }],
        solver: solverCases('smoke'),
        fftBudgetMs: 200,
        solverBudgetMs: 300,
      };
  }
}

export function benchEnvironment(gpu: GpuContext, runtime: BenchRuntime): BenchEnvironment {
  return { runtime, adapter: { ...gpu.adapterInfo }, limits: { ...gpu.limits }, features: [...gpu.features], fftVariant: chooseVariant(gpu), reduction: reductionVariant(gpu), spectrumConstants: usesSpectrumConstants(gpu) };
}

/** Run a suite; `log` gets one line per measurement as it finishes. */
export async function runBenchSuite(gpu: GpuContext, suiteName: BenchSuiteName, runtime: BenchRuntime, log: (line: string) => void = () => {}): Promise<BenchReport> {
  const suite = benchSuite(suiteName);
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  // One pipeline cache for the whole run: the solver's FFT reuses the FFT cases' pipelines.
  const cache = new PipelineCache(gpu.device);
  const fft = await runFftBench(gpu, suite.fft, { budgetMs: suite.fftBudgetMs, cache }, log);
  const solver = await runSolverBench(gpu, suite.solver, { budgetMs: suite.solverBudgetMs, cache }, log);
  return {
    format: BENCH_REPORT_FORMAT,
    version: BENCH_REPORT_VERSION,
    suite: suiteName,
    startedAt,
    durationS: Math.max((performance.now() - t0) / 1000, 1e-3),
    environment: benchEnvironment(gpu, runtime),
    fft,
    solver,
  };
}

export function describeRuntime(runtime: BenchRuntime): string {
  return runtime.kind === 'node' ? `Node ${runtime.version} (${runtime.platform})` : runtime.userAgent;
}

/** The report as the CLI prints it and the page shows it. */
export function formatBenchReport(report: BenchReport): string {
  const a = report.environment.adapter;
  const slowest = report.solver.results.flatMap((r) => {
    const s = slowestKernel(r);
    return s ? [`  ${r.case}: ${s.kernel}, ${sig3(s.ms)} ms against ${sig3(s.modelMs)} ms at copy bandwidth (${sig3(s.fraction)} of copy)`] : [];
  });
  return [
    `spinode bench (${report.suite} suite, ${report.startedAt}, ${report.durationS.toFixed(0)} s)`,
    `adapter: ${[a.vendor, a.architecture, a.description].filter(Boolean).join(' / ')}${a.isSoftware ? ' (software)' : ''}; ${a.backend}`,
    `runtime: ${describeRuntime(report.environment.runtime)}`,
    '',
    formatFftTable(report.fft),
    '',
    formatSolverTable(report.solver),
    ...(slowest.length > 0 ? ['', 'kernel losing the most time against its byte model:', ...slowest] : []),
  ].join('\n');
}
