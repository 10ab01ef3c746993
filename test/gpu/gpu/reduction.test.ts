import { describe, expect, it } from 'vitest';
import { useGpu } from '../gpuContext.ts';
import { createStorageBuffer, readBuffer, uploadStorageBuffer } from '../../../src/gpu/buffers.ts';
import { withErrorScope } from '../../../src/gpu/device.ts';
import { decodeFieldStats, FieldReducer, REDUCTION_RECORD_BYTES, reductionErrorBound } from '../../../src/gpu/reduction.ts';
import { ReadbackRing } from '../../../src/gpu/readbackRing.ts';
import { mulberry32 } from '../../../src/physics/random.ts';

describe('FieldReducer (sum, min, max) against a float64 CPU reduction', () => {
  const gpu = useGpu();

  for (const n of [1, 255, 256, 1000, 40_000, 262_144, 1_000_003]) {
    it(`n = ${n}`, async () => {
      const { device } = gpu();
      const random = mulberry32(n);
      const data = new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = 0.3 + 0.4 * random(); // concentration-like values
      let sum = 0;
      let sumSquares = 0;
      let min = Infinity;
      let max = -Infinity;
      for (const v of data) {
        sum += v;
        sumSquares += v * v;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      const stats = await withErrorScope(device, async () => {
        const field = uploadStorageBuffer(gpu(), 'field', data);
        const results = createStorageBuffer(gpu(), 'results', 2 * REDUCTION_RECORD_BYTES);
        const reduction = new FieldReducer(gpu()).prepare('r', field, results, 1, n);
        const encoder = device.createCommandEncoder();
        const pass = encoder.beginComputePass();
        reduction.encode(pass);
        pass.end();
        device.queue.submit([encoder.finish()]);
        const out = decodeFieldStats(await readBuffer(device, results), 1);
        reduction.dispose();
        return out;
      });
      // The inputs are exact in f32, so min and max must be exact; the positive sums obey the
      // serial-plus-pairwise f32 bound (about 1.4e-6 relative at n = 1e6; below 1e-6 from n <= 4e4).
      expect(stats.min).toBe(min);
      expect(stats.max).toBe(max);
      expect(Math.abs(stats.sum - sum) / sum).toBeLessThan(reductionErrorBound(n));
      expect(Math.abs(stats.sumSquares - sumSquares) / sumSquares).toBeLessThan(reductionErrorBound(n) + 2 ** -24);
    });
  }

  it('reduces a sub-range (offset, count) and writes the chosen record', async () => {
    const { device } = gpu();
    const data = Float32Array.from({ length: 1000 }, (_, i) => i);
    const field = uploadStorageBuffer(gpu(), 'field', data);
    const results = createStorageBuffer(gpu(), 'results', 3 * REDUCTION_RECORD_BYTES);
    const reduction = new FieldReducer(gpu()).prepare('r', field, results, 2, 100, 500);
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    reduction.encode(pass);
    pass.end();
    device.queue.submit([encoder.finish()]);
    const buf = await readBuffer(device, results);
    expect(decodeFieldStats(buf, 2)).toMatchObject({ sum: (500 + 599) * 50, min: 500, max: 599 });
    expect(decodeFieldStats(buf, 0)).toEqual({ sum: 0, min: 0, max: 0, sumSquares: 0 }); // untouched records stay zero
  });
});

describe('ReadbackRing', () => {
  const gpu = useGpu();

  it('delivers copies asynchronously and declines instead of waiting when all slots are busy', async () => {
    const { device } = gpu();
    const source = uploadStorageBuffer(gpu(), 'src', Float32Array.from([1, 2, 3, 4]));
    const ring = new ReadbackRing(device, 16, 2);
    const encoder = device.createCommandEncoder();
    const a = ring.copy(encoder, source);
    const b = ring.copy(encoder, source, 4, 12);
    const c = ring.copy(encoder, source);
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    expect(c).toBeNull(); // both slots in flight: the caller skips the sample
    device.queue.submit([encoder.finish()]);
    ring.submitted();
    expect([...new Float32Array(await a!)]).toEqual([1, 2, 3, 4]);
    expect([...new Float32Array(await b!, 0, 3)]).toEqual([2, 3, 4]);
    expect(ring.inFlight).toBe(0);
    ring.dispose();
  });
});
