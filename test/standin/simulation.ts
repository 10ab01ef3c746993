/**
 * TEMPORARY development stand-in for src/solver/simulation.ts with the same public surface (create,
 * grid, advance, fieldBuffer, latest, onObservables, dispose): an explicit finite-difference
 * Cahn-Hilliard step. Removed when the real Simulation lands.
 */
import source from './ch_explicit.wgsl?raw';
import type { GpuContext } from '../../src/gpu/device.ts';
import { createStorageBuffer, createUniformBuffer } from '../../src/gpu/buffers.ts';
import { FieldReducer, decodeFieldStats, REDUCTION_RECORD_BYTES, type FieldReduction } from '../../src/gpu/reduction.ts';
import { ReadbackRing } from '../../src/gpu/readbackRing.ts';
import type { StandinSpec } from './scenes.ts';

export interface Observables {
  step: number;
  time: number;
  dt: number;
  freeEnergy: number;
  mass: number;
  cMean: number;
  cMin: number;
  cMax: number;
}

export class Simulation {
  latest: Observables | undefined;
  readonly grid: { shape: number[]; dims: 2 | 3; cellCount: number; size: number[]; spacing: number[] };
  private step = 0;
  private readonly dt: number;
  private readonly listeners: ((o: Observables) => void)[] = [];
  private readonly c: GPUBuffer;
  private readonly buffers: GPUBuffer[];
  private readonly potential: GPUComputePipeline;
  private readonly update: GPUComputePipeline;
  private readonly group: GPUBindGroup;
  private readonly reductions: FieldReduction[];
  private readonly results: GPUBuffer;
  private readonly ring: ReadbackRing;
  private readonly workgroups: [number, number];

  static async create(gpu: GpuContext, spec: StandinSpec): Promise<Simulation> {
    return new Simulation(gpu, spec);
  }

  private constructor(
    private readonly gpu: GpuContext,
    spec: StandinSpec,
  ) {
    const shape = spec.shape;
    const dims = shape.length as 2 | 3;
    const cellCount = shape.reduce((a, b) => a * b, 1);
    this.grid = { shape, dims, cellCount, size: shape.map((n) => n * 1e-9), spacing: shape.map(() => 1e-9) };
    const device = gpu.device;
    const kappa = 1;
    const mobility = 1;
    this.dt = 0.9 / (mobility * kappa * (dims === 3 ? 144 : 64) + mobility * 8 * 2);
    const c0 = new Float32Array(cellCount);
    let s = spec.seed * 2654435761;
    for (let i = 0; i < cellCount; i++) {
      s = (s * 1664525 + 1013904223) >>> 0;
      c0[i] = spec.c0 + spec.noise * (s / 2 ** 32 - 0.5);
    }
    this.c = createStorageBuffer(gpu, 'Standin.c', cellCount * 4);
    device.queue.writeBuffer(this.c, 0, c0);
    const mu = createStorageBuffer(gpu, 'Standin.mu', cellCount * 4);
    const energy = createStorageBuffer(gpu, 'Standin.energy', cellCount * 4);
    const params = createUniformBuffer(device, 'Standin.params', 32);
    const pv = new ArrayBuffer(32);
    new Uint32Array(pv, 0, 3).set([shape[0], shape[1], shape[2] ?? 1]);
    new Float32Array(pv, 12, 5).set([1, kappa, mobility, this.dt, 0]);
    device.queue.writeBuffer(params, 0, pv);
    const module = device.createShaderModule({ label: 'Standin.ch', code: source });
    const layout = device.createBindGroupLayout({
      label: 'Standin.layout',
      entries: [0, 1, 2, 3].map((binding): GPUBindGroupLayoutEntry => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type: binding === 3 ? 'uniform' : 'storage' } })),
    });
    const pl = device.createPipelineLayout({ label: 'Standin.pipelineLayout', bindGroupLayouts: [layout] });
    this.potential = device.createComputePipeline({ label: 'Standin.potential', layout: pl, compute: { module, entryPoint: 'potential' } });
    this.update = device.createComputePipeline({ label: 'Standin.update', layout: pl, compute: { module, entryPoint: 'update' } });
    this.group = device.createBindGroup({
      label: 'Standin.group',
      layout,
      entries: [this.c, mu, energy, params].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    const groups = Math.ceil(cellCount / 64);
    this.workgroups = [Math.min(groups, 65535), Math.ceil(groups / 65535)];
    this.results = createStorageBuffer(gpu, 'Standin.results', 2 * REDUCTION_RECORD_BYTES);
    const reducer = new FieldReducer(gpu);
    this.reductions = [reducer.prepare('Standin.reduceC', this.c, this.results, 0, cellCount), reducer.prepare('Standin.reduceEnergy', energy, this.results, 1, cellCount)];
    this.ring = new ReadbackRing(device, 2 * REDUCTION_RECORD_BYTES, 4, 'Standin.readback');
    this.buffers = [this.c, mu, energy, params, this.results];
  }

  fieldBuffer(name: string): GPUBuffer {
    if (name !== 'c') throw new Error(`no field "${name}"`);
    return this.c;
  }

  onObservables(listener: (o: Observables) => void): void {
    this.listeners.push(listener);
  }

  advance(steps: number): void {
    const encoder = this.gpu.device.createCommandEncoder({ label: 'Standin.advance' });
    const pass = encoder.beginComputePass({ label: 'Standin.steps' });
    pass.setBindGroup(0, this.group);
    for (let k = 0; k < steps; k++) {
      pass.setPipeline(this.potential);
      pass.dispatchWorkgroups(...this.workgroups);
      pass.setPipeline(this.update);
      pass.dispatchWorkgroups(...this.workgroups);
    }
    pass.setPipeline(this.potential);
    pass.dispatchWorkgroups(...this.workgroups);
    for (const r of this.reductions) r.encode(pass);
    pass.end();
    this.step += steps;
    const step = this.step;
    const pending = this.ring.copy(encoder, this.results);
    this.gpu.device.queue.submit([encoder.finish()]);
    this.ring.submitted();
    pending?.then((data) => {
      const c = decodeFieldStats(data, 0);
      const e = decodeFieldStats(data, 1);
      const n = this.grid.cellCount;
      const o: Observables = { step, time: step * this.dt, dt: this.dt, freeEnergy: e.sum, mass: c.sum, cMean: c.sum / n, cMin: c.min, cMax: c.max };
      if (!this.latest || o.step >= this.latest.step) this.latest = o;
      for (const l of this.listeners) l(o);
    }, () => undefined);
  }

  dispose(): void {
    for (const r of this.reductions) r.dispose();
    this.ring.dispose();
    for (const b of this.buffers) b.destroy();
  }
}
