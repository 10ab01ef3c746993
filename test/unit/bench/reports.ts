/** Constructed benchmark reports for the pure tests (no GPU): the smallest valid shape of each part. */
import type { BenchReport } from '../../../src/bench/report.ts';
import type { FftBenchResult } from '../../../src/bench/fftBench.ts';
import type { SolverBenchResult } from '../../../src/bench/solverBench.ts';

export function fftResult(n: number, perS: number): FftBenchResult {
  const wallMs = 1000 / perS;
  return {
    case: `FFT r2c forward ${n} x ${n}`,
    shape: [n, n],
    transform: 'r2c forward',
    passes: 2,
    variant: 'workgroup',
    ms: wallMs,
    wallMs,
    perS,
    gflops: 1.5,
    bytes: 16 * n * n,
    gbPerS: 1,
    copyGbPerS: 4,
    fractionOfCopy: 0.25,
    passMs: { 'bench.r2c.forward.x': wallMs / 2, 'bench.r2c.forward.y': wallMs / 2 },
  };
}

export function solverResult(name: string, n: number, stepsPerS: number): SolverBenchResult {
  const cells = n * n;
  const wallMsPerStep = 1000 / stepsPerS;
  return {
    name,
    shape: [n, n],
    model: 'cahn-hilliard',
    mobility: name.includes('variable') ? 'lattice' : 'constant',
    case: `${name} ${n} x ${n}`,
    cells,
    steps: 100,
    stepsPerS,
    mcups: (cells * stepsPerS) / 1e6,
    wallMsPerStep,
    bytesPerStep: 60 * cells,
    byteModel: { bulk_potential: 8 * cells, 'fft forward.x': 26 * cells, semi_implicit_update: 26 * cells },
    gbPerS: 1,
    copyGbPerS: 3,
    fractionOfCopy: 0.33,
    memoryBytesPerCell: 20,
    gpuMsPerStep: wallMsPerStep,
    kernelMs: { bulk_potential: 0.2, 'fft forward.x': 0.5, semi_implicit_update: 0.3 },
    kernelFractionOfCopy: { bulk_potential: 0.2, 'fft forward.x': 0.4, semi_implicit_update: 0.3 },
  };
}

export function report(parts: { fft?: FftBenchResult[]; solver?: SolverBenchResult[]; skipped?: BenchReport['solver']['skipped']; adapter?: string } = {}): BenchReport {
  return {
    format: 'spinode-bench',
    version: 1,
    suite: 'quick',
    startedAt: '2026-11-28T04:00:00.000Z',
    durationS: 42,
    environment: {
      runtime: { kind: 'node', version: 'v20.20.2', platform: 'linux x64' },
      adapter: { vendor: parts.adapter ?? 'mesa', architecture: '', device: '', description: 'llvmpipe', isSoftware: true, backend: 'node (lavapipe)' },
      limits: { maxBufferSize: 2 ** 30, maxStorageBufferBindingSize: 2 ** 27 },
      features: ['timestamp-query'],
    },
    fft: { timing: 'timestamps', results: parts.fft ?? [fftResult(256, 900)] },
    solver: { timing: 'timestamps', results: parts.solver ?? [solverResult('CH 2D', 256, 200)], skipped: parts.skipped ?? [] },
  };
}
