/**
 * A charged species coupled to its electric potential inside the Cahn-Hilliard step (model.electrostatics,
 * DESIGN.md 3.7, PFHub benchmark 6): every evaluation of the chemical potential solves
 *   eps lap phi = -charge c   (phi = lift + charge psi: SpectralPoisson for psi, electrostaticLift.ts for the lift)
 * and adds charge * phi to mu and charge c phi / 2 to the energy (shaders/electrochem/electrostatic_coupling.wgsl).
 * With model.electrostatics.mobileIon (or held potentials on more than one axis) phi comes instead from
 * FieldPoisson (src/solver/fieldPoisson.ts): Newton + preconditioned CG on
 *   eps lap phi = -(charge c + q exp(-phi / V))   (one mobile ion in Boltzmann equilibrium; face values held)
 * warm-started from the previous evaluation's phi, and the energy adds the mobile ion's part of the
 * grand potential, -q [phi e^(-phi/V) / 2 + V (e^(-phi/V) - 1)] (docs/boundaries.md), whose derivative
 * in c at the Poisson-Boltzmann solution is still charge phi. A permittivity that follows the composition,
 * eps(c) = atZero + (atOne - atZero) clamp(c, 0, 1), is set from c before each field solve, and mu gains
 * -eps'(c) dE/d eps (the discrete -eps'(c) |grad phi|^2 / 2; FieldPoisson.encodeSensitivity), which makes
 * mu the exact c-derivative of the energy charge c phi / 2 at grounded faces
 * (test/unit/solver/permittivitySensitivity.test.ts).
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
import { harmonicLift, heldFaceValues } from './electrostaticLift.ts';
import { FieldPoisson } from './fieldPoisson.ts';
import { SpectralPoisson } from './spectralPoisson.ts';

export const ElectrostaticParams = uniformLayout('ElectrostaticParams', [
  ['cellCount', 'u32'],
  /** charge per volume per unit site fraction (scene units): phi = lift + charge psi */
  ['charge', 'f32'],
  /** charge / e0: g += coupling phi in internal units */
  ['coupling', 'f32'],
  /** q / e0: the mobile ion's bulk charge density in the energy (0 without one) */
  ['mobileCoupling', 'f32'],
  /** V = kT / (z e), scene units (1 without a mobile ion) */
  ['thermalVoltage', 'f32'],
  /** eps'(c) / e0 (internal): g -= permittivitySlope dE/d eps where 0 < c < 1 (0 with a constant permittivity) */
  ['permittivitySlope', 'f32'],
] as const);

/** Newton systems and CG iterations of the field solver: the first solve of a run starts from phi = 0. */
const FIRST_SOLVE = { newton: 8, cg: 40 };
const WARM_SOLVE = { newton: 2, cg: 20 };

export class ElectrostaticCoupling {
  readonly poisson?: SpectralPoisson;
  /** the field solver (mobile ion or held faces on several axes) */
  readonly field?: FieldPoisson;
  private solves = 0;
  /** phi of the last evaluated state (scene units), for output fields */
  readonly potential: GPUBuffer;
  private readonly psi: GPUBuffer;
  private readonly lift: GPUBuffer;
  private readonly params: GPUBuffer;
  private readonly pipeline: GPUComputePipeline;
  private readonly group: GPUBindGroup;
  private readonly concentration: GPUBuffer;
  /** dE/d eps per cell, with a composition-dependent permittivity */
  private readonly sensitivity?: GPUBuffer;
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
    const useField = e.solver === 'field';
    const box = { shape: spec.shape, lengths: spec.internal.size, boundary: e.poissonBoundary };
    if (useField) {
      const ofC = e.internal.permittivityOfC;
      this.field = new FieldPoisson(
        gpu,
        box,
        { permittivity: e.internal.permittivity, permittivityOfSource: ofC, chargeScale: e.charge, mobileIon: e.mobileIon, faces: heldFaceValues(spec), newtonTolerance: 1e-7, cgTolerance: 1e-6 },
        cache,
      );
      if (ofC) this.sensitivity = createStorageBuffer(gpu, `${label}.sensitivity`, cells * 4);
    } else {
      this.poisson = new SpectralPoisson(gpu, { ...box, permittivity: e.internal.permittivity }, cache);
    }
    // with the field solver psi holds phi itself (lift 0, charge 1 in the coupling kernel)
    this.psi = createStorageBuffer(gpu, `${label}.psi`, cells * 4);
    this.potential = createStorageBuffer(gpu, `${label}.phi`, cells * 4);
    this.lift = createStorageBuffer(gpu, `${label}.lift`, cells * 4);
    gpu.device.queue.writeBuffer(this.lift, 0, Float32Array.from((!useField && harmonicLift(spec)) || new Float64Array(cells)));
    this.params = createUniformBuffer(gpu.device, `${label}.params`, ElectrostaticParams.byteSize);
    gpu.device.queue.writeBuffer(
      this.params,
      0,
      ElectrostaticParams.pack({
        cellCount: cells,
        charge: useField ? 1 : e.charge,
        coupling: e.internal.coupling,
        mobileCoupling: e.mobileIon ? e.mobileIon.charge / spec.scales.energyDensity : 0,
        thermalVoltage: e.mobileIon?.thermalVoltage ?? 1,
        permittivitySlope: e.internal.permittivityOfC ? (e.internal.permittivityOfC.atOne - e.internal.permittivityOfC.atZero) / spec.scales.energyDensity : 0,
      }),
    );
    this.pipeline = cache.compute(`${label}.coupling`, composeShader(couplingSource, { structs: [ElectrostaticParams] }), 'main', constants);
    // without eps(c) the sensitivity binding is psi, read only times permittivitySlope = 0
    const sensitivity = this.sensitivity ?? this.psi;
    this.group = bindBuffers(gpu.device, `${label}.coupling`, this.pipeline, [fields.concentration, this.psi, this.lift, fields.potential, this.potential, fields.energyPartials, this.params, sensitivity]);
    // psi, phi, lift (and the sensitivity), and the solver's work (the Poisson spectrum and its transform's line buffer)
    this.bytes = (this.sensitivity ? 4 : 3) * cells * 4 + (this.field ? this.field.bytes : 2 * cells * 8);
  }

  /** After bulk_potential: solve for phi of the state in `concentration` and add its coupling to g. */
  encode(encoder: GPUCommandEncoder, timer?: { pass(name: string): GPUComputePassTimestampWrites | undefined }): void {
    if (this.field) {
      // recording, not running: the first recorded solve is the first executed one (encoders run in order)
      this.field.encodeSolve(encoder, this.concentration, this.psi, this.solves++ === 0 ? FIRST_SOLVE : WARM_SOLVE);
      if (this.sensitivity) this.field.encodeSensitivity(encoder, this.psi, this.sensitivity);
    } else {
      this.poisson!.encodeSolve(encoder, this.concentration, this.psi);
    }
    const pass = encoder.beginComputePass({ label: 'Electrostatics.coupling', timestampWrites: timer?.pass('electrostatic_coupling') });
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.group);
    pass.dispatchWorkgroups(...this.dispatch);
    pass.end();
  }

  dispose(): void {
    this.poisson?.dispose();
    this.field?.dispose();
    for (const b of [this.psi, this.potential, this.lift, this.params, this.sensitivity]) b?.destroy();
  }
}
