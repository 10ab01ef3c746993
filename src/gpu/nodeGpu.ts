/**
 * WebGPU in Node through the `webgpu` npm package (Dawn). On machines without a hardware GPU the
 * Vulkan loader finds nothing, so we fall back to a software Vulkan driver: lavapipe (Mesa >= 25,
 * fast) or the SwiftShader driver that Debian's chromium package ships (slower). See
 * ../shared/PLATFORM.md of the project notes and docs/platform.md.
 *
 * An explicit VK_ICD_FILENAMES set by the user is respected as it is: no fallback then, so a user can
 * pin one driver (or hide them all, which is how the "no adapter" path is tested).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngineDevice, GpuUnavailableError, type DeviceRequest, type GpuContext } from './device.ts';

/** Software Vulkan drivers tried in order when the default loader finds no adapter. */
export const SOFTWARE_ICDS = [
  { name: 'lavapipe', file: '/usr/share/vulkan/icd.d/lvp_icd.json' },
  { name: 'swiftshader', file: '/usr/lib/chromium/vk_swiftshader_icd.json' },
];

export const NO_ADAPTER_MESSAGE =
  'No WebGPU adapter found: install a GPU driver with Vulkan support, or a software Vulkan driver ' +
  '(run `bash scripts/setup.sh`, or `apt-get install chromium` for SwiftShader / Mesa >= 25 ' +
  '`mesa-vulkan-drivers` for lavapipe).';

type WebgpuModule = { create(flags: string[]): GPU; globals: Record<string, unknown> };

let webgpuModule: Promise<WebgpuModule> | undefined;
function loadWebgpu(): Promise<WebgpuModule> {
  webgpuModule ??= import('webgpu').then((m) => {
    const mod = m as unknown as WebgpuModule;
    Object.assign(globalThis, mod.globals); // GPUBufferUsage, GPUMapMode, ... as in the browser
    return mod;
  });
  return webgpuModule;
}

export interface NodeDeviceRequest extends DeviceRequest {
  /** Extra Dawn flags, e.g. 'backend=vulkan'. */
  dawnFlags?: string[];
}

/** Acquire a device in Node, falling back to a software Vulkan driver when none is found. */
export async function acquireNodeGpu(request: NodeDeviceRequest = {}): Promise<GpuContext> {
  if (!process.env.XDG_RUNTIME_DIR) {
    // Dawn's Vulkan loader prints harmless errors without one.
    const dir = join(tmpdir(), `spinode-xdg-${process.getuid?.() ?? 0}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    process.env.XDG_RUNTIME_DIR = dir;
  }
  const { create } = await loadWebgpu();
  const flags = request.dawnFlags ?? [];
  const userPinned = process.env.VK_ICD_FILENAMES;
  const attempts: { label: string; icd?: string }[] = [{ label: userPinned ? `VK_ICD_FILENAMES=${userPinned}` : 'system Vulkan' }];
  if (!userPinned) {
    for (const icd of SOFTWARE_ICDS) if (existsSync(icd.file)) attempts.push({ label: icd.name, icd: icd.file });
  }
  for (const attempt of attempts) {
    if (attempt.icd) process.env.VK_ICD_FILENAMES = attempt.icd;
    // Keep `gpu` referenced by the context: if it is garbage-collected, later GPU work crashes.
    const gpu = create(flags);
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (adapter) return createEngineDevice(adapter, `node (${attempt.label})`, request, gpu);
  }
  if (!userPinned) delete process.env.VK_ICD_FILENAMES;
  throw new GpuUnavailableError(NO_ADAPTER_MESSAGE);
}
