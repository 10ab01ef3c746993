/**
 * A charged species coupled to its electric potential inside the Cahn-Hilliard step (model.electrostatics,
 * DESIGN.md 3.7, PFHub benchmark 6): every evaluation of the chemical potential solves
 *   eps lap phi = -charge c   (phi = lift + charge psi: SpectralPoisson for psi, electrostaticLift.ts for the lift)
 * and adds charge * phi to mu and charge c phi / 2 to the energy (shaders/electrochem/electrostatic_coupling.wgsl).
 * The coupling is explicit: its operator, -M k^2 charge^2 / (eps k^2) per mode, is bounded by
 * M charge^2 / eps (5 0.09^2 / 90 = 4.5e-4 for PFHub 6a), far below the step sizes' stiffness.
 * Recording allocates nothing and waits for nothing.
 */
import couplingSource from '../../shaders/electrochem/electrostatic_coupling.wgsl?raw';
import { createStorageBuffer, createUniformBuffer } from '../gpu/buffers.ts';
import type { GpuContext } from '../gpu/device.ts';
import { bindBuffers, type PipelineCache } from '../gpu/pipelineCache.ts';
import { composeShader } from '../gpu/shaderSource.ts';
import { uniformLayout } from '../gpu/uniformLayout.ts';
import type { Spec } from '../scene/resolve.ts';
import { harmonicLift } from './electrostaticLift.ts';
import { SpectralPoisson } from './spectralPoisson.ts';

export const ElectrostaticParams = uniformLayout('ElectrostaticParams', [
  ['cellCount', 'u32'],
  /** charge per volume per unit site fraction (scene units): phi = lift + charge psi */
  ['charge', 'f32'],
  /** charge / e0: g += coupling phi in internal units */
  ['coupling', 'f32'],
] as const);

export class ElectrostaticCoupling {
  readonly poisson: SpectralPoisson;
  /** phi of the last evaluated state (scene units), for output fields */
  readonly potential: GPUBuffer;
  private readonly psi: GPUBuffer;
  private readonly lift: GPUBuffer;
  private readonly params: GPUBuffer;
  private readonly pipeline: GPUComputePipeline;
  private readonly group: GPUBindGroup;
  private readonly concentration: GPUBuffer;
  readonly bytes: number;

  constructor(
    gpu: GpuContext,
    spec: Spec,
    cache: PipelineCache,
    fields: { concentration: GPUBuffer; potential: GPUBuffer; energyPartials: GPUBuffer },
    private readonly dispatch: [number, number],
    constants: { WORKGROUP_SIZE: number; ITEMS: number },
  ) {
    const e = spec.electrostatics!;
    const label = 'Electrostatics';
    const cells = spec.shape.reduce((a, b) => a * b, 1);
    this.concentration = fields.concentration;
    this.poisson = new SpectralPoisson(gpu, { shape: spec.shape, lengths: spec.internal.size, boundary: e.poissonBoundary, permittivity: e.internal.permittivity }, cache);
    this.psi = createStorageBuffer(gpu, `${label}.psi`, cells * 4);
    this.potential = createStorageBuffer(gpu, `${label}.phi`, cells * 4);
    this.lift = createStorageBuffer(gpu, `${label}.lift`, cells * 4);
    gpu.device.queue.writeBuffer(this.lift, 0, Float32Array.from(harmonicLift(spec) ?? new Float64Array(cells)));
    this.params = createUniformBuffer(gpu.device, `${label}.params`, ElectrostaticParams.byteSize);
    gpu.device.queue.writeBuffer(this.params, 0, ElectrostaticParams.pack({ cellCount: cells, charge: e.charge, coupling: e.internal.coupling }));
    this.pipeline = cache.compute(`${label}.coupling`, composeShader(couplingSource, { structs: [ElectrostaticParams] }), 'main', constants);
    this.group = bindBuffers(gpu.device, `${label}.coupling`, this.pipeline, [fields.concentration, this.psi, this.lift, fields.potential, this.potential, fields.energyPartials, this.params]);
    // psi, phi, lift, the Poisson spectrum and its transform's line buffer
    this.bytes = 3 * cells * 4 + 2 * cells * 8;
  }

  /** After bulk_potential: solve for phi of the state in `concentration` and add its coupling to g. */
  encode(encoder: GPUCommandEncoder, timer?: { pass(name: string): GPUComputePassTimestampWrites | undefined }): void {
    this.poisson.encodeSolve(encoder, this.concentration, this.psi);
    const pass = encoder.beginComputePass({ label: 'Electrostatics.coupling', timestampWrites: timer?.pass('electrostatic_coupling') });
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.group);
    pass.dispatchWorkgroups(...this.dispatch);
    pass.end();
  }

  dispose(): void {
    this.poisson.dispose();
    for (const b of [this.psi, this.potential, this.lift, this.params]) b.destroy();
  }
}
