/**
 * Real-to-complex FFT of a 2D (nx x ny) or 3D (nx x ny x nz) real f32 grid (x fastest, nx even) to the
 * half spectrum [nx/2 + 1, ny, nz] of vec2<f32>, and complex-to-real back.
 *
 * How (docs/fft.md): the x pass reads each real line as nx/2 complex pairs z[n] = x[2n] + i x[2n+1],
 * transforms them in workgroup memory and untangles the half spectrum before it stores (the classic
 * "two real FFTs for one complex" twist); y and z are complex passes over the half spectrum. The
 * inverse runs z, y and then the x pass that folds the half spectrum back before its stages. So a
 * transform is one pass over memory per axis, with half the data of a complex one.
 *
 * Fusion: `options.hooks` (src/fft/hooks.ts) runs pointwise WGSL in the first and last passes;
 * `inverse(..., { derivativeAxis })` multiplies by i k on the way in (spectral derivative).
 */
import type { GpuContext } from '../gpu/device.ts';
import { FftExecutor, type FftBuffer, type FftOptions, type InverseVariant } from './executor.ts';
import type { FftPass, FftVariant } from './plan.ts';

export class RealFft {
  /** [nx, ny] or [nx, ny, nz]; x is the fastest (contiguous) index. */
  readonly shape: readonly number[];
  /** Half spectrum: [nx/2 + 1, ny, nz] complex (vec2<f32>, re/im interleaved), kx fastest. */
  readonly spectrumShape: readonly number[];
  /** Complex elements in the half spectrum (times the batch). */
  readonly spectrumLength: number;
  /**
   * Bytes read + written by one forward transform; the inverse moves the same amount (it reads the
   * nx/2 + 1 values per line the forward wrote and writes the nx reals it read).
   */
  readonly bytesPerTransform: number;
  /** The Stockham kernel layout asked for ('line' on software adapters by default; docs/fft.md, "Variants"). */
  readonly variant: FftVariant;
  private readonly executor: FftExecutor;

  constructor(gpu: GpuContext, shape: readonly number[], options: FftOptions = {}) {
    this.executor = new FftExecutor(gpu, shape, true, { label: 'RealFft', ...options });
    this.shape = [...shape];
    const [hx, ny, nz] = this.executor.plan.spectrumShape;
    this.spectrumShape = shape.length === 2 ? [hx, ny] : [hx, ny, nz];
    this.spectrumLength = this.executor.outputElements;
    this.bytesPerTransform = this.executor.forwardBytes;
    this.variant = this.executor.variant;
  }

  /**
   * real f32 buffer (nx*ny*nz) -> half spectrum (unnormalised forward transform, e^{-i k x}). Input is not
   * modified. Either may be a region of a larger buffer ({ buffer, offset }, offset storage-aligned).
   */
  forward(encoder: GPUCommandEncoder, input: FftBuffer, output: FftBuffer): void {
    this.executor.encode(encoder, 'forward', input, output);
  }

  /**
   * half spectrum -> real f32, normalised by 1/(nx*ny*nz), so inverse(forward(x)) == x.
   * OVERWRITES its input spectrum (the y and z passes work in place on it), unless the transform was
   * created with `preserveInput: true`. The imaginary parts of the kx = 0 and kx = nx/2 values are
   * ignored (they are zero for the spectrum of real data). `variant.derivativeAxis` fuses d/dx_axis.
   */
  inverse(encoder: GPUCommandEncoder, input: FftBuffer, output: FftBuffer, variant?: InverseVariant): void {
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
