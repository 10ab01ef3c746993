/**
 * GPU reduction of a float32 field to (sum, min, max), used for mass, energy and bounds. Two
 * dispatches per field; results land in a caller-owned results buffer (one vec4 record per field),
 * so several reductions can be read back with one copy.
 */
import source from '../../shaders/reduce/field_stats.wgsl?raw';
import type { GpuContext } from './device.ts';
import { PipelineCache } from './pipelineCache.ts';
import { createStorageBuffer, createUniformBuffer } from './buffers.ts';
import { composeShader } from './shaderSource.ts';
import { uniformLayout } from './uniformLayout.ts';

export const ReduceParams = uniformLayout('ReduceParams', [
  ['count', 'u32'],
  ['outIndex', 'u32'],
  ['offset', 'u32'],
] as const);

const WORKGROUP_SIZE = 256;
/** Partial records per reduction: enough parallelism for large GPUs, small enough for one finishing workgroup. */
const MAX_PARTIALS = 1024;
/** Bytes of one result record: vec4<f32> (sum, min, max, sum of squares). */
export const REDUCTION_RECORD_BYTES = 16;

export interface FieldStats {
  sum: number;
  min: number;
  max: number;
  sumSquares: number;
}

/** Decode record `index` of a results buffer read back to the CPU. */
export function decodeFieldStats(data: ArrayBuffer, index = 0): FieldStats {
  const f = new Float32Array(data, index * REDUCTION_RECORD_BYTES, 4);
  return { sum: f[0], min: f[1], max: f[2], sumSquares: f[3] };
}

/** One prepared reduction: field buffer + range -> results[outIndex]. Encode as often as needed. */
/**
 * Rounding-error bound (relative to sum|x|) of the GPU sum over n elements: serial share per thread
 * plus the pairwise tree, times the f32 unit roundoff 2^-24.
 */
export function reductionErrorBound(n: number): number {
  const workgroups = Math.max(1, Math.min(MAX_PARTIALS, Math.ceil(n / (WORKGROUP_SIZE * 4))));
  const perThread = Math.ceil(n / (workgroups * WORKGROUP_SIZE));
  return 2 ** -24 * (perThread + Math.ceil(Math.log2(Math.max(2, n))) + 1);
}

export class FieldReduction {
  private readonly partialGroup: GPUBindGroup;
  private readonly finishGroup: GPUBindGroup;
  private readonly partialWorkgroups: number;
  private readonly buffers: GPUBuffer[];

  constructor(
    private readonly reducer: FieldReducer,
    label: string,
    field: GPUBuffer,
    results: GPUBuffer,
    outIndex: number,
    count: number,
    offset = 0,
  ) {
    const device = reducer.gpu.device;
    this.partialWorkgroups = Math.max(1, Math.min(MAX_PARTIALS, Math.ceil(count / (WORKGROUP_SIZE * 4))));
    const partials = createStorageBuffer(reducer.gpu, `${label}.partials`, this.partialWorkgroups * REDUCTION_RECORD_BYTES);
    const stage1 = createUniformBuffer(device, `${label}.params1`, ReduceParams.byteSize);
    const stage2 = createUniformBuffer(device, `${label}.params2`, ReduceParams.byteSize);
    device.queue.writeBuffer(stage1, 0, ReduceParams.pack({ count, outIndex: 0, offset }));
    device.queue.writeBuffer(stage2, 0, ReduceParams.pack({ count: this.partialWorkgroups, outIndex, offset: 0 }));
    this.partialGroup = device.createBindGroup({
      label: `${label}.partial`,
      layout: reducer.partialPipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: field } },
        { binding: 1, resource: { buffer: partials } },
        { binding: 2, resource: { buffer: stage1 } },
      ],
    });
    this.finishGroup = device.createBindGroup({
      label: `${label}.finish`,
      layout: reducer.finishPipeline.getBindGroupLayout(0),
      entries: [
        { binding: 2, resource: { buffer: stage2 } },
        { binding: 3, resource: { buffer: partials } },
        { binding: 4, resource: { buffer: results } },
      ],
    });
    this.buffers = [partials, stage1, stage2];
  }

  /** Record both stages into an open compute pass. */
  encode(pass: GPUComputePassEncoder): void {
    pass.setPipeline(this.reducer.partialPipeline);
    pass.setBindGroup(0, this.partialGroup);
    pass.dispatchWorkgroups(this.partialWorkgroups);
    pass.setPipeline(this.reducer.finishPipeline);
    pass.setBindGroup(0, this.finishGroup);
    pass.dispatchWorkgroups(1);
  }

  dispose(): void {
    for (const b of this.buffers) b.destroy();
  }
}

export class FieldReducer {
  readonly partialPipeline: GPUComputePipeline;
  readonly finishPipeline: GPUComputePipeline;

  constructor(
    readonly gpu: GpuContext,
    cache: PipelineCache = new PipelineCache(gpu.device),
  ) {
    const code = composeShader(source, { structs: [ReduceParams] });
    this.partialPipeline = cache.compute('FieldReducer.partial', code, 'partial', { WORKGROUP_SIZE });
    this.finishPipeline = cache.compute('FieldReducer.finish', code, 'finish', { WORKGROUP_SIZE });
  }

  prepare(label: string, field: GPUBuffer, results: GPUBuffer, outIndex: number, count: number, offset = 0): FieldReduction {
    return new FieldReduction(this, label, field, results, outIndex, count, offset);
  }
}

