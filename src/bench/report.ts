/**
 * The benchmark report's shape (types and constants only, no GPU): what the suite produces, the JSON
 * `spinode bench --json` writes and bench.html offers for download, and what --compare reads back.
 */
import type { AdapterSummary } from '../gpu/device.ts';
import type { FftVariant } from '../fft/plan.ts';
import type { FftBenchReport } from './fftBench.ts';
import type { SolverBenchReport } from './solverBench.ts';
import type { ReductionVariant } from '../gpu/shaderSource.ts';

/** full: every size; quick: one 2D and one 3D grid; smoke: one small 2D grid (the browser test). */
export const BENCH_SUITES = ['full', 'quick', 'smoke'] as const;
export type BenchSuiteName = (typeof BENCH_SUITES)[number];

export const BENCH_REPORT_FORMAT = 'spinode-bench';
export const BENCH_REPORT_VERSION = 1;

/** Where the benchmark ran: Node (its version) or a browser (its user agent). */
export type BenchRuntime = { kind: 'node'; version: string; platform: string } | { kind: 'browser'; userAgent: string };

export interface BenchEnvironment {
  runtime: BenchRuntime;
  adapter: AdapterSummary;
  /** the limits the engine's device was created with */
  limits: Record<string, number>;
  features: string[];
  /** FFT kernel layout the solver cases ran (docs/fft.md "Variants"); absent in older reports ('workgroup'). */
  fftVariant?: FftVariant;
  /** How the kernels reduced over a workgroup (shaders/lib/workgroup_reduce_*.wgsl); absent in older reports ('workgroup'). */
  reduction?: ReductionVariant;
  /** Whether the spectral kernels took the spectrum's extents as pipeline constants (src/solver/spectrumConstants.ts); absent in older reports (false). */
  spectrumConstants?: boolean;
}

export interface BenchReport {
  format: typeof BENCH_REPORT_FORMAT;
  version: typeof BENCH_REPORT_VERSION;
  suite: BenchSuiteName;
  /** ISO 8601 time the run started */
  startedAt: string;
  /** wall seconds the whole suite took (compilation included) */
  durationS: number;
  environment: BenchEnvironment;
  fft: FftBenchReport;
  solver: SolverBenchReport;
}
