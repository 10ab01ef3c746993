/** WebGPU in the browser: `navigator.gpu`. */
import { createEngineDevice, GpuUnavailableError, type DeviceRequest, type GpuContext } from './device.ts';

export const NO_WEBGPU_MESSAGE =
  'This browser has no WebGPU: use a current Chrome, Edge or Firefox Nightly (or Chromium with --enable-unsafe-webgpu).';

export async function acquireBrowserGpu(request: DeviceRequest = {}): Promise<GpuContext> {
  const gpu = typeof navigator !== 'undefined' ? navigator.gpu : undefined;
  if (!gpu) throw new GpuUnavailableError(NO_WEBGPU_MESSAGE);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new GpuUnavailableError('WebGPU is present but offered no adapter: check the browser flags and GPU drivers.');
  return createEngineDevice(adapter, 'browser', request);
}
