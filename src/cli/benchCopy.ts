/**
 * The copy kernel `spinode bench` measures bandwidth against (shaders/bench/copy.wgsl): the best a
 * memory-bound kernel can do on this device, so every other kernel reports a fraction of it.
 */
import source from '../../shaders/bench/copy.wgsl?raw';
import { createUniformBuffer } from '../gpu/buffers.ts';
import type { GpuContext } from '../gpu/device.ts';
import { PipelineCache } from '../gpu/pipelineCache.ts';
import { composeShader } from '../gpu/shaderSource.ts';
import { uniformLayout } from '../gpu/uniformLayout.ts';

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
