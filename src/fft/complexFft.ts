/**
 * Complex-to-complex FFT of a 2D (nx x ny) or 3D (nx x ny x nz) grid of vec2<f32> values, x fastest,
 * axis lengths factoring into 2, 3 and 5. Forward is unnormalised (e^{-i k x}); the inverse divides by
 * nx ny nz, so inverse(forward(x)) == x. One pass over memory per axis for lines that fit workgroup
 * memory (see docs/fft.md); `options.hooks` fuses pointwise work into the first and last passes
 * (src/fft/hooks.ts).
 */
import type { GpuContext } from '../gpu/device.ts';
import { FftExecutor, type FftOptions, type InverseVariant } from './executor.ts';
import type { FftPass, FftVariant } from './plan.ts';

export class ComplexFft {
  readonly shape: readonly number[];
  /** Same as shape: the full complex spectrum, kx fastest. */
  readonly spectrumShape: readonly number[];
  /** Complex elements of the spectrum (times the batch). */
  readonly spectrumLength: number;
  /** Bytes read + written by one forward transform (the inverse moves the same). */
  readonly bytesPerTransform: number;
  /** The Stockham kernel layout asked for ('line' on software adapters by default; docs/fft.md, "Variants"). */
  readonly variant: FftVariant;
  private readonly executor: FftExecutor;

  constructor(gpu: GpuContext, shape: readonly number[], options: FftOptions = {}) {
    if (options.preserveInput) throw new RangeError('ComplexFft never writes its input; preserveInput is a RealFft option');
    this.executor = new FftExecutor(gpu, shape, false, { label: 'ComplexFft', ...options });
    this.shape = [...shape];
    this.spectrumShape = [...shape];
    this.spectrumLength = this.executor.outputElements;
    this.bytesPerTransform = this.executor.forwardBytes;
    this.variant = this.executor.variant;
  }

  /** Complex field -> spectrum (unnormalised, e^{-i k x}). The input is not modified; input === output transforms in place. */
  forward(encoder: GPUCommandEncoder, input: GPUBuffer, output: GPUBuffer): void {
    this.executor.encode(encoder, 'forward', input, output);
  }

  /**
   * Spectrum -> complex field, normalised by 1/(nx ny nz). The input is not modified (input === output
   * transforms in place). `variant.derivativeAxis` fuses d/dx_axis (multiply by i k) into the first pass.
   */
  inverse(encoder: GPUCommandEncoder, input: GPUBuffer, output: GPUBuffer, variant?: InverseVariant): void {
    this.executor.encode(encoder, 'inverse', input, output, variant);
  }

  /** The passes one transform records (labels, byte model). */
  passes(direction: 'forward' | 'inverse'): readonly FftPass[] {
    return this.executor.passes(direction);
  }

  dispose(): void {
    this.executor.dispose();
  }
}
