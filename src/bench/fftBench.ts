/**
 * The FFT cases of the benchmark (DESIGN.md section 6). Per grid and transform: the time per transform
 * (GPU timestamps summed over the passes when the adapter has them, else wall time over many submits
 * closed by onSubmittedWorkDone), GFLOP/s by the usual convention (5 N log2 N per complex transform, half
 * that for real ones), the effective bandwidth from the byte model (the bytes each pass of the plan reads
 * and writes, forward and inverse counted from their own plans) and that bandwidth as a fraction of a plain
 * copy kernel measured on the same device in the same run, on a buffer as large as the transform's
 * biggest array. Browser-safe: no Node imports.
 */
import { createStorageBuffer } from '../gpu/buffers.ts';
import { withErrorScope, type GpuContext } from '../gpu/device.ts';
import { PipelineCache } from '../gpu/pipelineCache.ts';
import { GpuTimer } from '../gpu/timing.ts';
import { ComplexFft } from '../fft/complexFft.ts';
import { passBytes, type FftVariant } from '../fft/plan.ts';
import { RealFft } from '../fft/realFft.ts';
import { RealToRealFft } from '../fft/realToRealFft.ts';
import { CopyKernel, timeWork } from './copyKernel.ts';
import { formatTable, gridLabel, sig3 } from './table.ts';

/**
 * 'dct forward': the real-to-real transform of a box with no-flux walls on every axis (DCT-II per axis,
 * src/fft/realToRealFft.ts: reorder, a complex FFT of the full grid, twiddle), byte model its
 * bytesPerTransform; GFLOP/s counts the complex FFT it runs (5 N log2 N).
 */
export type FftTransform = 'c2c forward' | 'r2c forward' | 'c2r inverse' | 'dct forward';

export interface FftCase {
  shape: number[];
  transforms: FftTransform[];
}

export interface FftBenchResult {
  /** Unique name of the case ("FFT r2c forward 256 x 256"): what --compare matches on. */
  case: string;
  shape: number[];
  transform: FftTransform;
  passes: number;
  /** FFT kernel layout that ran ('workgroup' or 'line', docs/fft.md "Variants"). */
  variant: FftVariant;
  /** Milliseconds per transform (timestamps if available, else wall clock). */
  ms: number;
  /** Wall-clock milliseconds per transform over many back-to-back submits. */
  wallMs: number;
  /** Transforms per second by the wall clock (1000 / wallMs): the figure --compare uses. */
  perS: number;
  gflops: number;
  /** The byte model: bytes all passes of this transform read + write. */
  bytes: number;
  gbPerS: number;
  copyGbPerS: number;
  fractionOfCopy: number;
  /** Milliseconds per pass (timestamps only). */
  passMs?: Record<string, number>;
}

export interface FftBenchReport {
  timing: 'timestamps' | 'wall';
  results: FftBenchResult[];
}

export const ALL_TRANSFORMS: FftTransform[] = ['c2c forward', 'r2c forward', 'c2r inverse', 'dct forward'];

export function fftCaseName(transform: FftTransform, shape: readonly number[]): string {
  return `FFT ${transform} ${gridLabel(shape)}`;
}

export async function runFftBench(
  gpu: GpuContext,
  cases: readonly FftCase[],
  options: { budgetMs: number; cache?: PipelineCache },
  log: (line: string) => void = () => {},
): Promise<FftBenchReport> {
  const device = gpu.device;
  const cache = options.cache ?? new PipelineCache(device);
  const timer = new GpuTimer(gpu, 32);
  const results: FftBenchResult[] = [];
  try {
    for (const { shape, transforms } of cases) {
      const cells = shape.reduce((a, b) => a * b, 1);
      await withErrorScope(device, async () => {
        const wantComplex = transforms.includes('c2c forward');
        const complex = wantComplex ? new ComplexFft(gpu, shape, { cache, timer, label: 'bench.c2c' }) : undefined;
        const real = new RealFft(gpu, shape, { cache, timer, label: 'bench.r2c' });
        const walls = transforms.includes('dct forward') ? new RealToRealFft(gpu, shape, shape.map(() => 'cosine' as const), { cache, timer, label: 'bench.dct' }) : undefined;
        const field = createStorageBuffer(gpu, 'bench.field', cells * 8);
        const spectrum = createStorageBuffer(gpu, 'bench.spectrum', cells * 8);
        const seed = new Float32Array(2 * cells);
        for (let i = 0; i < seed.length; i++) seed[i] = Math.sin(0.001 * i) + 0.5 * Math.cos(0.37 * i);
        device.queue.writeBuffer(field, 0, seed);
        const copy = new CopyKernel(gpu, field, spectrum, cells * 8, cache);
        try {
          const copyTiming = await timeWork(gpu, timer, options.budgetMs, (e) => copy.encode(e, timer.pass('copy')));
          const copyGbPerS = copy.bytesPerCopy / (copyTiming.ms * 1e6);
          log(`copy ${gridLabel(shape)}: ${copyGbPerS.toFixed(2)} GB/s`);
          const plans: Record<FftTransform, () => [number, number, (e: GPUCommandEncoder) => void]> = {
            'c2c forward': () => [passBytes(complex!.passes('forward')), complex!.passes('forward').length, (e) => complex!.forward(e, field, spectrum)],
            'r2c forward': () => [passBytes(real.passes('forward')), real.passes('forward').length, (e) => real.forward(e, field, spectrum)],
            // The inverse overwrites its input spectrum: harmless here, the data only has to stay finite.
            'c2r inverse': () => [passBytes(real.passes('inverse')), real.passes('inverse').length, (e) => real.inverse(e, spectrum, field)],
            'dct forward': () => [walls!.bytesPerTransform, walls!.passCount('forward'), (e) => walls!.forward(e, field, spectrum)],
          };
          for (const transform of transforms) {
            const [bytes, passes, record] = plans[transform]();
            const t = await timeWork(gpu, timer, options.budgetMs, record);
            const flops = (transform === 'c2c forward' || transform === 'dct forward' ? 5 : 2.5) * cells * Math.log2(cells);
            const gbPerS = bytes / (t.ms * 1e6);
            const r: FftBenchResult = {
              case: fftCaseName(transform, shape),
              shape: [...shape],
              transform,
              passes,
              variant: transform === 'c2c forward' ? complex!.variant : transform === 'dct forward' ? walls!.variant : real.variant,
              ms: t.ms,
              wallMs: t.wallMs,
              perS: 1000 / t.wallMs,
              gflops: flops / (t.ms * 1e6),
              bytes,
              gbPerS,
              copyGbPerS,
              fractionOfCopy: gbPerS / copyGbPerS,
              passMs: t.passMs,
            };
            results.push(r);
            log(fftCells(r).join('  '));
          }
        } finally {
          complex?.dispose();
          real.dispose();
          walls?.dispose();
          copy.dispose();
          field.destroy();
          spectrum.destroy();
        }
      });
    }
  } finally {
    timer.dispose();
  }
  return { timing: timer.enabled ? 'timestamps' : 'wall', results };
}

const HEADER = ['grid', 'transform', 'variant', 'passes', 'ms', 'wall ms', 'GFLOP/s', 'GB/s', 'copy GB/s', 'of copy'];

function fftCells(r: FftBenchResult): string[] {
  return [
    gridLabel(r.shape),
    r.transform,
    r.variant,
    String(r.passes),
    sig3(r.ms),
    sig3(r.wallMs),
    sig3(r.gflops),
    sig3(r.gbPerS),
    sig3(r.copyGbPerS),
    sig3(r.fractionOfCopy),
  ];
}

export function formatFftTable(report: FftBenchReport): string {
  return [
    `FFT (${report.timing === 'timestamps' ? 'ms = GPU timestamps summed over the passes, median' : 'ms = wall clock over many submits'}; GB/s from the byte model)`,
    formatTable(HEADER, report.results.map(fftCells), 2),
  ].join('\n');
}
