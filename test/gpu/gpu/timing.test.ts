import { describe, expect, it } from 'vitest';
import { useGpu } from '../gpuContext.ts';
import { GpuTimer } from '../../../src/gpu/timing.ts';
import { createStorageBuffer } from '../../../src/gpu/buffers.ts';
import { PipelineCache, bindBuffers } from '../../../src/gpu/pipelineCache.ts';

// A kernel whose cost grows with its loop count, so a longer section must time longer.
const busyKernel = /* wgsl */ `
override ITERATIONS: u32 = 1u;
@group(0) @binding(0) var<storage, read_write> data: array<f32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  var x = data[id.x];
  for (var i = 0u; i < ITERATIONS; i = i + 1u) { x = x * 0.999 + 0.001; }
  data[id.x] = x;
}`;

describe('GpuTimer (timestamp queries)', () => {
  const gpu = useGpu();

  it('the software adapter offers timestamp-query and the engine enables it', () => {
    expect(gpu().hasTimestamps).toBe(true);
  });

  it('times named passes; 50x the work takes longer', async () => {
    const { device } = gpu();
    const cache = new PipelineCache(device);
    const data = createStorageBuffer(gpu(), 'timing.data', 64 * 256 * 4);
    const short = cache.compute('short', busyKernel, 'main', { ITERATIONS: 100 });
    const long = cache.compute('long', busyKernel, 'main', { ITERATIONS: 5000 });
    const timer = new GpuTimer(gpu());
    // Five rounds, compared by their fastest: lavapipe's timestamps are wall-clock on the CPU, so a pass the
    // OS deschedules (another test worker on the two cores) is stretched; once, in CI, the short pass read
    // 119 ms and the long one 44 ms. The fastest round of each is the work itself.
    const rounds = 5;
    const record = (encoder: GPUCommandEncoder, timed: boolean, round = 0) => {
      for (const [name, pipeline] of [['short', short], ['long', long]] as const) {
        const pass = encoder.beginComputePass({ timestampWrites: timed ? timer.pass(`${name}${round}`) : undefined });
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, bindBuffers(device, name, pipeline, [data]));
        pass.dispatchWorkgroups(256);
        pass.end();
      }
    };
    // Warm-up: software drivers compile shaders lazily on first dispatch, which would be timed.
    const warmup = device.createCommandEncoder();
    record(warmup, false);
    device.queue.submit([warmup.finish()]);
    await device.queue.onSubmittedWorkDone();
    const encoder = device.createCommandEncoder();
    for (let round = 0; round < rounds; round++) record(encoder, true, round);
    const result = timer.resolve(encoder);
    device.queue.submit([encoder.finish()]);
    timer.submitted();
    const times = await result!;
    const fastest = (name: string) => Math.min(...Array.from({ length: rounds }, (_, round) => times.get(`${name}${round}`)!));
    expect(fastest('short')).toBeGreaterThan(0);
    expect(fastest('long')).toBeGreaterThan(fastest('short'));
    timer.dispose();
  });
});
