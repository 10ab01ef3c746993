/** One GPU device per test file, on the real (software) adapter. A missing adapter fails the tests. */
import { afterAll, beforeAll } from 'vitest';
import { acquireNodeGpu } from '../../src/gpu/nodeGpu.ts';
import type { GpuContext } from '../../src/gpu/device.ts';

export function useGpu(): () => GpuContext {
  let gpu: GpuContext | undefined;
  beforeAll(async () => {
    gpu = await acquireNodeGpu({ label: 'test' });
    gpu.device.addEventListener('uncapturederror', (e) => {
      throw new Error(`uncaptured GPU error: ${(e as GPUUncapturedErrorEvent).error.message}`);
    });
  });
  afterAll(() => gpu?.dispose());
  return () => {
    if (!gpu) throw new Error('GPU device not acquired');
    return gpu;
  };
}
