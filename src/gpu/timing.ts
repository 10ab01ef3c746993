/**
 * Per-kernel GPU timing with timestamp queries, where the adapter offers `timestamp-query`.
 * Each named section gets a begin/end pair written by its compute pass (`timestampWrites`);
 * `resolve()` copies the ticks to a buffer that is read back without stalling.
 */
import type { GpuContext } from './device.ts';
import { ReadbackRing } from './readbackRing.ts';

export class GpuTimer {
  readonly enabled: boolean;
  private readonly querySet?: GPUQuerySet;
  private readonly resolveBuffer?: GPUBuffer;
  private readonly ring?: ReadbackRing;
  private readonly names: string[] = [];

  constructor(
    gpu: GpuContext,
    readonly capacity = 32,
  ) {
    this.enabled = gpu.hasTimestamps;
    if (!this.enabled) return;
    const device = gpu.device;
    this.querySet = device.createQuerySet({ label: 'GpuTimer.queries', type: 'timestamp', count: 2 * capacity });
    this.resolveBuffer = device.createBuffer({ label: 'GpuTimer.resolve', size: 16 * capacity, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
    this.ring = new ReadbackRing(device, 16 * capacity, 2, 'GpuTimer.readback');
  }

  /** Forget the sections of the previous frame (call at the start of a timed frame). */
  reset(): void {
    this.names.length = 0;
  }

  /** timestampWrites for a compute pass named `name`; undefined when timing is off or full. */
  pass(name: string): GPUComputePassTimestampWrites | undefined {
    if (!this.enabled || this.names.length >= this.capacity) return undefined;
    const i = this.names.length;
    this.names.push(name);
    return { querySet: this.querySet!, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 };
  }

  /**
   * Resolve the recorded sections into `encoder`; after submit (and `submitted()`), the promise gives
   * milliseconds per section name (summed when a name repeats). Null when timing is off or busy.
   */
  resolve(encoder: GPUCommandEncoder): Promise<Map<string, number>> | null {
    if (!this.enabled || this.names.length === 0) return null;
    const count = 2 * this.names.length;
    encoder.resolveQuerySet(this.querySet!, 0, count, this.resolveBuffer!, 0);
    const names = [...this.names];
    const data = this.ring!.copy(encoder, this.resolveBuffer!, 0, count * 8);
    if (!data) return null;
    return data.then((buf) => {
      const ticks = new BigUint64Array(buf, 0, count);
      const out = new Map<string, number>();
      names.forEach((n, i) => {
        const ms = Number(ticks[2 * i + 1] - ticks[2 * i]) / 1e6;
        out.set(n, (out.get(n) ?? 0) + (ms > 0 ? ms : 0));
      });
      return out;
    });
  }

  submitted(): void {
    this.ring?.submitted();
  }

  dispose(): void {
    this.querySet?.destroy();
    this.resolveBuffer?.destroy();
    this.ring?.dispose();
  }
}
