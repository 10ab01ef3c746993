import { beforeAll, describe, expect, it } from 'vitest';
import { useGpu } from '../gpuContext.ts';
import { cellCount, complexRoundTrip, randomField } from './fftHarness.ts';
import { createStorageBuffer, readFloat32, uploadStorageBuffer } from '../../../src/gpu/buffers.ts';
import { withErrorScope } from '../../../src/gpu/device.ts';
import { PipelineCache } from '../../../src/gpu/pipelineCache.ts';
import { ComplexFft } from '../../../src/fft/complexFft.ts';
import { RealFft } from '../../../src/fft/realFft.ts';
import { fftNd, realFftNd, relativeL2Error } from '../../../src/fft/reference.ts';

// f32 transforms of smooth fields: rounding of a few 1e-7 relative L2 (see complexFft.test.ts), so
// 1e-5 leaves a wide margin and still fails for any wrong factor, sign or mode.
const TOLERANCE = 1e-5;

function signedMode(m: number, n: number): number {
  return 2 * m > n ? m - n : m;
}

/** Real field from a half spectrum [nx/2+1, ny] (f64): rebuild the full spectrum by Hermitian symmetry. */
function inverseFromHalf(half: Float64Array, shape: [number, number]): Float64Array {
  const [nx, ny] = shape;
  const hx = nx / 2 + 1;
  const full = new Float64Array(2 * nx * ny);
  for (let ky = 0; ky < ny; ky++) {
    for (let kx = 0; kx < nx; kx++) {
      let re: number;
      let im: number;
      if (kx < hx) {
        re = half[2 * (kx + hx * ky)];
        im = half[2 * (kx + hx * ky) + 1];
      } else {
        const at = (nx - kx) + hx * ((ny - ky) % ny);
        re = half[2 * at];
        im = -half[2 * at + 1];
      }
      full[2 * (kx + nx * ky)] = re;
      full[2 * (kx + nx * ky) + 1] = im;
    }
  }
  const back = fftNd(full, shape, true);
  return Float64Array.from({ length: nx * ny }, (_, i) => back[2 * i]);
}

// Both kernel layouts (docs/fft.md "Variants"): 'workgroup' (GPUs) and 'line' (software adapters).
for (const variant of ['workgroup', 'line'] as const)
describe(`FFT fusion (${variant} variant): spectral derivatives and hooks`, () => {
  const gpu = useGpu();
  let cache: PipelineCache;
  beforeAll(() => {
    cache = new PipelineCache(gpu().device);
  });

  it('d/dx and d/dy fused into the inverse equal the analytic derivatives (64 x 64 cells, box 2 x 3)', async () => {
    const shape: [number, number] = [64, 64];
    const lengths = [2, 3];
    const [nx, ny] = shape;
    const [lx, ly] = lengths;
    const kx = (2 * Math.PI * 3) / lx;
    const ky = (2 * Math.PI * 2) / ly;
    const ky1 = (2 * Math.PI) / ly;
    const u = new Float32Array(nx * ny);
    const ux = new Float64Array(nx * ny);
    const uy = new Float64Array(nx * ny);
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const x = (i * lx) / nx;
        const y = (j * ly) / ny;
        // The last term is the x Nyquist mode cos(pi i): its derivative vanishes on the grid nodes.
        u[i + nx * j] = Math.sin(kx * x) * Math.cos(ky * y) + 0.5 * Math.sin(ky1 * y) + 0.25 * Math.cos(Math.PI * i);
        ux[i + nx * j] = kx * Math.cos(kx * x) * Math.cos(ky * y);
        uy[i + nx * j] = -ky * Math.sin(kx * x) * Math.sin(ky * y) + 0.5 * ky1 * Math.cos(ky1 * y);
      }
    }
    const { device } = gpu();
    const result = await withErrorScope(device, async () => {
      const fft = new RealFft(gpu(), shape, { cache, lengths, preserveInput: true, variant });
      const field = uploadStorageBuffer(gpu(), 'u', u);
      const spectrum = createStorageBuffer(gpu(), 'u_hat', 8 * fft.spectrumLength);
      const dx = createStorageBuffer(gpu(), 'du/dx', 4 * u.length);
      const dy = createStorageBuffer(gpu(), 'du/dy', 4 * u.length);
      const encoder = device.createCommandEncoder();
      fft.forward(encoder, field, spectrum);
      fft.inverse(encoder, spectrum, dx, { derivativeAxis: 0 });
      fft.inverse(encoder, spectrum, dy, { derivativeAxis: 1 });
      device.queue.submit([encoder.finish()]);
      const out = { dx: await readFloat32(device, dx, u.length), dy: await readFloat32(device, dy, u.length) };
      expect(() => fft.inverse(device.createCommandEncoder(), spectrum, dy, { derivativeAxis: 2 })).toThrow(/no axis 2/);
      fft.dispose();
      return out;
    });
    expect(relativeL2Error(result.dx, ux)).toBeLessThan(TOLERANCE);
    expect(relativeL2Error(result.dy, uy)).toBeLessThan(TOLERANCE);
  });

  it('runs user hooks in the first and last passes, each with its own group-1 bindings', async () => {
    const shape: [number, number] = [32, 16];
    const [nx, ny] = shape;
    const hx = nx / 2 + 1;
    const n = nx * ny;
    const c = randomField(n, 321);
    const gain = 0.625;
    const hooks = {
      // f'(c) of a double well, as the solver fuses it before the forward transform.
      forwardInput: { code: 'fn fft_forward_input(cell: u32, value: f32) -> f32 { return value * value * value - value; }' },
      // A spectral multiplier that reads its parameter from a bound buffer.
      forwardOutput: {
        code: `@group(1) @binding(0) var<storage, read> gainBuffer: array<f32>;
fn fft_forward_output(mode: vec3<i32>, index: u32, value: vec2<f32>) -> vec2<f32> {
  let k2 = f32(mode.x * mode.x + mode.y * mode.y);
  return value * (gainBuffer[0] / (1.0 + k2));
}`,
        bindings: [] as GPUBindingResource[],
      },
      // A low-pass filter in y on the way into the inverse.
      inverseInput: {
        code: 'fn fft_inverse_input(mode: vec3<i32>, index: u32, value: vec2<f32>) -> vec2<f32> { return select(value, vec2<f32>(0.0), abs(mode.y) > 4); }',
      },
      inverseOutput: { code: 'fn fft_inverse_output(cell: u32, value: f32) -> f32 { return value + f32(cell % 7u); }' },
    };
    const { device } = gpu();
    const result = await withErrorScope(device, async () => {
      const gainBuffer = uploadStorageBuffer(gpu(), 'gain', Float32Array.of(gain));
      hooks.forwardOutput.bindings = [{ buffer: gainBuffer }];
      const fft = new RealFft(gpu(), shape, { cache, hooks, preserveInput: true, variant });
      const field = uploadStorageBuffer(gpu(), 'c', c);
      const spectrum = createStorageBuffer(gpu(), 'spectrum', 8 * fft.spectrumLength);
      const back = createStorageBuffer(gpu(), 'back', 4 * n);
      const encoder = device.createCommandEncoder();
      fft.forward(encoder, field, spectrum);
      fft.inverse(encoder, spectrum, back);
      device.queue.submit([encoder.finish()]);
      const out = { spectrum: await readFloat32(device, spectrum, 2 * fft.spectrumLength), back: await readFloat32(device, back, n) };
      fft.dispose();
      return out;
    });
    // Forward: FFT[c^3 - c] times gain / (1 + |m|^2).
    const dfdc = Float64Array.from(c, (v) => v * v * v - v);
    const expected = realFftNd(dfdc, shape);
    for (let ky = 0; ky < ny; ky++) {
      for (let kx = 0; kx < hx; kx++) {
        const m2 = kx * kx + signedMode(ky, ny) ** 2;
        const i = kx + hx * ky;
        expected[2 * i] *= gain / (1 + m2);
        expected[2 * i + 1] *= gain / (1 + m2);
      }
    }
    expect(relativeL2Error(result.spectrum, expected)).toBeLessThan(TOLERANCE);
    // Inverse: the low-passed field plus cell mod 7.
    const filtered = Float64Array.from(result.spectrum);
    for (let ky = 0; ky < ny; ky++) {
      if (Math.abs(signedMode(ky, ny)) <= 4) continue;
      for (let kx = 0; kx < hx; kx++) filtered[2 * (kx + hx * ky)] = filtered[2 * (kx + hx * ky) + 1] = 0;
    }
    const low = inverseFromHalf(filtered, shape);
    const withOffsets = Float64Array.from(low, (v, i) => v + (i % 7));
    expect(relativeL2Error(result.back, withOffsets)).toBeLessThan(TOLERANCE);
  });

  it('complex hooks see complex values', async () => {
    const shape = [16, 8];
    const n = cellCount(shape);
    const x = randomField(2 * n, 99);
    const hooks = {
      forwardInput: { code: 'fn fft_forward_input(cell: u32, value: vec2<f32>) -> vec2<f32> { return vec2<f32>(value.x, 0.0) * f32(cell % 3u); }' },
      inverseOutput: { code: 'fn fft_inverse_output(cell: u32, value: vec2<f32>) -> vec2<f32> { return vec2<f32>(value.y, value.x + f32(cell % 5u)); }' },
    };
    const { device } = gpu();
    const result = await withErrorScope(device, async () => {
      const fft = new ComplexFft(gpu(), shape, { cache, hooks, variant });
      const out = await complexRoundTrip(gpu(), fft, x);
      fft.dispose();
      return out;
    });
    const hooked = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) hooked[2 * i] = x[2 * i] * (i % 3);
    expect(relativeL2Error(result.spectrum, fftNd(hooked, shape))).toBeLessThan(TOLERANCE);
    // The output hook swaps re and im and adds cell mod 5 to the new imaginary part.
    const swapped = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) swapped[2 * i + 1] = hooked[2 * i] + (i % 5);
    expect(relativeL2Error(result.back, swapped)).toBeLessThan(TOLERANCE);
  });
});
