/**
 * Compute pipelines compiled once per (shader text, entry point, override constants) and reused. A
 * kernel owner asks the cache in its constructor, never in the step loop.
 */

export class PipelineCache {
  private readonly modules = new Map<string, GPUShaderModule>();
  private readonly pipelines = new Map<string, GPUComputePipeline>();

  constructor(private readonly device: GPUDevice) {}

  get size(): number {
    return this.pipelines.size;
  }

  module(label: string, code: string): GPUShaderModule {
    let m = this.modules.get(code);
    if (!m) {
      m = this.device.createShaderModule({ label, code });
      this.modules.set(code, m);
    }
    return m;
  }

  compute(label: string, code: string, entryPoint = 'main', constants: Record<string, number> = {}): GPUComputePipeline {
    const key = `${entryPoint}\u0000${JSON.stringify(Object.entries(constants).sort())}\u0000${code}`;
    let p = this.pipelines.get(key);
    if (!p) {
      p = this.device.createComputePipeline({
        label,
        layout: 'auto',
        compute: { module: this.module(label, code), entryPoint, constants },
      });
      this.pipelines.set(key, p);
    }
    return p;
  }
}

/** Bind a list of buffers to bindings 0..n-1 of group 0 of `pipeline`. */
export function bindBuffers(device: GPUDevice, label: string, pipeline: GPUComputePipeline, buffers: GPUBuffer[], group = 0): GPUBindGroup {
  return device.createBindGroup({
    label,
    layout: pipeline.getBindGroupLayout(group),
    entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
}
