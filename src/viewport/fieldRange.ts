/**
 * The value range of the displayed field, measured on the GPU: a FieldReducer pass (sum, min, max)
 * over the field buffer, read back through a ReadbackRing without ever waiting. The colour range used
 * for a frame is therefore the one measured a frame or two earlier; when every readback slot is busy
 * a measurement is simply skipped.
 */
import type { GpuContext } from '../gpu/device.ts';
import { createStorageBuffer } from '../gpu/buffers.ts';
import { decodeFieldStats, FieldReducer, REDUCTION_RECORD_BYTES, type FieldReduction } from '../gpu/reduction.ts';
import { ReadbackRing } from '../gpu/readbackRing.ts';

export interface MeasuredRange {
  min: number;
  max: number;
  mean: number;
}

export class FieldRange {
  latest: MeasuredRange | undefined;
  /** Increments whenever a new measurement arrives. */
  version = 0;
  private readonly results: GPUBuffer;
  private readonly reduction: FieldReduction;
  private readonly ring: ReadbackRing;
  private pending: Promise<ArrayBuffer> | null = null;
  private disposed = false;

  constructor(
    gpu: GpuContext,
    reducer: FieldReducer,
    field: GPUBuffer,
    private readonly count: number,
    label: string,
  ) {
    this.results = createStorageBuffer(gpu, `${label}.rangeResult`, REDUCTION_RECORD_BYTES);
    this.reduction = reducer.prepare(`${label}.rangeReduction`, field, this.results, 0, count);
    this.ring = new ReadbackRing(gpu.device, REDUCTION_RECORD_BYTES, 2, `${label}.rangeReadback`);
  }

  /** Record the reduction into an open compute pass. */
  encode(pass: GPUComputePassEncoder): void {
    this.reduction.encode(pass);
  }

  /** After the pass ended: copy the result into a free readback slot (skipped when none is free). */
  requestReadback(encoder: GPUCommandEncoder): void {
    this.pending = this.ring.copy(encoder, this.results);
  }

  /** Call right after the queue.submit that carried requestReadback. */
  submitted(): void {
    const pending = this.pending;
    this.pending = null;
    if (!pending) return;
    this.ring.submitted();
    pending.then(
      (data) => {
        if (this.disposed) return;
        const s = decodeFieldStats(data);
        this.latest = { min: s.min, max: s.max, mean: s.sum / this.count };
        this.version++;
      },
      () => undefined,
    );
  }

  dispose(): void {
    this.disposed = true;
    this.reduction.dispose();
    this.ring.dispose();
    this.results.destroy();
  }
}
