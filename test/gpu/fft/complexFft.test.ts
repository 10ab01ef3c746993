import { beforeAll, describe, expect, it } from 'vitest';
import { useGpu } from '../gpuContext.ts';
import { cellCount, complexRoundTrip, countingEncoder, randomField, toF64 } from './fftHarness.ts';
import { createStorageBuffer, readFloat32, uploadStorageBuffer } from '../../../src/gpu/buffers.ts';
import { withErrorScope } from '../../../src/gpu/device.ts';
import { PipelineCache } from '../../../src/gpu/pipelineCache.ts';
import { ComplexFft } from '../../../src/fft/complexFft.ts';
import { fftNd, relativeL2Error } from '../../../src/fft/reference.ts';
import type { FftVariant } from '../../../src/fft/plan.ts';

const FFT_VARIANTS: FftVariant[] = ['workgroup', 'line'];

// Tolerances. The inputs are f32 values, and the float64 twin transforms exactly those values, so the
// difference is the GPU's own rounding: each radix stage adds about one f32 unit roundoff (2^-24 = 6e-8)
// in the RMS sense, and the twiddle powers (one table value per butterfly, raised by repeated products)
// add at most R - 2 ulp to a twiddle. With at most 4 stages for these sizes that is a few 1e-7 relative
// L2 for a transform and twice that for a round trip, against the required 1e-5 and 1e-6.
const FORWARD_TOLERANCE = 1e-5;
const ROUND_TRIP_TOLERANCE = 1e-6;

describe('ComplexFft against a float64 FFT', () => {
  const gpu = useGpu();
  let cache: PipelineCache;
  beforeAll(() => {
    cache = new PipelineCache(gpu().device);
  });

  const shapes = [
    [64, 64],
    [256, 256],
    [200, 240],
    [32, 32, 32],
    [48, 40, 30],
  ];
  // Both kernel layouts (docs/fft.md "Variants"): 'workgroup' (GPUs) and 'line' (software adapters).
  for (const variant of FFT_VARIANTS)
  for (const shape of shapes) {
    it(`${variant}: ${shape.join(' x ')}: forward, round trip, Parseval, one dispatch per axis`, async () => {
      const { device } = gpu();
      const n = cellCount(shape);
      const x = randomField(2 * n, n);
      const result = await withErrorScope(device, async () => {
        const fft = new ComplexFft(gpu(), shape, { cache, variant });
        expect(fft.variant).toBe(variant);
        const field = uploadStorageBuffer(gpu(), 'field', x);
        const spectrum = createStorageBuffer(gpu(), 'spectrum', 8 * fft.spectrumLength);
        const back = createStorageBuffer(gpu(), 'back', 8 * n);
        const counted = countingEncoder(device.createCommandEncoder());
        fft.forward(counted.encoder, field, spectrum);
        const forwardDispatches = counted.dispatches();
        fft.inverse(counted.encoder, spectrum, back);
        device.queue.submit([counted.encoder.finish()]);
        const out = {
          spectrum: await readFloat32(device, spectrum, 2 * n),
          back: await readFloat32(device, back, 2 * n),
          input: await readFloat32(device, field, 2 * n),
          spectrumAfter: await readFloat32(device, spectrum, 2 * n),
          forwardDispatches,
          inverseDispatches: counted.dispatches() - forwardDispatches,
          bytes: fft.bytesPerTransform,
        };
        fft.dispose();
        for (const b of [field, spectrum, back]) b.destroy();
        return out;
      });
      const reference = fftNd(toF64(x), shape);
      expect(relativeL2Error(result.spectrum, reference)).toBeLessThan(FORWARD_TOLERANCE);
      expect(relativeL2Error(result.back, x)).toBeLessThan(ROUND_TRIP_TOLERANCE);
      // Neither direction writes its input.
      expect(result.input).toEqual(x);
      expect(result.spectrumAfter).toEqual(result.spectrum);
      // Parseval: sum |x|^2 = (1/N) sum |X|^2.
      let energy = 0;
      let spectralEnergy = 0;
      for (let i = 0; i < 2 * n; i++) {
        energy += x[i] * x[i];
        spectralEnergy += result.spectrum[i] * result.spectrum[i];
      }
      expect(Math.abs(spectralEnergy / n - energy) / energy).toBeLessThan(FORWARD_TOLERANCE);
      // One pass over memory per axis: one dispatch each, reading and writing the field once.
      expect(result.forwardDispatches).toBe(shape.length);
      expect(result.inverseDispatches).toBe(shape.length);
      expect(result.bytes).toBe(shape.length * 2 * 8 * n);
    });
  }

  it('transforms in place when input and output are the same buffer', async () => {
    const { device } = gpu();
    const shape = [64, 64];
    const n = cellCount(shape);
    const x = randomField(2 * n, 5);
    const out = await withErrorScope(device, async () => {
      const fft = new ComplexFft(gpu(), shape, { cache });
      const field = uploadStorageBuffer(gpu(), 'field', x);
      const encoder = device.createCommandEncoder();
      fft.forward(encoder, field, field);
      device.queue.submit([encoder.finish()]);
      const result = await readFloat32(device, field, 2 * n);
      fft.dispose();
      field.destroy();
      return result;
    });
    expect(relativeL2Error(out, fftNd(toF64(x), shape))).toBeLessThan(FORWARD_TOLERANCE);
  });

  it('transforms a batch of fields stored one after another', async () => {
    const { device } = gpu();
    const shape = [32, 32, 32];
    const n = cellCount(shape);
    const batch = 2;
    const x = randomField(2 * n * batch, 77);
    const out = await withErrorScope(device, async () => {
      const fft = new ComplexFft(gpu(), shape, { cache, batch });
      expect(fft.spectrumLength).toBe(n * batch);
      const field = uploadStorageBuffer(gpu(), 'field', x);
      const spectrum = createStorageBuffer(gpu(), 'spectrum', 8 * n * batch);
      const encoder = device.createCommandEncoder();
      fft.forward(encoder, field, spectrum);
      device.queue.submit([encoder.finish()]);
      const result = await readFloat32(device, spectrum, 2 * n * batch);
      fft.dispose();
      return result;
    });
    for (let b = 0; b < batch; b++) {
      const slice = toF64(x.subarray(2 * n * b, 2 * n * (b + 1)));
      expect(relativeL2Error(out.subarray(2 * n * b, 2 * n * (b + 1)), fftNd(slice, shape))).toBeLessThan(FORWARD_TOLERANCE);
    }
  });

  it('takes the four-step split (two passes through scratch) for lines over the limit', async () => {
    // Forced on a small grid (lines over 16 points split): 96 = 8 x 12 and 40 = 8 x 5 both split.
    const { device } = gpu();
    const shape = [96, 40];
    const n = cellCount(shape);
    const x = randomField(2 * n, 9640);
    const result = await withErrorScope(device, async () => {
      const fft = new ComplexFft(gpu(), shape, { cache, maxLineLength: 16 });
      expect(fft.passes('forward').map((p) => p.label)).toEqual(['forward.x.step1', 'forward.x.step2', 'forward.y.step1', 'forward.y.step2']);
      const out = await complexRoundTrip(gpu(), fft, x);
      fft.dispose();
      return out;
    });
    expect(relativeL2Error(result.spectrum, fftNd(toF64(x), shape))).toBeLessThan(FORWARD_TOLERANCE);
    expect(relativeL2Error(result.back, x)).toBeLessThan(ROUND_TRIP_TOLERANCE);
  });

  it('rejects axis lengths with other prime factors and buffers that are too small', async () => {
    expect(() => new ComplexFft(gpu(), [64, 14])).toThrow(/2, 3 and 5/);
    const fft = new ComplexFft(gpu(), [16, 16], { cache });
    const small = createStorageBuffer(gpu(), 'small', 64);
    const encoder = gpu().device.createCommandEncoder();
    expect(() => fft.forward(encoder, small, small)).toThrow(/needs 2048/);
    fft.dispose();
    small.destroy();
  });
});
