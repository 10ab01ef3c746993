import { beforeAll, describe, expect, it } from 'vitest';
import { useGpu } from '../gpuContext.ts';
import { cellCount, countingEncoder, randomField, toF64 } from './fftHarness.ts';
import { createStorageBuffer, readFloat32, uploadStorageBuffer } from '../../../src/gpu/buffers.ts';
import { withErrorScope } from '../../../src/gpu/device.ts';
import { PipelineCache } from '../../../src/gpu/pipelineCache.ts';
import { RealFft } from '../../../src/fft/realFft.ts';
import { realFftNd, relativeL2Error } from '../../../src/fft/reference.ts';
import type { FftVariant } from '../../../src/fft/plan.ts';

const FFT_VARIANTS: FftVariant[] = ['workgroup', 'line'];

// Tolerances as for ComplexFft (see complexFft.test.ts): f32 rounding of a few stages, a few 1e-7
// relative L2, against the required 1e-5 (transform) and 1e-6 (round trip). The real-to-complex twist
// adds one complex multiply-add per value (a few ulp).
const FORWARD_TOLERANCE = 1e-5;
const ROUND_TRIP_TOLERANCE = 1e-6;

interface RealRun {
  spectrum: Float32Array;
  back: Float32Array;
  input: Float32Array;
  forwardDispatches: number;
  inverseDispatches: number;
  spectrumLength: number;
}

async function forwardInverse(gpu: ReturnType<ReturnType<typeof useGpu>>, fft: RealFft, x: Float32Array): Promise<RealRun> {
  const { device } = gpu;
  const n = x.length;
  return withErrorScope(device, async () => {
    const field = uploadStorageBuffer(gpu, 'field', x);
    const spectrum = createStorageBuffer(gpu, 'spectrum', 8 * fft.spectrumLength);
    const back = createStorageBuffer(gpu, 'back', 4 * n);
    const first = countingEncoder(device.createCommandEncoder());
    fft.forward(first.encoder, field, spectrum);
    device.queue.submit([first.encoder.finish()]);
    const spectrumData = await readFloat32(device, spectrum, 2 * fft.spectrumLength);
    const second = countingEncoder(device.createCommandEncoder());
    fft.inverse(second.encoder, spectrum, back);
    device.queue.submit([second.encoder.finish()]);
    const out: RealRun = {
      spectrum: spectrumData,
      back: await readFloat32(device, back, n),
      input: await readFloat32(device, field, n),
      forwardDispatches: first.dispatches(),
      inverseDispatches: second.dispatches(),
      spectrumLength: fft.spectrumLength,
    };
    for (const b of [field, spectrum, back]) b.destroy();
    return out;
  });
}

describe('RealFft against a float64 FFT', () => {
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
    it(`${variant}: ${shape.join(' x ')}: half spectrum, round trip, Parseval, one dispatch per axis`, async () => {
      const n = cellCount(shape);
      const x = randomField(n, 3 * n);
      const fft = new RealFft(gpu(), shape, { cache, variant });
      expect(fft.variant).toBe(variant);
      const half = [shape[0] / 2 + 1, ...shape.slice(1)];
      expect(fft.spectrumShape).toEqual(half);
      expect(fft.spectrumLength).toBe(cellCount(half));
      const run = await forwardInverse(gpu(), fft, x);
      fft.dispose();
      expect(relativeL2Error(run.spectrum, realFftNd(toF64(x), shape))).toBeLessThan(FORWARD_TOLERANCE);
      expect(relativeL2Error(run.back, x)).toBeLessThan(ROUND_TRIP_TOLERANCE);
      expect(run.input).toEqual(x); // the forward transform leaves its input alone
      // Parseval over the half spectrum: kx = 0 and nx/2 once, the other kx stand for two modes.
      let energy = 0;
      for (const v of x) energy += v * v;
      let spectral = 0;
      const hx = half[0];
      for (let i = 0; i < run.spectrumLength; i++) {
        const kx = i % hx;
        const weight = kx === 0 || kx === hx - 1 ? 1 : 2;
        spectral += weight * (run.spectrum[2 * i] ** 2 + run.spectrum[2 * i + 1] ** 2);
      }
      expect(Math.abs(spectral / n - energy) / energy).toBeLessThan(FORWARD_TOLERANCE);
      // The real-to-complex twist is fused into the x pass: still one dispatch per axis.
      expect(run.forwardDispatches).toBe(shape.length);
      expect(run.inverseDispatches).toBe(shape.length);
    });
  }

  it('puts a single cosine into its two bins with amplitude A N / 2', async () => {
    const shape = [64, 64];
    const [nx, ny] = shape;
    const n = nx * ny;
    const amplitude = 0.75;
    const [mx, my] = [5, 3];
    const x = new Float32Array(n);
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) x[i + nx * j] = amplitude * Math.cos(2 * Math.PI * (mx * i / nx + my * j / ny) + 0.3);
    }
    const fft = new RealFft(gpu(), shape, { cache });
    const run = await forwardInverse(gpu(), fft, x);
    fft.dispose();
    const hx = nx / 2 + 1;
    const peak = (amplitude * n) / 2;
    // cos(phi + 0.3) = (e^{i (phi + 0.3)} + e^{-i (phi + 0.3)}) / 2: bin (mx, my) holds (A N / 2) e^{0.3 i};
    // its partner (-mx, -my) is the conjugate half, outside the stored half spectrum.
    let leak = 0;
    for (let ky = 0; ky < ny; ky++) {
      for (let kx = 0; kx < hx; kx++) {
        const re = run.spectrum[2 * (kx + hx * ky)];
        const im = run.spectrum[2 * (kx + hx * ky) + 1];
        if (kx === mx && ky === my) {
          expect(re / peak).toBeCloseTo(Math.cos(0.3), 5);
          expect(im / peak).toBeCloseTo(Math.sin(0.3), 5);
        } else leak = Math.max(leak, Math.hypot(re, im));
      }
    }
    // Elsewhere only f32 rounding: well below 1e-5 of the peak.
    expect(leak / peak).toBeLessThan(1e-5);
  });

  it('keeps the input spectrum when asked (preserveInput), and overwrites it by default', async () => {
    const shape = [64, 64];
    const x = randomField(cellCount(shape), 11);
    const { device } = gpu();
    const result = await withErrorScope(device, async () => {
      const keep = new RealFft(gpu(), shape, { cache, preserveInput: true });
      const plain = new RealFft(gpu(), shape, { cache });
      const field = uploadStorageBuffer(gpu(), 'field', x);
      const spectrum = createStorageBuffer(gpu(), 'spectrum', 8 * keep.spectrumLength);
      const back = createStorageBuffer(gpu(), 'back', 4 * x.length);
      let encoder = device.createCommandEncoder();
      keep.forward(encoder, field, spectrum);
      device.queue.submit([encoder.finish()]);
      const before = await readFloat32(device, spectrum, 2 * keep.spectrumLength);
      encoder = device.createCommandEncoder();
      keep.inverse(encoder, spectrum, back);
      device.queue.submit([encoder.finish()]);
      const kept = await readFloat32(device, spectrum, 2 * keep.spectrumLength);
      const preservedBack = await readFloat32(device, back, x.length);
      encoder = device.createCommandEncoder();
      plain.inverse(encoder, spectrum, back);
      device.queue.submit([encoder.finish()]);
      const overwritten = await readFloat32(device, spectrum, 2 * keep.spectrumLength);
      const out = { before, kept, preservedBack, overwritten, plainBack: await readFloat32(device, back, x.length) };
      keep.dispose();
      plain.dispose();
      return out;
    });
    expect(result.kept).toEqual(result.before);
    expect(relativeL2Error(result.preservedBack, x)).toBeLessThan(ROUND_TRIP_TOLERANCE);
    expect(relativeL2Error(result.plainBack, x)).toBeLessThan(ROUND_TRIP_TOLERANCE);
    expect(relativeL2Error(result.overwritten, result.before)).toBeGreaterThan(0.1);
  });

  it('does a 4096-point line in one pass (8192 x 8: M = 4096 fills 32 KiB of workgroup memory)', async () => {
    // Forward only: the biggest pipeline of the suite compiles once (the inverse x pass mirrors it).
    const shape = [8192, 8];
    const x = randomField(cellCount(shape), 8192);
    const { device } = gpu();
    const fft = new RealFft(gpu(), shape, { cache });
    const [xPass] = fft.passes('forward');
    expect(xPass.kind === 'stockham' && [xPass.length, xPass.pingPong]).toEqual([4096, false]);
    const spectrum = await withErrorScope(device, async () => {
      const field = uploadStorageBuffer(gpu(), 'field', x);
      const out = createStorageBuffer(gpu(), 'spectrum', 8 * fft.spectrumLength);
      const counted = countingEncoder(device.createCommandEncoder());
      fft.forward(counted.encoder, field, out);
      expect(counted.dispatches()).toBe(2);
      device.queue.submit([counted.encoder.finish()]);
      return readFloat32(device, out, 2 * fft.spectrumLength);
    });
    fft.dispose();
    expect(relativeL2Error(spectrum, realFftNd(toF64(x), shape))).toBeLessThan(FORWARD_TOLERANCE);
  });

  it('gives the same results with one workgroup buffer', async () => {
    // The layout of lines over half the workgroup memory, forced on a small grid: two barriers per
    // stage boundary.
    const shape = [32, 8];
    const x = randomField(cellCount(shape), 328);
    const fft = new RealFft(gpu(), shape, { cache, tuning: { pingPong: false }, variant: 'workgroup' });
    for (const p of [...fft.passes('forward'), ...fft.passes('inverse')]) expect(p.kind === 'stockham' && p.pingPong).toBe(false);
    const run = await forwardInverse(gpu(), fft, x);
    fft.dispose();
    expect(relativeL2Error(run.spectrum, realFftNd(toF64(x), shape))).toBeLessThan(FORWARD_TOLERANCE);
    expect(relativeL2Error(run.back, x)).toBeLessThan(ROUND_TRIP_TOLERANCE);
  });

  it('takes the four-step split and a separate twist for x lines forced over the limit', async () => {
    const shape = [64, 8, 4];
    const x = randomField(cellCount(shape), 64);
    const fft = new RealFft(gpu(), shape, { cache, maxLineLength: 16 });
    expect(fft.passes('forward').map((p) => p.label)).toEqual(['forward.x.step1', 'forward.x.step2', 'forward.x.twist', 'forward.y', 'forward.z']);
    expect(fft.passes('inverse').map((p) => p.label)).toEqual(['inverse.z', 'inverse.y', 'inverse.x.twist', 'inverse.x.step1', 'inverse.x.step2']);
    const run = await forwardInverse(gpu(), fft, x);
    fft.dispose();
    expect(relativeL2Error(run.spectrum, realFftNd(toF64(x), shape))).toBeLessThan(FORWARD_TOLERANCE);
    expect(relativeL2Error(run.back, x)).toBeLessThan(ROUND_TRIP_TOLERANCE);
  });
  // Regions of larger buffers (e.g. one component block of a strain field, src/solver/elasticCg.ts): the
  // same passes on the same values, so the results must equal the whole-buffer ones bit for bit, and
  // nothing outside the regions may change. The four-step split adds a scratch buffer and twist passes.
  it.each([
    ['workgroup', [32, 8], 'one pass per axis'],
    ['line', [32, 8], 'one pass per axis'],
    ['workgroup', [64, 8, 4], 'four-step x'],
  ] as const)('%s %j (%s): transforms regions at aligned offsets as it does whole buffers', async (variant, shape, split) => {
    const { device } = gpu();
    const align = device.limits.minStorageBufferOffsetAlignment;
    const n = cellCount([...shape]);
    const x = randomField(n, 77);
    const fft = new RealFft(gpu(), [...shape], { cache, variant, maxLineLength: split === 'four-step x' ? 16 : undefined });
    const whole = await forwardInverse(gpu(), fft, x);
    const spectrumFloats = 2 * fft.spectrumLength;
    const sentinel = (floats: number, value: number) => new Float32Array(floats).fill(value);
    const [fieldAt, spectrumAt, backAt] = [2 * align, align, 3 * align];
    const region = await withErrorScope(device, async () => {
      const field = uploadStorageBuffer(gpu(), 'field', sentinel(fieldAt / 4 + n + align / 4, 7));
      device.queue.writeBuffer(field, fieldAt, new Float32Array(x));
      const spectrum = uploadStorageBuffer(gpu(), 'spectrum', sentinel(spectrumAt / 4 + spectrumFloats + align / 4, 9));
      const back = uploadStorageBuffer(gpu(), 'back', sentinel(backAt / 4 + n + align / 4, 5));
      let encoder = device.createCommandEncoder();
      fft.forward(encoder, { buffer: field, offset: fieldAt }, { buffer: spectrum, offset: spectrumAt });
      device.queue.submit([encoder.finish()]);
      const forward = await readFloat32(device, spectrum, spectrumAt / 4 + spectrumFloats + align / 4);
      encoder = device.createCommandEncoder();
      fft.inverse(encoder, { buffer: spectrum, offset: spectrumAt }, { buffer: back, offset: backAt });
      device.queue.submit([encoder.finish()]);
      const out = { forward, field: await readFloat32(device, field, fieldAt / 4 + n + align / 4), back: await readFloat32(device, back, backAt / 4 + n + align / 4) };
      for (const b of [field, spectrum, back]) b.destroy();
      return out;
    });
    const inside = (a: Float32Array, at: number, count: number) => a.subarray(at / 4, at / 4 + count);
    const outside = (a: Float32Array, at: number, count: number) => [...a.subarray(0, at / 4), ...a.subarray(at / 4 + count)];
    expect(inside(region.forward, spectrumAt, spectrumFloats)).toEqual(whole.spectrum);
    expect(new Set(outside(region.forward, spectrumAt, spectrumFloats))).toEqual(new Set([9]));
    expect(inside(region.field, fieldAt, n)).toEqual(x);
    expect(new Set(outside(region.field, fieldAt, n))).toEqual(new Set([7]));
    expect(inside(region.back, backAt, n)).toEqual(whole.back);
    expect(new Set(outside(region.back, backAt, n))).toEqual(new Set([5]));
    fft.dispose();
  });

  it('refuses an offset off the storage alignment and regions that do not fit, naming them', () => {
    const { device } = gpu();
    const align = device.limits.minStorageBufferOffsetAlignment;
    const fft = new RealFft(gpu(), [32, 8], { cache });
    const field = createStorageBuffer(gpu(), 'field', 4 * 256 + align);
    const spectrum = createStorageBuffer(gpu(), 'spectrum', 8 * fft.spectrumLength);
    const encoder = device.createCommandEncoder();
    expect(() => fft.forward(encoder, { buffer: field, offset: 4 }, spectrum)).toThrow(`RealFft.forward: input offset 4 is not a multiple of the device's storage offset alignment (${align} bytes)`);
    expect(() => fft.forward(encoder, { buffer: field, offset: 2 * align }, spectrum)).toThrow(/input buffer "field" has \d+ bytes from offset \d+, needs 1024/);
    expect(() => fft.inverse(encoder, spectrum, { buffer: spectrum, offset: 0 })).toThrow('RealFft.inverse: input and output overlap');
    encoder.finish();
    for (const b of [field, spectrum]) b.destroy();
    fft.dispose();
  });
});
