/**
 * GPU device acquisition shared by the browser and Node.
 *
 * A `GpuContext` owns one GPUDevice plus what the engine needs to know about it: a short adapter
 * description, the limits actually granted, and whether timestamp queries are available. The
 * platform-specific part (where the `GPU` object comes from) lives in `browserGpu.ts` / `nodeGpu.ts`;
 * everything here only talks to the standard WebGPU API.
 */

/** Limits the engine asks for; each is requested at the adapter's maximum (never above it). */
export const ENGINE_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupSizeZ',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
] as const;
export type EngineLimit = (typeof ENGINE_LIMITS)[number];

/** The smallest values the engine can work with (the FFT needs a 256-point complex line in workgroup memory). */
export const MINIMUM_LIMITS: Record<EngineLimit, number> = {
  maxBufferSize: 64 * 1024 * 1024,
  maxStorageBufferBindingSize: 64 * 1024 * 1024,
  maxComputeWorkgroupStorageSize: 16 * 1024,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupSizeY: 1,
  maxComputeWorkgroupSizeZ: 1,
  maxComputeWorkgroupsPerDimension: 65535,
  maxStorageBuffersPerShaderStage: 8,
};

export interface AdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** True for a software (CPU) implementation such as lavapipe or SwiftShader. */
  isSoftware: boolean;
  /** Where the device came from: 'browser', or 'node' plus the Vulkan driver file in use. */
  backend: string;
}

export interface GpuContext {
  readonly device: GPUDevice;
  readonly adapter: GPUAdapter;
  readonly adapterInfo: AdapterSummary;
  readonly limits: Record<EngineLimit, number>;
  readonly features: string[];
  readonly hasTimestamps: boolean;
  /** Subgroup operations are enabled (`subgroups`): workgroup reductions use them (shaders/lib/workgroup_reduce_subgroup.wgsl). */
  readonly hasSubgroups: boolean;
  /** Resolves with the loss reason when the device is lost (destroy() included). */
  readonly lost: Promise<GPUDeviceLostInfo>;
  dispose(): void;
}

/** Thrown when no WebGPU adapter or device can be had; `message` is one sentence for the user. */
export class GpuUnavailableError extends Error {
  override name = 'GpuUnavailableError';
}

/** Thrown when a grid or buffer would exceed what the device allows, before anything is allocated. */
export class DeviceLimitError extends Error {
  override name = 'DeviceLimitError';
}

export function summariseAdapter(adapter: GPUAdapter, backend: string): AdapterSummary {
  const info = adapter.info;
  const text = `${info.vendor} ${info.architecture} ${info.device} ${info.description}`.toLowerCase();
  const isSoftware =
    Boolean((info as { isFallbackAdapter?: boolean }).isFallbackAdapter) ||
    /swiftshader|llvmpipe|lavapipe|software/.test(text);
  return {
    vendor: info.vendor || 'unknown',
    architecture: info.architecture || '',
    device: info.device || '',
    description: info.description || '',
    isSoftware,
    backend,
  };
}

/** Mesa's lavapipe (llvmpipe): a CPU adapter that compiles quickly and runs invocations as SIMD lanes. */
export function isLavapipe(info: AdapterSummary | undefined): boolean {
  return Boolean(info?.isSoftware && /llvmpipe|lavapipe/i.test(`${info.vendor} ${info.architecture} ${info.device} ${info.description}`));
}

export interface DeviceRequest {
  /** Label prefix for the device (shows in validation messages). */
  label?: string;
}

/**
 * Create a device on `adapter` with the engine's limits raised to the adapter's maxima and
 * `timestamp-query` and `subgroups` enabled when offered. Fails with a readable message when the adapter offers
 * less than MINIMUM_LIMITS.
 */
export async function createEngineDevice(
  adapter: GPUAdapter,
  backend: string,
  request: DeviceRequest = {},
  keepAlive?: unknown,
): Promise<GpuContext> {
  const adapterInfo = summariseAdapter(adapter, backend);
  const requiredLimits: Record<string, number> = {};
  const short: string[] = [];
  for (const name of ENGINE_LIMITS) {
    const offered = adapter.limits[name] as number;
    if (offered < MINIMUM_LIMITS[name]) short.push(`${name} = ${offered} (needs >= ${MINIMUM_LIMITS[name]})`);
    requiredLimits[name] = offered;
  }
  if (short.length > 0) {
    throw new GpuUnavailableError(
      `The WebGPU adapter "${adapterInfo.description || adapterInfo.vendor}" offers too little for Spinode: ${short.join(', ')}.`,
    );
  }
  // SPINODE_SUBGROUPS=0 (Node) leaves subgroups off: the A/B switch of the reduction variants (docs/benchmark.md)
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const wanted: GPUFeatureName[] = env?.SPINODE_SUBGROUPS === '0' ? ['timestamp-query'] : ['timestamp-query', 'subgroups' as GPUFeatureName];
  const requiredFeatures = wanted.filter((f) => adapter.features.has(f));
  const device = await adapter.requestDevice({
    label: request.label ?? 'spinode',
    requiredLimits,
    requiredFeatures,
  });
  const limits = {} as Record<EngineLimit, number>;
  for (const name of ENGINE_LIMITS) limits[name] = device.limits[name] as number;
  let holder: unknown = keepAlive; // the Node `create()` result must outlive the device (PLATFORM.md)
  return {
    device,
    adapter,
    adapterInfo,
    limits,
    features: [...device.features].map(String).sort(),
    hasTimestamps: device.features.has('timestamp-query'),
    hasSubgroups: device.features.has('subgroups'),
    lost: device.lost,
    dispose() {
      device.destroy();
      holder = undefined;
      void holder;
    },
  };
}

/**
 * Run `body` inside validation and out-of-memory error scopes and throw the first GPU error it
 * produced. Used around pipeline creation and in the GPU tests.
 */
export async function withErrorScope<T>(device: GPUDevice, body: () => T | Promise<T>): Promise<T> {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let result: T;
  try {
    result = await body();
  } finally {
    const validation = await device.popErrorScope();
    const oom = await device.popErrorScope();
    const err = validation ?? oom;
    if (err) throw new Error(`GPU ${validation ? 'validation' : 'out-of-memory'} error: ${err.message}`);
  }
  return result;
}
