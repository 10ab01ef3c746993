/**
 * The FFTs of the elastic schemes (src/solver/elasticCg.ts, elasticBasicScheme.ts): tensor fields are
 * stored as six component blocks one after the other (component p at p x the block size, real fields and
 * their half spectra alike), and each fluctuating component is transformed on its own.
 *
 * Where every block starts on the device's storage offset alignment (256 B on the adapters here: a real
 * block of cells x 4 B and a spectrum block of (nx/2 + 1) ny nz x 8 B, e.g. any 2D grid whose ny is a
 * multiple of 32), the transforms read and write the blocks themselves. Otherwise each transform goes
 * through a scratch pair, with a copy in and a copy out: at 256^2 those copies moved about 6 MB per CG
 * iteration, a tenth of the step on lavapipe (docs/elasticity.md, "Where the time went").
 */
import type { GpuContext } from '../gpu/device.ts';
import { createStorageBuffer } from '../gpu/buffers.ts';
import type { RealFft } from '../fft/realFft.ts';

export class ComponentTransforms {
  /** GPU memory of the scratch pair (0 when the blocks are addressed in place) */
  readonly bytes: number;
  private readonly realBytes: number;
  private readonly spectrumBytes: number;
  private readonly scratch?: { real: GPUBuffer; complex: GPUBuffer };

  constructor(gpu: GpuContext, private readonly fft: RealFft, counts: { cells: number; spectrum: number }, label: string) {
    this.realBytes = counts.cells * 4;
    this.spectrumBytes = counts.spectrum * 8;
    const alignment = gpu.device.limits.minStorageBufferOffsetAlignment;
    if (this.realBytes % alignment !== 0 || this.spectrumBytes % alignment !== 0) {
      this.scratch = {
        real: createStorageBuffer(gpu, `${label}.real`, this.realBytes),
        complex: createStorageBuffer(gpu, `${label}.complex`, this.spectrumBytes),
      };
    }
    this.bytes = this.scratch ? this.realBytes + this.spectrumBytes : 0;
  }

  /** Whether the transforms address the blocks in place (no scratch, no copies). */
  get inPlace(): boolean {
    return this.scratch === undefined;
  }

  /** Block p of the real fields -> block p of the spectra (the fields are not modified). */
  forward(encoder: GPUCommandEncoder, fields: GPUBuffer, p: number, spectra: GPUBuffer): void {
    const [real, complex] = [this.realBytes, this.spectrumBytes];
    if (!this.scratch) {
      this.fft.forward(encoder, { buffer: fields, offset: p * real }, { buffer: spectra, offset: p * complex });
      return;
    }
    encoder.copyBufferToBuffer(fields, p * real, this.scratch.real, 0, real);
    this.fft.forward(encoder, this.scratch.real, this.scratch.complex);
    encoder.copyBufferToBuffer(this.scratch.complex, 0, spectra, p * complex, complex);
  }

  /**
   * Block p of the spectra -> block p of the real fields, normalised. In place the inverse overwrites its
   * spectrum block (RealFft.inverse works in place on its input): callers transform spectra they no
   * longer need.
   */
  inverse(encoder: GPUCommandEncoder, spectra: GPUBuffer, p: number, fields: GPUBuffer): void {
    const [real, complex] = [this.realBytes, this.spectrumBytes];
    if (!this.scratch) {
      this.fft.inverse(encoder, { buffer: spectra, offset: p * complex }, { buffer: fields, offset: p * real });
      return;
    }
    encoder.copyBufferToBuffer(spectra, p * complex, this.scratch.complex, 0, complex);
    this.fft.inverse(encoder, this.scratch.complex, this.scratch.real);
    encoder.copyBufferToBuffer(this.scratch.real, 0, fields, p * real, real);
  }

  dispose(): void {
    this.scratch?.real.destroy();
    this.scratch?.complex.destroy();
  }
}
