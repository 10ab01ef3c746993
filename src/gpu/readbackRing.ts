/**
 * Asynchronous readback without stalling the queue: a fixed ring of MAP_READ staging buffers. The
 * step loop copies a small buffer (observables, timestamps) into a free slot and carries on; the data
 * arrives later through a promise. When every slot is still in flight the request is declined (the
 * caller skips that sample) instead of waiting: the GPU never idles for the CPU.
 */
export class ReadbackRing {
  private readonly slots: { buffer: GPUBuffer; busy: boolean }[];
  private readonly pending: { slot: number; resolve: (data: ArrayBuffer) => void; reject: (e: unknown) => void; promise: Promise<ArrayBuffer> }[] = [];
  private disposed = false;

  constructor(
    private readonly device: GPUDevice,
    readonly byteSize: number,
    slotCount = 4,
    label = 'ReadbackRing',
  ) {
    this.slots = Array.from({ length: slotCount }, (_, i) => ({
      buffer: device.createBuffer({ label: `${label}.slot${i}`, size: Math.ceil(byteSize / 4) * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }),
      busy: false,
    }));
  }

  /** Slots currently waiting for the GPU. */
  get inFlight(): number {
    return this.slots.filter((s) => s.busy).length;
  }

  /**
   * Record a copy of `bytes` from `source` into a free slot. Returns a promise of the data, which
   * starts mapping after the next `submitted()` call; or null when no slot is free.
   */
  copy(encoder: GPUCommandEncoder, source: GPUBuffer, sourceOffset = 0, bytes = this.byteSize): Promise<ArrayBuffer> | null {
    return this.copySegments(encoder, [{ source, offset: sourceOffset, bytes }]);
  }

  /** Like copy(), for several buffers packed one after another into the same slot (offsets multiple of 4). */
  copySegments(encoder: GPUCommandEncoder, segments: { source: GPUBuffer; offset?: number; bytes: number }[]): Promise<ArrayBuffer> | null {
    if (this.disposed) throw new Error('ReadbackRing used after dispose()');
    const total = segments.reduce((s, x) => s + x.bytes, 0);
    if (total > this.byteSize) throw new Error(`ReadbackRing: ${total} bytes requested, slots hold ${this.byteSize}`);
    const index = this.slots.findIndex((s) => !s.busy);
    if (index < 0) return null;
    const slot = this.slots[index];
    slot.busy = true;
    let at = 0;
    for (const seg of segments) {
      encoder.copyBufferToBuffer(seg.source, seg.offset ?? 0, slot.buffer, at, seg.bytes);
      at += seg.bytes;
    }
    let resolve!: (data: ArrayBuffer) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<ArrayBuffer>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.pending.push({ slot: index, resolve, reject, promise });
    return promise;
  }

  /** Call right after `queue.submit` of the encoder(s) that recorded copies: starts their mapping. */
  submitted(): void {
    for (const p of this.pending.splice(0)) {
      const slot = this.slots[p.slot];
      slot.buffer.mapAsync(GPUMapMode.READ).then(
        () => {
          const data = slot.buffer.getMappedRange().slice(0);
          slot.buffer.unmap();
          slot.busy = false;
          p.resolve(data);
        },
        (e) => {
          slot.busy = false;
          p.reject(e);
        },
      );
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.slots) s.buffer.destroy();
  }
}
