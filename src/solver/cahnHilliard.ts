/**
 * The stabilised semi-implicit Fourier-spectral Cahn-Hilliard step on the GPU (DESIGN.md 3.2):
 * all recorded into the caller's command encoder, nothing allocated and nothing waited for.
 * Constant mobility, three kernels and two FFTs per step:
 *   bulk_potential        c -> g = f'(c)  (+ partial sums: bulk energy, mass, min, max)
 *   FFT forward           g -> g_hat
 *   semi_implicit_update  c_hat, g_hat -> c_hat'  (+ partial sums: truncation error, gradient energy)
 *   FFT inverse           c_hat' -> c
 *   step_control          history record, status, next dt (GPU-resident clock)
 * Variable (lattice) mobility inserts, after the forward FFT (2 + 2d FFTs per step in d dimensions):
 *   chemical_potential_spectrum  mu_hat = g_hat + kappa k^2 c_hat
 *   per axis: FFT inverse with i k_d fused (d mu/dx_d), mobility_flux J_d = M(c) d mu/dx_d, FFT forward
 * and the update takes N_hat = i k . J_hat as its explicit rate.
 */
import bulkPotentialSource from '../../shaders/ch/bulk_potential.wgsl?raw';
import updateSource from '../../shaders/ch/semi_implicit_update.wgsl?raw';
import controlSource from '../../shaders/ch/step_control.wgsl?raw';
import explicitRateSource from '../../shaders/ch/explicit_rate.wgsl?raw';
import etdStageSource from '../../shaders/ch/etd_stage.wgsl?raw';
import etdControlSource from '../../shaders/ch/etd_step_control.wgsl?raw';
import etdKeepSource from '../../shaders/ch/etd_keep_concentration.wgsl?raw';
import chemicalPotentialSource from '../../shaders/ch/chemical_potential_spectrum.wgsl?raw';
import mobilityFluxSource from '../../shaders/ch/mobility_flux.wgsl?raw';
import wavevectorSource from '../../shaders/ch/wavevector.wgsl?raw';
import type { GpuContext } from '../gpu/device.ts';
import { createStorageBuffer, createUniformBuffer } from '../gpu/buffers.ts';
import { PipelineCache, bindBuffers } from '../gpu/pipelineCache.ts';
import { composeShader, deviceLibrary, type ComposeOptions } from '../gpu/shaderSource.ts';
import type { FreeEnergyParams } from '../physics/freeEnergy.ts';
import type { Spec } from '../scene/resolve.ts';
import { RealFft } from '../fft/realFft.ts';
import { coreStateBuffers, createStepperState, HISTORY_CAPACITY, type StateBuffers, type StepperState } from './stepperState.ts';
import { FREE_ENERGY_WGSL } from './freeEnergyKernels.ts';
import { gridFields, modelAndControlFields } from './uniformFields.ts';
import type { GpuTimer } from '../gpu/timing.ts';
import { ChParams, EtdControl, HistoryRecord, initialStepControl, NO_STATE_LIMIT, STATUS, StepControl } from './layouts.ts';
import { ElasticState, StressObservables } from './elasticLayouts.ts';
import { ElasticModel, noStressObservables } from './elasticity.ts';
import { ElasticFixedPoint } from './elasticFixedPoint.ts';
import type { StageFraction } from './elasticCg.ts';
import { elasticIndicator } from './geometry.ts';
import { dispatchSize, itemsPerInvocation } from '../gpu/dispatch.ts';
import { axisTransforms, hasWalls } from './spectralBasis.ts';
import { createSpectralTransform, type SpectralTransform } from './spectralTransform.ts';
import { spectrumConstants } from './spectrumConstants.ts';
import { RealToRealFft } from '../fft/realToRealFft.ts';
import { ElectrostaticCoupling } from './electrostatics.ts';
import wallDerivativeSource from '../../shaders/ch/wall_derivative.wgsl?raw';

const WORKGROUP_SIZE = 256;
/** Lowest lattice mobility (relative to its maximum): keeps nearly empty or full cells relaxing. */
const MOBILITY_FLOOR = 1e-4;
export { HISTORY_CAPACITY } from './stepperState.ts';


/** Composition bounds outside which a state counts as blown up. */
function compositionBounds(fe: FreeEnergyParams): [number, number] {
  return fe.kind === 'regularSolution' ? [-0.1, 1.1] : [-1, 2];
}

export { dispatchSize } from '../gpu/dispatch.ts';

export type ChBuffers = StepperState;

interface EtdParts {
  stages: { pipeline: GPUComputePipeline; group: GPUBindGroup }[];
  /** the state's real field, kept across an attempt (a copy before the stages; restored unless accepted) */
  saved: GPUBuffer;
  restore: { pipeline: GPUComputePipeline; group: GPUBindGroup };
  control: { pipeline: GPUComputePipeline; group: GPUBindGroup };
  potentialGroups?: GPUBindGroup[];
  stageDispatch: [number, number];
}

export class CahnHilliardStepper {
  readonly buffers: ChBuffers;
  /** RealFft in a periodic box, RealToRealFft (cosine basis on no-flux axes) with walls */
  readonly fft: SpectralTransform;
  readonly cellCount: number;
  readonly spectrumCount: number;
  /** bytes of GPU memory this solver holds (fields, spectra, partials), excluding FFT scratch */
  readonly stateBytes: number;
  /** per-workgroup statistics partials a step writes: of the cells (bulk) and of the modes (update or ETDRK4 stage; the benchmark's byte model) */
  readonly partialCounts: { cells: number; modes: number };
  private readonly params: GPUBuffer;
  private readonly partials: GPUBuffer[];
  private readonly pipelines: { bulk: GPUComputePipeline; update: GPUComputePipeline; control: GPUComputePipeline };
  private readonly groups: { bulk: GPUBindGroup; update: GPUBindGroup; control: GPUBindGroup };
  private readonly bulkDispatch: [number, number];
  /** Records mu (scene units) into a buffer; its pipeline is compiled on first use (views, not steps). */
  private readonly chemicalPotentialOutput: () => { pipeline: GPUComputePipeline; group: GPUBindGroup; dispatch: [number, number] };
  private readonly variableMobility: boolean;
  private readonly fluxSpectra: GPUBuffer[];
  private readonly scratch?: { potential: GPUBuffer; flux: GPUBuffer };
  private variable?: {
    potential: GPUComputePipeline;
    mobility: GPUComputePipeline;
    potentialGroup: GPUBindGroup;
    mobilityGroup: GPUBindGroup;
    spectrumDispatch: [number, number];
    cellDispatch: [number, number];
    /**
     * Between walls: per axis the derivative kernel (mu_hat -> d mu/dx_d in the flux basis) and the
     * transform of that basis (sine along a no-flux axis d, the box's basis elsewhere); undefined in a
     * periodic box, where the derivative is fused into the inverse FFT.
     */
    walls?: { derivative: { pipeline: GPUComputePipeline; group: GPUBindGroup }[]; transforms: SpectralTransform[] };
  };
  private readonly updateDispatch: [number, number];
  /** ETDRK4 (time.integrator "etdrk4"): its pipelines, bind groups and buffers; undefined for the first-order step */
  private readonly etd?: EtdParts;
  readonly integrator: Spec['integrator'];
  /** elasticity, when the scene has it (homogeneous modulus, or with .fixedPoint the iterative solver) */
  readonly elasticity?: ElasticModel;
  /** the charged species' potential (model.electrostatics), solved at every evaluation of mu */
  readonly electrostatics?: ElectrostaticCoupling;

  constructor(
    readonly gpu: GpuContext,
    readonly spec: Spec,
    cache: PipelineCache = new PipelineCache(gpu.device),
    /** per-pass timestamps of the FFT passes as well (benchmarks); encodeStep's timer covers the other kernels */
    options: { fftTimer?: GpuTimer } = {},
  ) {
    // elements per invocation of the looping kernels (16 on software adapters, 4 on GPUs)
    const ITEMS = itemsPerInvocation(gpu);
    const device = gpu.device;
    const shape3 = [spec.shape[0], spec.shape[1], spec.shape[2] ?? 1];
    this.fft = createSpectralTransform(gpu, spec, { cache, label: 'CahnHilliard.fft', timer: options.fftTimer });
    this.cellCount = shape3[0] * shape3[1] * shape3[2];
    this.spectrumCount = this.fft.spectrumLength;
    const bulkGroups = Math.ceil(this.cellCount / (WORKGROUP_SIZE * ITEMS));
    const updateGroups = Math.ceil(this.spectrumCount / (WORKGROUP_SIZE * ITEMS));
    const maxDim = gpu.limits.maxComputeWorkgroupsPerDimension;
    this.bulkDispatch = dispatchSize(bulkGroups, maxDim);
    this.updateDispatch = dispatchSize(updateGroups, maxDim);

    const label = 'CahnHilliard';
    const real = this.cellCount * 4;
    const complex = this.spectrumCount * 8;
    this.integrator = spec.integrator;
    const etd = spec.integrator === 'etdrk4';
    this.buffers = createStepperState(gpu, label, this.cellCount, this.spectrumCount, etd ? EtdControl.byteSize : StepControl.byteSize);
    // ETDRK4 stages: ITEMS modes per invocation on software adapters; one on GPUs, where a 256^2 spectrum at four
    // would fill only 33 workgroups (their partial sums: one per workgroup of the stage dispatch)
    const stageItems = gpu.adapterInfo.isSoftware ? ITEMS : 1;
    const stageDispatch = dispatchSize(Math.ceil(this.spectrumCount / (WORKGROUP_SIZE * stageItems)), maxDim);
    const spectralPartialCount = etd ? stageDispatch[0] * stageDispatch[1] : this.updateDispatch[0] * this.updateDispatch[1];
    this.partialCounts = { cells: this.bulkDispatch[0] * this.bulkDispatch[1], modes: spectralPartialCount };
    this.variableMobility = spec.mobilityForm === 'lattice';
    const axes = this.variableMobility ? spec.dims : 0;
    this.fluxSpectra = Array.from({ length: axes }, (_, d) => createStorageBuffer(gpu, `${label}.fluxSpectrum${'xyz'[d]}`, complex));
    const placeholder = createStorageBuffer(gpu, `${label}.noFlux`, 16);
    this.scratch = this.variableMobility
      ? { potential: createStorageBuffer(gpu, `${label}.potentialScratch`, complex), flux: createStorageBuffer(gpu, `${label}.flux`, real) }
      : undefined;
    const bulkPartials = createStorageBuffer(gpu, `${label}.bulkPartials`, this.partialCounts.cells * 16);
    // ETDRK4 sums two error estimates: the stage-3 partials, then the candidate's (etd_stage STAGE 5)
    const spectralPartials = createStorageBuffer(gpu, `${label}.spectralPartials`, (etd ? 2 : 1) * spectralPartialCount * 16);
    this.partials = [bulkPartials, spectralPartials, placeholder, ...this.fluxSpectra, ...(this.scratch ? [this.scratch.potential, this.scratch.flux] : [])];
    this.stateBytes = 2 * real + 3 * complex + bulkPartials.size + spectralPartials.size + axes * complex + (this.scratch ? complex + real : 0);

    const internal = spec.internal;
    const [cLow, cHigh] = compositionBounds(internal.freeEnergy);
    const realSpaceEnergy = Boolean((spec.elasticity && !spec.elasticity.homogeneous) || spec.electrostatics);
    this.params = createUniformBuffer(device, `${label}.params`, ChParams.byteSize);
    device.queue.writeBuffer(
      this.params,
      0,
      ChParams.pack({
        ...gridFields(spec),
        ...modelAndControlFields(spec),
        cellCount: this.cellCount,
        spectrumCount: this.spectrumCount,
        bulkPartialCount: this.partialCounts.cells,
        spectralPartialCount,
        mobility: internal.mobility,
        stabilizer: internal.stabilizer,
        cLow,
        cHigh,
        historyCapacity: HISTORY_CAPACITY,
        mobilityFloor: MOBILITY_FLOOR,
        // the mean-strain energy of the exact homogeneous solution; the iterative solver sums it in real space
        elasticMean: spec.elasticity?.homogeneous
          ? [...spec.elasticity.internal.mean.energy, spec.elasticity.referenceConcentration]
          : [0, 0, 0, 0],
        // real-space energy partials: the iterative elasticity's, or the electrostatic energy (one or the other)
        elasticPartialCount: realSpaceEnergy ? this.partialCounts.cells : 0,
      }),
    );
    const elasticPartials = createStorageBuffer(gpu, `${label}.elasticPartials`, realSpaceEnergy ? this.partialCounts.cells * 16 : 16);
    this.partials.push(elasticPartials);
    if (spec.electrostatics) {
      this.electrostatics = new ElectrostaticCoupling(
        gpu,
        spec,
        cache,
        { concentration: this.buffers.concentration, potential: this.buffers.potential, energyPartials: elasticPartials },
        this.bulkDispatch,
        { WORKGROUP_SIZE, ITEMS },
      );
      this.stateBytes += this.electrostatics.bytes;
    }
    if (spec.elasticity) {
      // the scene schema refuses elasticity with walls (src/scene/boundarySchema.ts)
      if (!(this.fft instanceof RealFft)) throw new Error('CahnHilliard: elasticity needs a periodic box');
      const fft = this.fft;
      const counts = { cells: this.cellCount, spectrum: this.spectrumCount };
      this.elasticity = new ElasticModel(gpu, spec.elasticity, this.params, fft, cache, counts, spec.scales.energyDensity);
      if (!spec.elasticity.homogeneous) {
        const model = this.elasticity;
        model.fixedPoint = new ElasticFixedPoint(
          gpu,
          fft,
          cache,
          (source) => model.compose(source),
          { ch: this.params, elastic: model.params },
          counts,
          { concentration: this.buffers.concentration, potential: this.buffers.potential, elasticPartials, indicator: spec.elasticity.matrixStiffness ? elasticIndicator(spec) : undefined, control: this.buffers.control },
          { cells: dispatchSize(Math.ceil(this.cellCount / WORKGROUP_SIZE), maxDim), spectrum: dispatchSize(Math.ceil(this.spectrumCount / WORKGROUP_SIZE), maxDim), bulk: this.bulkDispatch },
          { ITEMS },
        );
        this.stateBytes += model.fixedPoint.bytes;
      }
    }
    let elasticState = this.elasticity?.fixedPoint?.buffers.state;
    if (!elasticState) {
      elasticState = createStorageBuffer(gpu, `${label}.noElasticState`, ElasticState.byteSize);
      this.partials.push(elasticState);
    }
    const modulus = this.elasticity?.modulus ?? placeholder;
    const noStress = noStressObservables(gpu, label);
    this.partials.push(noStress);
    const stressObservables = this.elasticity?.stressObservables ?? noStress;
    const elastic = this.elasticity ? 1 : 0;
    // exact homogeneous solution: mu_el_hat = B(n) c_hat is explicit too; iterative: mu_el is in g and
    // B(n) of the reference medium only stabilises the implicit side
    const elasticExplicit = spec.elasticity?.homogeneous ? 1 : 0;

    const structs = [ChParams, StepControl, EtdControl, HistoryRecord, StressObservables, ElasticState];
    const library = {
      ...deviceLibrary(gpu),
      'ch/free_energy': FREE_ENERGY_WGSL[internal.freeEnergy.kind],
      'ch/wavevector': wavevectorSource,
      'ch/explicit_rate': explicitRateSource,
    };
    const constants = { WORKGROUP_SIZE, ITEMS };
    // the spectral kernels (those that import ch/wavevector) divide by the spectrum's extents as constants where that pays
    const spectrum = spectrumConstants(gpu, this.fft.spectrumShape);
    this.pipelines = {
      bulk: cache.compute(`${label}.bulkPotential`, composeShader(bulkPotentialSource, { structs, library }), 'main', constants),
      update: cache.compute(`${label}.semiImplicitUpdate`, composeShader(updateSource, { structs, library }), 'main', {
        ...constants,
        ...spectrum,
        VARIABLE_MOBILITY: this.variableMobility ? 1 : 0,
        ELASTIC: elastic,
        ELASTIC_EXPLICIT: elasticExplicit,
      }),
      control: cache.compute(`${label}.stepControl`, composeShader(controlSource, { structs, library }), 'main', { WORKGROUP_SIZE }),
    };
    const b = this.buffers;
    const flux = (d: number) => this.fluxSpectra[Math.min(d, this.fluxSpectra.length - 1)] ?? placeholder;
    if (this.scratch) {
      const potential = cache.compute(`${label}.chemicalPotentialSpectrum`, composeShader(chemicalPotentialSource, { structs, library }), 'main', { WORKGROUP_SIZE, ELASTIC: elasticExplicit, ...spectrum });
      const mobility = cache.compute(`${label}.mobilityFlux`, composeShader(mobilityFluxSource, { structs }), 'main', { WORKGROUP_SIZE });
      this.variable = {
        potential,
        mobility,
        potentialGroup: bindBuffers(device, `${label}.chemicalPotentialSpectrum`, potential, [b.spectrum, b.potentialSpectrum, this.params, modulus]),
        mobilityGroup: bindBuffers(device, `${label}.mobilityFlux`, mobility, [b.concentration, this.scratch.flux, this.params]),
        spectrumDispatch: dispatchSize(Math.ceil(this.spectrumCount / WORKGROUP_SIZE), maxDim),
        cellDispatch: dispatchSize(Math.ceil(this.cellCount / WORKGROUP_SIZE), maxDim),
        walls: hasWalls(spec) ? this.wallFluxParts(spec, cache, structs, library) : undefined,
      };
    }
    let muOutput: ReturnType<typeof this.chemicalPotentialOutput> | undefined;
    this.chemicalPotentialOutput = () => {
      if (muOutput) return muOutput;
      const pipeline = cache.compute(`${label}.chemicalPotentialOutput`, composeShader(chemicalPotentialSource, { structs, library }), 'main', {
        WORKGROUP_SIZE,
        ELASTIC: elasticExplicit,
        OUTPUT_SCALE: spec.scales.energyDensity,
        ...spectrum,
      });
      const group = bindBuffers(device, `${label}.chemicalPotentialOutput`, pipeline, [b.spectrum, b.potentialSpectrum, this.params, modulus]);
      muOutput = { pipeline, group, dispatch: dispatchSize(Math.ceil(this.spectrumCount / WORKGROUP_SIZE), maxDim) };
      return muOutput;
    };
    this.groups = {
      bulk: bindBuffers(device, `${label}.bulkPotential`, this.pipelines.bulk, [b.concentration, b.potential, bulkPartials, this.params]),
      update: bindBuffers(device, `${label}.semiImplicitUpdate`, this.pipelines.update, [
        b.spectrum,
        b.potentialSpectrum,
        b.previousIncrement,
        spectralPartials,
        this.params,
        b.control,
        flux(0),
        flux(1),
        flux(2),
        modulus,
      ]),
      control: bindBuffers(device, `${label}.stepControl`, this.pipelines.control, [bulkPartials, spectralPartials, this.params, b.control, b.history, stressObservables, elasticPartials, elasticState]),
    };
    if (etd) {
      // the three stage slots [a, b or cc, accumulator], each aligned for bind-group offsets
      const align = gpu.device.limits.minStorageBufferOffsetAlignment / 8;
      const stride = Math.ceil(this.spectrumCount / align) * align;
      const stages = createStorageBuffer(gpu, `${label}.etdStages`, 3 * stride * 8);
      const saved = createStorageBuffer(gpu, `${label}.savedConcentration`, real);
      this.partials.push(stages, saved);
      this.stateBytes += stages.size + saved.size;
      const rateConstants = { ...spectrum, WORKGROUP_SIZE, ITEMS: stageItems, STAGE_STRIDE: stride, VARIABLE_MOBILITY: this.variableMobility ? 1 : 0, ELASTIC: elastic, ELASTIC_EXPLICIT: elasticExplicit };
      const stageSource = composeShader(etdStageSource, { structs, library });
      const stagePipelines = [0, 1, 2, 3, 4, 5].map((stage) => cache.compute(`${label}.etdStage${stage}`, stageSource, 'main', { ...rateConstants, STAGE: stage, KROGSTAD: spec.etdStages === 'krogstad' ? 1 : 0 }));
      const stageBuffers = [b.spectrum, b.potentialSpectrum, b.previousIncrement, stages, spectralPartials, this.params, b.control, flux(0), flux(1), flux(2), modulus];
      const keepSource = composeShader(etdKeepSource, { structs });
      const restore = cache.compute(`${label}.etdKeepRestore`, keepSource, 'main', { WORKGROUP_SIZE, ITEMS });
      const control = cache.compute(`${label}.etdStepControl`, composeShader(etdControlSource, { structs, library }), 'main', { WORKGROUP_SIZE });
      const slotBinding = (slot: number) => ({ buffer: stages, offset: slot * stride * 8, size: this.spectrumCount * 8 });
      this.etd = {
        stages: stagePipelines.map((pipeline, stage) => ({ pipeline, group: bindBuffers(device, `${label}.etdStage${stage}`, pipeline, stageBuffers) })),
        saved,
        restore: { pipeline: restore, group: bindBuffers(device, `${label}.etdKeepRestore`, restore, [b.concentration, saved, this.params, b.control]) },
        control: { pipeline: control, group: bindBuffers(device, `${label}.etdStepControl`, control, [bulkPartials, spectralPartials, this.params, b.control, b.history, stressObservables, elasticPartials, elasticState]) },
        // variable mobility: mu_hat = g_hat + kappa k^2 c_hat of the spectrum being evaluated (slot a, b/cc or the candidate)
        potentialGroups: this.variable
          ? [0, 1, 2].map((slot) =>
              device.createBindGroup({
                label: `${label}.etdChemicalPotentialSpectrum${slot}`,
                layout: this.variable!.potential.getBindGroupLayout(0),
                entries: [slotBinding(slot), { buffer: b.potentialSpectrum }, { buffer: this.params }, { buffer: modulus }].map((resource, binding) => ({ binding, resource })),
              }),
            )
          : undefined,
        stageDispatch,
      };
    }
  }

  /** Variable mobility between walls: the derivative kernels and flux-basis transforms of every axis. */
  private wallFluxParts(spec: Spec, cache: PipelineCache, structs: ComposeOptions['structs'], library: Record<string, string>) {
    const label = 'CahnHilliard';
    const code = composeShader(wallDerivativeSource, { structs, library });
    const kinds = axisTransforms(spec);
    return {
      derivative: kinds.map((_, axis) => {
        const pipeline = cache.compute(`${label}.wallDerivative${'xyz'[axis]}`, code, 'main', { WORKGROUP_SIZE, AXIS: axis });
        return { pipeline, group: bindBuffers(this.gpu.device, `${label}.wallDerivative${'xyz'[axis]}`, pipeline, [this.buffers.potentialSpectrum, this.scratch!.potential, this.params]) };
      }),
      transforms: kinds.map((kind, axis): SpectralTransform =>
        kind === 'cosine'
          ? new RealToRealFft(this.gpu, spec.shape, kinds.map((k, a) => (a === axis ? 'sine' : k)), { cache, label: `${label}.fluxFft${'xyz'[axis]}` })
          : this.fft,
      ),
    };
  }

  /** Initial state: c (float64, x fastest) and the first time step, in internal units. */
  initialize(concentration: Float64Array, dtInitial: number): void {
    const device = this.gpu.device;
    device.queue.writeBuffer(this.buffers.concentration, 0, Float32Array.from(concentration));
    device.queue.writeBuffer(this.buffers.previousIncrement, 0, new Float32Array(this.spectrumCount * 2));
    device.queue.writeBuffer(
      this.buffers.control,
      0,
      this.etd
        ? EtdControl.pack({
            ...{ step: 0, recorded: 0, time: 0, dt: dtInitial, dtPrev: 0, timeCarry: 0, dtProposed: dtInitial },
            status: STATUS.priming,
            ...{ state: 0, stateLimit: NO_STATE_LIMIT, stateSince: 0, accepted: 0, rejected: 0, rejectedInRow: 0, freeEnergy: 0, bulkEnergy: 0, gradientEnergy: 0, elasticEnergy: 0 },
            ...{ cMean: 0, cMin: 0, cMax: 0, error: 0, elasticResidual: 0, elasticIterations: 0 },
          })
        : initialStepControl(dtInitial),
    );
    const encoder = device.createCommandEncoder({ label: 'CahnHilliard.initialize' });
    this.fft.forward(encoder, this.buffers.concentration, this.buffers.spectrum);
    // ETDRK4: a priming call evaluates the initial state (its observables and N(u), first same as last)
    if (this.etd) this.encodeEtdStep(encoder);
    device.queue.submit([encoder.finish()]);
  }

  /** Declared state (issue #25): the core buffers and the iterative elasticity's warm start. */
  stateBuffers(): StateBuffers {
    return [...coreStateBuffers(this.buffers), ...(this.elasticity?.fixedPoint?.stateBuffers() ?? [])];
  }

  /** Move the end time (internal units) the step control lands on. */
  setEndTime(tEnd: number): void {
    this.gpu.device.queue.writeBuffer(this.params, ChParams.offsetOf('tEnd'), new Float32Array([tEnd]));
  }

  /** Change the accuracy control's tolerance (RMS error in c per step) from the next step on: step-budget studies. */
  setTolerance(tolerance: number): void {
    if (this.spec.internal.control.kind !== 'accuracy') throw new Error('setTolerance: the scene has fixed time steps');
    this.gpu.device.queue.writeBuffer(this.params, ChParams.offsetOf('tolerance'), new Float32Array([tolerance]));
  }

  setStepLimit(dtMax: number): void {
    if (this.spec.internal.control.kind !== 'accuracy') return;
    this.gpu.device.queue.writeBuffer(this.params, ChParams.offsetOf('dtMax'), new Float32Array([Math.min(dtMax, this.spec.internal.control.dtMax)]));
  }

  /** Record one time step. */
  encodeStep(encoder: GPUCommandEncoder, timer?: { pass(name: string): GPUComputePassTimestampWrites | undefined }): void {
    if (this.etd) return this.encodeEtdStep(encoder, timer);
    const b = this.buffers;
    // inhomogeneous moduli: relax the strain for the current composition first (warm start)
    this.elasticity?.fixedPoint?.encodeIterations(encoder);
    let pass = encoder.beginComputePass({ label: 'CahnHilliard.bulkPotential', timestampWrites: timer?.pass('bulk_potential') });
    pass.setPipeline(this.pipelines.bulk);
    pass.setBindGroup(0, this.groups.bulk);
    pass.dispatchWorkgroups(...this.bulkDispatch);
    pass.end();
    this.electrostatics?.encode(encoder, timer);
    const fixedPoint = this.elasticity?.fixedPoint;
    if (fixedPoint) fixedPoint.encodePotential(encoder);
    this.fft.forward(encoder, b.potential, b.potentialSpectrum);
    if (this.variable && this.scratch) this.encodeMobilityFlux(encoder, timer);
    pass = encoder.beginComputePass({ label: 'CahnHilliard.semiImplicitUpdate', timestampWrites: timer?.pass('semi_implicit_update') });
    pass.setPipeline(this.pipelines.update);
    pass.setBindGroup(0, this.groups.update);
    pass.dispatchWorkgroups(...this.updateDispatch);
    pass.end();
    this.fft.inverse(encoder, b.potentialSpectrum, b.concentration);
    pass = encoder.beginComputePass({ label: 'CahnHilliard.stepControl', timestampWrites: timer?.pass('step_control') });
    pass.setPipeline(this.pipelines.control);
    pass.setBindGroup(0, this.groups.control);
    pass.dispatchWorkgroups(1);
    pass.end();
  }

  /**
   * Record the chemical potential of the current state, mu = f'(c) - kappa lap c + mu_el (scene units:
   * energy per volume per unit site fraction), into `output` (cellCount f32). Reuses the step's
   * potential and spectrum buffers, which the next step rewrites before reading; the mean-strain term of
   * the exact homogeneous solution is a uniform shift left out (views show mu - <mu>). For views and
   * outputs, never inside the step loop.
   */
  encodeChemicalPotential(encoder: GPUCommandEncoder, output: GPUBuffer): void {
    const b = this.buffers;
    const mu = this.chemicalPotentialOutput();
    let pass = encoder.beginComputePass({ label: 'CahnHilliard.bulkPotential (mu output)' });
    pass.setPipeline(this.pipelines.bulk);
    pass.setBindGroup(0, this.groups.bulk);
    pass.dispatchWorkgroups(...this.bulkDispatch);
    pass.end();
    this.electrostatics?.encode(encoder);
    this.elasticity?.fixedPoint?.encodePotential(encoder);
    this.fft.forward(encoder, b.potential, b.potentialSpectrum);
    pass = encoder.beginComputePass({ label: 'CahnHilliard.chemicalPotentialOutput' });
    pass.setPipeline(mu.pipeline);
    pass.setBindGroup(0, mu.group);
    pass.dispatchWorkgroups(...mu.dispatch);
    pass.end();
    this.fft.inverse(encoder, b.potentialSpectrum, output);
  }

  /**
   * Record phi of the current state (model.electrostatics; scene units) into `output` (cellCount f32).
   * The coupling kernel also adds to the step's scratch g and energy partials, which the next step
   * rewrites before reading. For views and outputs, never inside the step loop.
   */
  encodeElectricPotential(encoder: GPUCommandEncoder, output: GPUBuffer): void {
    if (!this.electrostatics) throw new Error('CahnHilliard: the scene has no model.electrostatics');
    this.electrostatics.encode(encoder);
    encoder.copyBufferToBuffer(this.electrostatics.potential, 0, output, 0, this.cellCount * 4);
  }

  /**
   * One ETDRK4 attempt (shaders/ch/etd_stage.wgsl): stages 0-3 from the state (u, N(u)), each stage's
   * spectrum transformed back and its explicit potential evaluated; then the candidate u4 is evaluated the
   * same way, its second error estimate summed (stage 5, which needs N(u4)), the step control accepts or
   * rejects it, and an accepted one is committed (u, N(u), c).
   * Nothing is read back: acceptance, the clock and the next dt live in the control buffer.
   */
  private encodeEtdStep(encoder: GPUCommandEncoder, timer?: { pass(name: string): GPUComputePassTimestampWrites | undefined }): void {
    const etd = this.etd!;
    const b = this.buffers;
    const dispatch = (label: string, part: { pipeline: GPUComputePipeline; group: GPUBindGroup }, size: [number, number], timing: string) => {
      const pass = encoder.beginComputePass({ label: `CahnHilliard.${label}`, timestampWrites: timer?.pass(timing) });
      pass.setPipeline(part.pipeline);
      pass.setBindGroup(0, part.group);
      pass.dispatchWorkgroups(...size);
      pass.end();
    };
    encoder.copyBufferToBuffer(b.concentration, 0, etd.saved, 0, this.cellCount * 4);
    dispatch('etdStage0', etd.stages[0], etd.stageDispatch, 'etd_stage');
    // the spectrum each evaluation transforms back: a (slot 0), b (1), cc (1), the candidate (2)
    for (const [stage, slot] of [[1, 0], [2, 1], [3, 1], [4, 2]] as const) {
      this.fft.inverse(encoder, b.potentialSpectrum, b.concentration);
      // a and b sit at t + dt/2, c and the candidate at t + dt (the elastic warm-start predictor's times)
      this.encodeExplicitPotential(encoder, timer, slot, stage < 3 ? 0.5 : 1, stage === 1);
      if (stage === 4) {
        // the candidate's N(u4) is at hand: the second error estimate, then the decision
        dispatch('etdStage5', etd.stages[5], etd.stageDispatch, 'etd_stage');
        dispatch('etdStepControl', etd.control, [1, 1], 'step_control');
      }
      dispatch(`etdStage${stage}`, etd.stages[stage], etd.stageDispatch, 'etd_stage');
    }
    dispatch('etdKeepRestore', etd.restore, this.bulkDispatch, 'etd_keep');
  }

  /** g = f'(c) (+ mu_el) of the field in the concentration buffer, its spectrum, and for variable mobility the flux spectra. */
  private encodeExplicitPotential(encoder: GPUCommandEncoder, timer: { pass(name: string): GPUComputePassTimestampWrites | undefined } | undefined, slot: number, stage: StageFraction, opensStep: boolean): void {
    const b = this.buffers;
    const fixedPoint = this.elasticity?.fixedPoint;
    fixedPoint?.encodeIterations(encoder, undefined, stage, opensStep);
    const pass = encoder.beginComputePass({ label: 'CahnHilliard.bulkPotential', timestampWrites: timer?.pass('bulk_potential') });
    pass.setPipeline(this.pipelines.bulk);
    pass.setBindGroup(0, this.groups.bulk);
    pass.dispatchWorkgroups(...this.bulkDispatch);
    pass.end();
    this.electrostatics?.encode(encoder, timer);
    fixedPoint?.encodePotential(encoder);
    this.fft.forward(encoder, b.potential, b.potentialSpectrum);
    if (this.variable) this.encodeMobilityFlux(encoder, timer, this.etd!.potentialGroups![slot]);
  }

  /** Variable mobility: J_hat_d = FFT[ M(c) IFFT(i k_d mu_hat) ] for each axis d. */
  private encodeMobilityFlux(
    encoder: GPUCommandEncoder,
    timer?: { pass(name: string): GPUComputePassTimestampWrites | undefined },
    potentialGroup: GPUBindGroup = this.variable!.potentialGroup,
  ): void {
    const v = this.variable!;
    const scratch = this.scratch!;
    const b = this.buffers;
    let pass = encoder.beginComputePass({ label: 'CahnHilliard.chemicalPotentialSpectrum', timestampWrites: timer?.pass('chemical_potential_spectrum') });
    pass.setPipeline(v.potential);
    pass.setBindGroup(0, potentialGroup);
    pass.dispatchWorkgroups(...v.spectrumDispatch);
    pass.end();
    this.fluxSpectra.forEach((fluxSpectrum, axis) => {
      const walls = v.walls;
      if (walls) {
        // d mu/dx_axis in the flux basis of the axis, then that basis's inverse transform
        pass = encoder.beginComputePass({ label: 'CahnHilliard.wallDerivative', timestampWrites: timer?.pass('wall_derivative') });
        pass.setPipeline(walls.derivative[axis].pipeline);
        pass.setBindGroup(0, walls.derivative[axis].group);
        pass.dispatchWorkgroups(...v.spectrumDispatch);
        pass.end();
        walls.transforms[axis].inverse(encoder, scratch.potential, scratch.flux);
      } else {
        // The inverse FFT overwrites its input: differentiate a copy of mu_hat.
        encoder.copyBufferToBuffer(b.potentialSpectrum, 0, scratch.potential, 0, scratch.potential.size);
        (this.fft as RealFft).inverse(encoder, scratch.potential, scratch.flux, { derivativeAxis: axis });
      }
      pass = encoder.beginComputePass({ label: 'CahnHilliard.mobilityFlux', timestampWrites: timer?.pass('mobility_flux') });
      pass.setPipeline(v.mobility);
      pass.setBindGroup(0, v.mobilityGroup);
      pass.dispatchWorkgroups(...v.cellDispatch);
      pass.end();
      (v.walls?.transforms[axis] ?? this.fft).forward(encoder, scratch.flux, fluxSpectrum);
    });
  }

  dispose(): void {
    for (const buffer of [...Object.values(this.buffers), ...this.partials, this.params]) buffer.destroy();
    this.elasticity?.dispose();
    this.electrostatics?.dispose();
    for (const t of this.variable?.walls?.transforms ?? []) if (t !== this.fft) t.dispose();
    this.fft.dispose();
  }
}
