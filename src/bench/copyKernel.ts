/**
 * The copy kernel the benchmark measures bandwidth against (shaders/bench/copy.wgsl): the best a
 * memory-bound kernel can do on this device, so every other kernel reports a fraction of it. Also the
 * timing helper of the FFT cases. Browser-safe (no Node imports): used by `spinode bench` and bench.html.
 */
import source from '../../shaders/bench/copy.wgsl?raw';
import { createUniformBuffer } from '../gpu/buffers.ts';
import type { GpuContext } from '../gpu/device.ts';
import { PipelineCache } from '../gpu/pipelineCache.ts';
import { composeShader } from '../gpu/shaderSource.ts';
import { uniformLayout } from '../gpu/uniformLayout.ts';
import type { GpuTimer } from '../gpu/timing.ts';

export const CopyParams = uniformLayout('CopyParams', [
  ['count', 'u32'],
  ['rowLength', 'u32'],
] as const);

const WORKGROUP_SIZE = 256;
const VEC4_BYTES = 16;

export class CopyKernel {
  /** Bytes read + written by one copy. */
  readonly bytesPerCopy: number;
  private readonly pipeline: GPUComputePipeline;
  private readonly group: GPUBindGroup;
  private readonly params: GPUBuffer;
  private readonly workgroups: [number, number];

  constructor(gpu: GpuContext, src: GPUBuffer, dst: GPUBuffer, bytes: number, cache = new PipelineCache(gpu.device)) {
    const device = gpu.device;
    const count = Math.floor(bytes / VEC4_BYTES);
    this.bytesPerCopy = 2 * count * VEC4_BYTES;
    this.pipeline = cache.compute('CopyKernel', composeShader(source, { structs: [CopyParams] }), 'main', { WORKGROUP_SIZE });
    const groups = Math.ceil(count / WORKGROUP_SIZE);
    const maxGroups = gpu.limits.maxComputeWorkgroupsPerDimension;
    this.workgroups = [Math.min(groups, maxGroups), Math.ceil(groups / maxGroups)];
    this.params = createUniformBuffer(device, 'CopyKernel.params', CopyParams.byteSize);
    device.queue.writeBuffer(this.params, 0, CopyParams.pack({ count, rowLength: this.workgroups[0] * WORKGROUP_SIZE }));
    this.group = device.createBindGroup({
      label: 'CopyKernel.bind',
      layout: this.pipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: src } },
        { binding: 1, resource: { buffer: dst } },
        { binding: 2, resource: { buffer: this.params } },
      ],
    });
  }

  encode(encoder: GPUCommandEncoder, timestampWrites?: GPUComputePassTimestampWrites): void {
    const pass = encoder.beginComputePass({ label: 'CopyKernel', timestampWrites });
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.group);
    pass.dispatchWorkgroups(this.workgroups[0], this.workgroups[1]);
    pass.end();
  }

  dispose(): void {
    this.params.destroy();
  }
}

export interface Timing {
  ms: number;
  wallMs: number;
  passMs?: Record<string, number>;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Time `record` (one unit of work per call): a few warm-up runs, then `reps` submits for the wall clock
 * and, with timestamps, `reps` separately resolved runs whose pass times are summed; medians are reported.
 */
export async function timeWork(gpu: GpuContext, timer: GpuTimer, budgetMs: number, record: (encoder: GPUCommandEncoder) => void): Promise<Timing> {
  const device = gpu.device;
  const once = async () => {
    timer.reset();
    const encoder = device.createCommandEncoder({ label: 'bench' });
    record(encoder);
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
  };
  const t0 = performance.now();
  await once();
  await once();
  const estimate = Math.max(1e-3, (performance.now() - t0) / 2);
  const reps = Math.max(3, Math.min(50, Math.ceil(budgetMs / estimate)));

  const w0 = performance.now();
  for (let i = 0; i < reps; i++) {
    timer.reset();
    const encoder = device.createCommandEncoder({ label: 'bench' });
    record(encoder);
    device.queue.submit([encoder.finish()]);
  }
  await device.queue.onSubmittedWorkDone();
  const wallMs = (performance.now() - w0) / reps;
  if (!timer.enabled) return { ms: wallMs, wallMs };

  const totals: number[] = [];
  const perPass = new Map<string, number[]>();
  for (let i = 0; i < reps; i++) {
    timer.reset();
    const encoder = device.createCommandEncoder({ label: 'bench' });
    record(encoder);
    const result = timer.resolve(encoder);
    device.queue.submit([encoder.finish()]);
    timer.submitted();
    const sections = await result;
    if (!sections) continue;
    let sum = 0;
    for (const [name, ms] of sections) {
      sum += ms;
      perPass.set(name, [...(perPass.get(name) ?? []), ms]);
    }
    totals.push(sum);
  }
  const passMs: Record<string, number> = {};
  for (const [name, list] of perPass) passMs[name] = median(list);
  return { ms: median(totals), wallMs, passMs };
}
