/** Helpers for the GPU FFT tests: deterministic data, one-shot transforms with readback, dispatch counting. */
import { createStorageBuffer, readFloat32, uploadStorageBuffer } from '../../../src/gpu/buffers.ts';
import type { GpuContext } from '../../../src/gpu/device.ts';
import { mulberry32 } from '../../../src/physics/random.ts';

/** Deterministic pseudo-random numbers in [-0.5, 0.5) so failures reproduce. */
export function rng(seed: number): () => number {
  const uniform = mulberry32(seed);
  return () => uniform() - 0.5;
}

export function randomField(length: number, seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length }, () => r());
}

export function cellCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Float64 copy of f32 data (the float64 twin works on exactly the values the GPU saw). */
export function toF64(x: Float32Array): Float64Array {
  return Float64Array.from(x);
}

export interface Transform {
  forward(encoder: GPUCommandEncoder, input: GPUBuffer, output: GPUBuffer): void;
  inverse(encoder: GPUCommandEncoder, input: GPUBuffer, output: GPUBuffer, variant?: { derivativeAxis?: number }): void;
}

/** Upload, record with `record`, submit, and read back `outFloats` floats of the output buffer. */
export async function runOnce(
  gpu: GpuContext,
  input: Float32Array,
  outFloats: number,
  record: (encoder: GPUCommandEncoder, input: GPUBuffer, output: GPUBuffer) => void,
): Promise<{ output: Float32Array; input: Float32Array }> {
  const device = gpu.device;
  const a = uploadStorageBuffer(gpu, 'test.input', input);
  const b = createStorageBuffer(gpu, 'test.output', outFloats * 4);
  const encoder = device.createCommandEncoder({ label: 'test' });
  record(encoder, a, b);
  device.queue.submit([encoder.finish()]);
  const output = await readFloat32(device, b, outFloats);
  const after = await readFloat32(device, a, input.length);
  a.destroy();
  b.destroy();
  return { output, input: after };
}

/** Forward then inverse of a complex field (interleaved, `n` values) in one submit; both results read back. */
export async function complexRoundTrip(
  gpu: GpuContext,
  fft: Transform,
  x: Float32Array,
): Promise<{ spectrum: Float32Array; back: Float32Array }> {
  const device = gpu.device;
  const field = uploadStorageBuffer(gpu, 'test.field', x);
  const spectrum = createStorageBuffer(gpu, 'test.spectrum', 4 * x.length);
  const back = createStorageBuffer(gpu, 'test.back', 4 * x.length);
  const encoder = device.createCommandEncoder({ label: 'test.roundTrip' });
  fft.forward(encoder, field, spectrum);
  fft.inverse(encoder, spectrum, back);
  device.queue.submit([encoder.finish()]);
  const out = { spectrum: await readFloat32(device, spectrum, x.length), back: await readFloat32(device, back, x.length) };
  for (const b of [field, spectrum, back]) b.destroy();
  return out;
}

/** An encoder wrapper that counts the compute dispatches recorded through it. */
export function countingEncoder(encoder: GPUCommandEncoder): { encoder: GPUCommandEncoder; dispatches: () => number } {
  let count = 0;
  const wrapped = new Proxy(encoder, {
    get(target, prop) {
      if (prop === 'beginComputePass') {
        return (descriptor?: GPUComputePassDescriptor) => {
          const pass = target.beginComputePass(descriptor);
          return new Proxy(pass, {
            get(p, name) {
              if (name === 'dispatchWorkgroups') {
                return (...args: [number, number?, number?]) => {
                  count++;
                  p.dispatchWorkgroups(...args);
                };
              }
              const value = Reflect.get(p, name, p);
              return typeof value === 'function' ? value.bind(p) : value;
            },
          });
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { encoder: wrapped, dispatches: () => count };
}
