import { beforeAll, describe, expect, it } from 'vitest';
import { useGpu } from '../gpuContext.ts';
import { cellCount, randomField } from './fftHarness.ts';
import { createStorageBuffer, readFloat32, uploadStorageBuffer } from '../../../src/gpu/buffers.ts';
import { withErrorScope } from '../../../src/gpu/device.ts';
import { PipelineCache } from '../../../src/gpu/pipelineCache.ts';
import { RealToRealFft, type AxisTransform } from '../../../src/fft/realToRealFft.ts';
import { realToRealForward } from '../../../src/fft/realToRealReference.ts';
import { relativeL2Error } from '../../../src/fft/reference.ts';

// Tolerances (float32, unit roundoff 6e-8): the inner complex FFT is good to a few 1e-7 relative L2
// (complexFft.test.ts); the Makhoul twiddle adds at most 2^d complex multiply-adds per mode with f32
// twiddles (a few ulp), and the reorders are exact. So the forward transform against the float64
// definition is held to DESIGN.md's FFT bound 1e-5, and the round trip, which repeats the FFT's
// rounding twice plus two twiddle passes, to 2e-6.
const FORWARD_TOLERANCE = 1e-5;
const ROUND_TRIP_TOLERANCE = 2e-6;

// Axis lengths with factors 2, 3 and 5 (15 odd), every kind on every axis position, 2D and 3D.
const CASES: { shape: number[]; axes: AxisTransform[] }[] = [
  { shape: [16, 12], axes: ['cosine', 'cosine'] },
  { shape: [30, 20], axes: ['sine', 'sine'] },
  { shape: [40, 24], axes: ['cosine', 'periodic'] },
  { shape: [24, 50], axes: ['periodic', 'sine'] },
  { shape: [15, 18], axes: ['sine', 'cosine'] },
  { shape: [12, 10, 8], axes: ['cosine', 'cosine', 'cosine'] },
  { shape: [10, 12, 6], axes: ['sine', 'periodic', 'cosine'] },
  { shape: [8, 20, 15], axes: ['periodic', 'sine', 'sine'] },
];

describe('RealToRealFft against the float64 DCT/DST definitions', () => {
  const gpu = useGpu();
  let cache: PipelineCache;
  beforeAll(() => {
    cache = new PipelineCache(gpu().device);
  });

  for (const { shape, axes } of CASES) {
    it(`${shape.join(' x ')} (${axes.join(', ')}): forward and round trip`, async () => {
      const n = cellCount(shape);
      const x = randomField(n, 7 * n + 1);
      const fft = new RealToRealFft(gpu(), shape, axes, { cache });
      expect(fft.spectrumLength).toBe(n);
      const { device } = gpu();
      const { spectrum, back, input } = await withErrorScope(device, async () => {
        const field = uploadStorageBuffer(gpu(), 'field', x);
        const spectrumBuffer = createStorageBuffer(gpu(), 'spectrum', 8 * n);
        const backBuffer = createStorageBuffer(gpu(), 'back', 4 * n);
        const encoder = device.createCommandEncoder();
        fft.forward(encoder, field, spectrumBuffer);
        fft.inverse(encoder, spectrumBuffer, backBuffer);
        device.queue.submit([encoder.finish()]);
        const out = {
          spectrum: await readFloat32(device, spectrumBuffer, 2 * n),
          back: await readFloat32(device, backBuffer, n),
          input: await readFloat32(device, field, n),
        };
        for (const b of [field, spectrumBuffer, backBuffer]) b.destroy();
        return out;
      });
      fft.dispose();
      expect(Array.from(input)).toEqual(Array.from(x));
      const reference = realToRealForward(Float64Array.from(x), shape, axes);
      const forwardError = relativeL2Error(Float64Array.from(spectrum), reference);
      const roundTripError = relativeL2Error(Float64Array.from(back), Float64Array.from(x));
      expect(forwardError).toBeLessThan(FORWARD_TOLERANCE);
      expect(roundTripError).toBeLessThan(ROUND_TRIP_TOLERANCE);
      if (axes.every((a) => a !== 'periodic')) {
        // all axes walled: a real spectrum
        let imaginary = 0;
        for (let i = 0; i < n; i++) imaginary = Math.max(imaginary, Math.abs(spectrum[2 * i + 1]));
        expect(imaginary).toBeLessThan(1e-5 * Math.sqrt(n));
      }
    });
  }
});
