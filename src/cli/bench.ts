/**
 * `spinode bench [--quick] [--json FILE]` (DESIGN.md sections 1.3 and 6): the FFT, then Cahn-Hilliard
 * steps (benchSolver.ts); this module orchestrates both and times the FFT.
 *
 * Per grid and transform it reports the time per transform (GPU timestamps summed over the passes when
 * the adapter has them, else wall time over many submits closed by onSubmittedWorkDone), GFLOP/s by the
 * usual convention (5 N log2 N per complex transform, half that for real ones), the effective bandwidth
 * from the byte model (bytes each pass reads and writes) and that bandwidth as a fraction of a plain copy
 * kernel measured on the same device in the same run, on a buffer as large as the transform's biggest
 * array.
 */
import { writeFileSync } from 'node:fs';
import { createStorageBuffer } from '../gpu/buffers.ts';
import { withErrorScope, type GpuContext } from '../gpu/device.ts';
import { acquireNodeGpu } from '../gpu/nodeGpu.ts';
import { PipelineCache } from '../gpu/pipelineCache.ts';
import { GpuTimer } from '../gpu/timing.ts';
import { ComplexFft } from '../fft/complexFft.ts';
import { RealFft } from '../fft/realFft.ts';
import { CopyKernel, timeWork } from './benchCopy.ts';
import { formatSolverTable, runSolverBench, type SolverBenchReport } from './benchSolver.ts';

export interface BenchOptions {
  quick?: boolean;
  json?: string;
}

export interface FftBenchResult {
  shape: number[];
  transform: 'c2c forward' | 'r2c forward' | 'c2r inverse';
  passes: number;
  /** Milliseconds per transform (timestamps if available, else wall clock). */
  ms: number;
  /** Wall-clock milliseconds per transform over many back-to-back submits. */
  wallMs: number;
  gflops: number;
  bytes: number;
  gbPerS: number;
  copyGbPerS: number;
  fractionOfCopy: number;
  /** Milliseconds per pass (timestamps only). */
  passMs?: Record<string, number>;
}

export interface BenchReport {
  adapter: GpuContext['adapterInfo'];
  timing: 'timestamps' | 'wall';
  results: FftBenchResult[];
  /** Cahn-Hilliard steps (benchSolver.ts); absent when only the FFT was run */
  solver?: SolverBenchReport;
}

const FULL_SHAPES = [
  [256, 256],
  [1024, 1024],
  [64, 64, 64],
  [128, 128, 128],
];
const QUICK_SHAPES = [
  [256, 256],
  [64, 64, 64],
];

export async function runFftBench(gpu: GpuContext, options: BenchOptions = {}, log: (line: string) => void = () => {}): Promise<BenchReport> {
  const device = gpu.device;
  const cache = new PipelineCache(device);
  const timer = new GpuTimer(gpu, 32);
  const budgetMs = options.quick ? 300 : 1500;
  const results: FftBenchResult[] = [];
  try {
    for (const shape of options.quick ? QUICK_SHAPES : FULL_SHAPES) {
      const cells = shape.reduce((a, b) => a * b, 1);
      await withErrorScope(device, async () => {
        const complex = new ComplexFft(gpu, shape, { cache, timer, label: `bench.c2c` });
        const real = new RealFft(gpu, shape, { cache, timer, label: `bench.r2c` });
        const field = createStorageBuffer(gpu, 'bench.field', cells * 8);
        const spectrum = createStorageBuffer(gpu, 'bench.spectrum', cells * 8);
        const seed = new Float32Array(2 * cells);
        for (let i = 0; i < seed.length; i++) seed[i] = Math.sin(0.001 * i) + 0.5 * Math.cos(0.37 * i);
        device.queue.writeBuffer(field, 0, seed);
        const copy = new CopyKernel(gpu, field, spectrum, cells * 8, cache);
        try {
          const copyTiming = await timeWork(gpu, timer, budgetMs, (e) => copy.encode(e, timer.pass('copy')));
          const copyGbPerS = copy.bytesPerCopy / (copyTiming.ms * 1e6);
          log(`copy ${shape.join(' x ')}: ${copyGbPerS.toFixed(2)} GB/s`);
          const cases: [FftBenchResult['transform'], number, number, (e: GPUCommandEncoder) => void][] = [
            ['c2c forward', complex.bytesPerTransform, complex.passes('forward').length, (e) => complex.forward(e, field, spectrum)],
            ['r2c forward', real.bytesPerTransform, real.passes('forward').length, (e) => real.forward(e, field, spectrum)],
            // The inverse overwrites its input spectrum: harmless here, the data only has to stay finite.
            ['c2r inverse', real.bytesPerTransform, real.passes('inverse').length, (e) => real.inverse(e, spectrum, field)],
          ];
          for (const [transform, bytes, passes, record] of cases) {
            const t = await timeWork(gpu, timer, budgetMs, record);
            const flops = (transform === 'c2c forward' ? 5 : 2.5) * cells * Math.log2(cells);
            const gbPerS = bytes / (t.ms * 1e6);
            const r: FftBenchResult = {
              shape,
              transform,
              passes,
              ms: t.ms,
              wallMs: t.wallMs,
              gflops: flops / (t.ms * 1e6),
              bytes,
              gbPerS,
              copyGbPerS,
              fractionOfCopy: gbPerS / copyGbPerS,
              passMs: t.passMs,
            };
            results.push(r);
            log(formatRow(r));
          }
        } finally {
          complex.dispose();
          real.dispose();
          copy.dispose();
          field.destroy();
          spectrum.destroy();
        }
      });
    }
  } finally {
    timer.dispose();
  }
  const report: BenchReport = { adapter: gpu.adapterInfo, timing: timer.enabled ? 'timestamps' : 'wall', results };
  return report;
}

const HEADER = ['grid', 'transform', 'passes', 'ms', 'wall ms', 'GFLOP/s', 'GB/s', 'copy GB/s', 'of copy'];

function cells(r: FftBenchResult): string[] {
  return [
    r.shape.join(' x '),
    r.transform,
    String(r.passes),
    r.ms.toFixed(3),
    r.wallMs.toFixed(3),
    r.gflops.toFixed(2),
    r.gbPerS.toFixed(2),
    r.copyGbPerS.toFixed(2),
    r.fractionOfCopy.toFixed(2),
  ];
}

function formatRow(r: FftBenchResult): string {
  return cells(r).join('  ');
}

export function formatBenchTable(report: BenchReport): string {
  const rows = [HEADER, ...report.results.map(cells)];
  const widths = HEADER.map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const lines = rows.map((row) => row.map((v, c) => (c < 2 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  '));
  const a = report.adapter;
  return [
    `adapter: ${[a.vendor, a.architecture, a.description].filter(Boolean).join(' / ')}${a.isSoftware ? ' (software)' : ''}`,
    `timing: ${report.timing === 'timestamps' ? 'GPU timestamps, summed over the passes (median)' : 'wall clock over many submits'}`,
    ...lines,
  ].join('\n');
}

export async function benchCommand(options: BenchOptions): Promise<void> {
  const gpu = await acquireNodeGpu({ label: 'spinode-bench' });
  try {
    const log = (line: string) => process.stderr.write(`  ${line}\n`);
    const report = await runFftBench(gpu, options, log);
    process.stdout.write(`${formatBenchTable(report)}\n`);
    report.solver = await runSolverBench(gpu, { quick: options.quick }, log);
    process.stdout.write(`\n${formatSolverTable(report.solver)}\n`);
    if (options.json) writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    gpu.dispose();
  }
}
