/** Labelled buffer creation with the device limits checked before anything is allocated. */
import { DeviceLimitError, type GpuContext } from './device.ts';

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/** Throw a DeviceLimitError naming `what` when one storage buffer of `bytes` cannot exist on this device. */
export function checkStorageBufferSize(gpu: GpuContext, bytes: number, what: string): void {
  const limit = Math.min(gpu.limits.maxStorageBufferBindingSize, gpu.limits.maxBufferSize);
  if (bytes > limit) {
    throw new DeviceLimitError(
      `${what} needs a ${formatBytes(bytes)} buffer but the device allows at most ${formatBytes(limit)} per storage buffer`,
    );
  }
}

export function createStorageBuffer(gpu: GpuContext, label: string, bytes: number, extraUsage = 0): GPUBuffer {
  checkStorageBufferSize(gpu, bytes, label);
  return gpu.device.createBuffer({
    label,
    size: Math.max(16, Math.ceil(bytes / 16) * 16),
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST | extraUsage,
  });
}

export function createUniformBuffer(device: GPUDevice, label: string, bytes: number): GPUBuffer {
  return device.createBuffer({ label, size: Math.ceil(bytes / 16) * 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
}

/** Upload `data` into a new labelled storage buffer. */
export function uploadStorageBuffer(gpu: GpuContext, label: string, data: Float32Array | Uint32Array): GPUBuffer {
  const buffer = createStorageBuffer(gpu, label, data.byteLength);
  gpu.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  return buffer;
}

/**
 * Read a buffer back to the CPU, waiting for the GPU. For tests, writers and checkpoints only: never
 * in the step loop (use ReadbackRing there).
 */
export async function readBuffer(device: GPUDevice, source: GPUBuffer, bytes = source.size, offset = 0): Promise<ArrayBuffer> {
  const staging = device.createBuffer({ label: `${source.label}.readback`, size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder({ label: 'readBuffer' });
  encoder.copyBufferToBuffer(source, offset, staging, 0, bytes);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const copy = staging.getMappedRange().slice(0);
  staging.unmap();
  staging.destroy();
  return copy;
}

export async function readFloat32(device: GPUDevice, source: GPUBuffer, count?: number): Promise<Float32Array> {
  const bytes = count === undefined ? source.size : count * 4;
  return new Float32Array(await readBuffer(device, source, bytes));
}
