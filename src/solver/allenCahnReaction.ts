/**
 * The Allen-Cahn-reaction (ACR) step on the GPU: a depth-averaged platelet (e.g. LiFePO4 with its fast
 * b axis through the thickness) filled by a Butler-Volmer reaction everywhere on its plane
 * (Bai, Cogswell & Bazant, Nano Lett. 11 (2011) 4890; Bazant, Acc. Chem. Res. 46 (2013) 1144; DESIGN.md 3.5):
 *
 *   dc/dt = rateScale g(c, mu) [exp(-alpha eta) - exp((1 - alpha) eta)],  eta = (mu - mu_O)/kT,
 *   mu = f'(c) - kappa lap c
 *
 * with the reservoir potential mu_O found on the GPU every step so that the mean rate is exactly the
 * imposed current (galvanostatic), or given (potentiostatic). Recorded into the caller's encoder, nothing
 * allocated or waited for; kernels (shaders/electrochem/):
 *   ch/bulk_potential (timed as acr_bulk_potential) c -> g = f'(c)  (+ partials: energy, mass, min, max)
 *   FFT forward             g -> g_hat
 *   acr_chemical_potential  mu_hat = g_hat + kappa k^2 c_hat
 *   FFT inverse             mu_hat -> mu
 *   exchange_sums           partial S_a, S_b
 *   galvanostatic           mu_O (Newton / closed form), mean rate, implicit linearisation D
 *     (Marcus-Hush-Chidsey instead: marcus_sums + marcus_reservoir, NEWTON_ITERATIONS + 1 times)
 *   reaction_rate           R(c, mu; mu_O) over mu
 *   FFT forward             R -> R_hat
 *   acr_update              (1 + dt D (A + kappa k^2)) dc_hat = dt R_hat; k = 0 takes dt I exactly
 *   FFT inverse             c_hat' -> c
 *   acr_step_control        history record (with voltage, current, capacity), status, next dt
 * time.integrator "semiImplicitHeun" (issue 17): the update runs as the predictor (STAGE 1: c* into
 * `concentration`, the state kept), then bulk_potential .. reaction_rate, FFT, acr_update (STAGE 2) again
 * on c* as the corrector, with their own partials and reaction state (acr_update.wgsl, chr_update.wgsl).
 */
// the Cahn-Hilliard bulk kernel serves as is: AcrParams has the fields it reads (cellCount, fe0..fe2)
import bulkSource from '../../shaders/ch/bulk_potential.wgsl?raw';
import chemicalPotentialSource from '../../shaders/electrochem/acr_chemical_potential.wgsl?raw';
import exchangeSumsSource from '../../shaders/electrochem/exchange_sums.wgsl?raw';
import galvanostaticSource from '../../shaders/electrochem/galvanostatic.wgsl?raw';
import reactionRateSource from '../../shaders/electrochem/reaction_rate.wgsl?raw';
import updateSource from '../../shaders/electrochem/acr_update.wgsl?raw';
import controlSource from '../../shaders/electrochem/acr_step_control.wgsl?raw';
import exchangeCurrentSource from '../../shaders/electrochem/exchange_current.wgsl?raw';
import marcusSource from '../../shaders/electrochem/marcus.wgsl?raw';
import marcusSumsSource from '../../shaders/electrochem/marcus_sums.wgsl?raw';
import marcusReservoirSource from '../../shaders/electrochem/marcus_reservoir.wgsl?raw';
import protocolEndSource from '../../shaders/electrochem/protocol_end.wgsl?raw';
import wavevectorSource from '../../shaders/ch/wavevector.wgsl?raw';
import type { GpuContext } from '../gpu/device.ts';
import { createStorageBuffer, createUniformBuffer } from '../gpu/buffers.ts';
import { PipelineCache, bindBuffers } from '../gpu/pipelineCache.ts';
import { composeShader, deviceLibrary } from '../gpu/shaderSource.ts';
import type { FreeEnergyParams } from '../physics/freeEnergy.ts';
import { GAS_CONSTANT } from '../physics/constants.ts';
import type { Spec } from '../scene/resolve.ts';
import { electrochemistryOf, reactionSetpoint, type Electrochemistry, type ReactionSetpoint } from '../scene/resolveElectrochemistry.ts';
import { RealFft } from '../fft/realFft.ts';
import { FREE_ENERGY_WGSL } from './freeEnergyKernels.ts';
import { HistoryRecord, initialStepControl, StepControl } from './layouts.ts';
import { ElasticModel, noStressObservables } from './elasticity.ts';
import { ElasticState, StressObservables } from './elasticLayouts.ts';
import { AcrParams, ReactionControl, ReactionState } from './electrochemLayouts.ts';
import { dispatchSize, itemsPerInvocation } from '../gpu/dispatch.ts';
import { coreStateBuffers, createStepperState, type StateBuffers } from './stepperState.ts';
import { coherencyGridParams, EXCHANGE_FORMS, growthPerStep, growthStep, reactionParamFields, readProtocolStepEnded, writeSetpoint } from './reactionParams.ts';
import type { Stepper, StepTimer } from './stepper.ts';

const WORKGROUP_SIZE = 256;
/**
 * Newton updates of mu_O per step under Marcus kinetics. Warm-started from the previous step, the
 * iteration converges quadratically (the mean rate is monotone and smooth in mu_O); the k = 0 mode takes
 * the imposed current exactly whatever the residual, so the count only sets how well the local rates
 * are distributed in the first steps after a switch.
 */
const NEWTON_ITERATIONS = 6;



export interface AcrBuffers {
  concentration: GPUBuffer;
  potential: GPUBuffer;
  spectrum: GPUBuffer;
  potentialSpectrum: GPUBuffer;
  previousIncrement: GPUBuffer;
  control: GPUBuffer;
  history: GPUBuffer;
  reactionControl: GPUBuffer;
  reactionState: GPUBuffer;
}

type Kernel = 'bulk' | 'chemicalPotential' | 'exchangeSums' | 'galvanostatic' | 'reactionRate' | 'update' | 'control';
/** The kernels whose corrector stage of the semiImplicitHeun step runs with other buffers or another STAGE. */
type CorrectorKernel = 'bulk' | 'chemicalPotential' | 'galvanostatic' | 'reactionRate' | 'update';

export class AllenCahnReactionStepper implements Stepper {
  readonly buffers: AcrBuffers;
  readonly fft: RealFft;
  readonly cellCount: number;
  readonly spectrumCount: number;
  readonly stateBytes: number;
  /** per-workgroup statistics partials a step writes: of the cells and of the modes (the benchmark's byte model) */
  readonly partialCounts: { cells: number; modes: number };
  readonly electrochemistry: Electrochemistry;
  /**
   * Coherency strain (homogeneous modulus): B(n) per mode for mu and the update, and the stress of the
   * state c for views, frames and the sigma columns (the platelet's eigenstrain is eps00 (c - cRef))
   */
  readonly elasticity?: ElasticModel;
  private readonly gridParams?: GPUBuffer;
  private readonly params: GPUBuffer;
  private readonly partials: GPUBuffer[];
  private readonly pipelines: Record<Kernel, GPUComputePipeline>;
  private readonly groups: Record<Kernel, GPUBindGroup>;
  private readonly dispatch: Record<Kernel, [number, number]>;
  /** Marcus-Hush-Chidsey kinetics: the Newton iteration for mu_O that replaces exchange_sums + galvanostatic. */
  private readonly marcus?: Record<'sums' | 'newton' | 'final', { pipeline: GPUComputePipeline; group: GPUBindGroup }>;
  /** The mu output pipeline (scaled to scene units), compiled on first use. */
  private readonly chemicalPotentialOutput: () => { pipeline: GPUComputePipeline; group: GPUBindGroup };
  private readonly paramBytes: ArrayBuffer;
  /** the time step: first order (semiImplicitEuler) or the second-order predictor-corrector (semiImplicitHeun) */
  readonly integrator: 'semiImplicitEuler' | 'semiImplicitHeun';
  /** semiImplicitHeun: the corrector stage's pipelines and bind groups */
  private readonly corrector?: Record<CorrectorKernel, { pipeline: GPUComputePipeline; group: GPUBindGroup }>;

  constructor(
    readonly gpu: GpuContext,
    readonly spec: Spec,
    cache: PipelineCache = new PipelineCache(gpu.device),
  ) {
    // elements per invocation of the looping kernels (16 on software adapters, 4 on GPUs)
    const ITEMS = itemsPerInvocation(gpu);
    const ec = electrochemistryOf(spec);
    if (!ec || ec.reaction.mode !== 'acr') throw new Error('AllenCahnReactionStepper: the scene has no ACR reaction');
    if (spec.elasticity && !spec.elasticity.homogeneous) throw new Error('model.elasticity: the ACR platelet supports the homogeneous-modulus (Khachaturyan) elasticity only');
    this.electrochemistry = ec;
    const device = gpu.device;
    const shape3 = [spec.shape[0], spec.shape[1], spec.shape[2] ?? 1];
    this.fft = new RealFft(gpu, spec.shape, { cache, label: 'AllenCahnReaction.fft', lengths: spec.internal.size });
    this.cellCount = shape3[0] * shape3[1] * shape3[2];
    this.spectrumCount = this.fft.spectrumLength;
    const maxDim = gpu.limits.maxComputeWorkgroupsPerDimension;
    const cellGroups = dispatchSize(Math.ceil(this.cellCount / (WORKGROUP_SIZE * ITEMS)), maxDim);
    const spectralGroups = dispatchSize(Math.ceil(this.spectrumCount / (WORKGROUP_SIZE * ITEMS)), maxDim);
    this.dispatch = {
      bulk: cellGroups,
      chemicalPotential: dispatchSize(Math.ceil(this.spectrumCount / WORKGROUP_SIZE), maxDim),
      exchangeSums: cellGroups,
      galvanostatic: [1, 1],
      reactionRate: dispatchSize(Math.ceil(this.cellCount / WORKGROUP_SIZE), maxDim),
      update: spectralGroups,
      control: [1, 1],
    };
    const cellPartialCount = cellGroups[0] * cellGroups[1];
    const spectralPartialCount = spectralGroups[0] * spectralGroups[1];
    this.partialCounts = { cells: cellPartialCount, modes: spectralPartialCount };

    const label = 'AllenCahnReaction';
    const real = this.cellCount * 4;
    const complex = this.spectrumCount * 8;
    this.buffers = {
      // previousIncrement holds per mode the increment (xy) and the state's compensated-sum residue (zw)
      ...createStepperState(gpu, label, this.cellCount, this.spectrumCount, StepControl.byteSize, 16),
      reactionControl: createStorageBuffer(gpu, `${label}.reactionControl`, ReactionControl.byteSize),
      reactionState: createStorageBuffer(gpu, `${label}.reactionState`, ReactionState.byteSize),
    };
    const cellPartials = createStorageBuffer(gpu, `${label}.cellPartials`, cellPartialCount * 16);
    const exchangePartials = createStorageBuffer(gpu, `${label}.exchangePartials`, cellPartialCount * 16);
    const spectralPartials = createStorageBuffer(gpu, `${label}.spectralPartials`, spectralPartialCount * 16);
    // Coherency strain: B(n) per mode from the elasticity module, which reads the grid through a ChParams
    // uniform (only its grid fields matter there; the rest stay zero).
    const placeholder = createStorageBuffer(gpu, `${label}.noModulus`, 16);
    if (spec.elasticity) {
      const chParams = coherencyGridParams(device, label, spec, { cellCount: this.cellCount, spectrumCount: this.spectrumCount });
      this.elasticity = new ElasticModel(gpu, spec.elasticity, chParams, this.fft, cache, { cells: this.cellCount, spectrum: this.spectrumCount }, spec.scales.energyDensity);
      this.gridParams = chParams;
    }
    const modulus = this.elasticity?.modulus ?? placeholder;
    const noStress = noStressObservables(gpu, label);
    // the step control's binding of the CHR particle's iterative elasticity (unused here)
    const elasticState = createStorageBuffer(gpu, `${label}.noElasticState`, ElasticState.byteSize);
    if (spec.integrator !== 'semiImplicitEuler' && spec.integrator !== 'semiImplicitHeun') throw new Error(`time.integrator: the ACR platelet steps with "semiImplicitEuler" or "semiImplicitHeun", not "${spec.integrator}"`);
    this.integrator = spec.integrator;
    const heun = this.integrator === 'semiImplicitHeun';
    if (heun && (ec.law.kind !== 'butlerVolmer' || ec.reaction.fluctuations > 0)) throw new Error('time.integrator: "semiImplicitHeun" steps Butler-Volmer kinetics without fluctuations');
    // semiImplicitHeun: the corrector's reaction state, r and c*_hat of the predictor, the corrector's bulk
    // partials (the step control records the step's own state); two writable placeholders otherwise
    const stageState = createStorageBuffer(gpu, `${label}.stageState`, ReactionState.byteSize);
    // r, then c*_hat from an offset the storage-binding alignment allows (acr_update.wgsl PREDICTED_OFFSET)
    const alignment = device.limits.minStorageBufferOffsetAlignment;
    const predictedOffset = Math.ceil(complex / alignment) * alignment;
    const stage = {
      spectrum: createStorageBuffer(gpu, `${label}.stageSpectrum`, heun ? predictedOffset + complex : 16),
      cellPartials: heun ? createStorageBuffer(gpu, `${label}.stageCellPartials`, cellPartialCount * 16) : placeholder,
    };
    this.partials = [cellPartials, exchangePartials, spectralPartials, placeholder, noStress, elasticState, stageState, stage.spectrum, ...(heun ? [stage.cellPartials] : [])];
    this.stateBytes = 2 * real + 4 * complex + (2 * cellPartialCount + spectralPartialCount) * 16 + (heun ? predictedOffset + complex + cellPartialCount * 16 : 0);

    const internal = spec.internal;
    this.params = createUniformBuffer(device, `${label}.params`, AcrParams.byteSize);
    this.paramBytes = AcrParams.pack({
      ...reactionParamFields(spec, ec, { cellCount: this.cellCount, spectrumCount: this.spectrumCount, cellPartialCount, spectralPartialCount, stabilizer: internal.stabilizer }),
      // every cell of the platelet reacts and holds sites
      siteTotal: this.cellCount,
      siteMeasure: this.cellCount,
      growthMobility: 0,
    });
    device.queue.writeBuffer(this.params, 0, this.paramBytes);

    const structs = [AcrParams, StepControl, HistoryRecord, ReactionControl, ReactionState, StressObservables, ElasticState];
    const library = {
      ...deviceLibrary(gpu),
      'ch/free_energy': FREE_ENERGY_WGSL[internal.freeEnergy.kind],
      'ch/wavevector': wavevectorSource,
      'electrochem/exchange_current': exchangeCurrentSource,
      'electrochem/marcus': marcusSource,
      'electrochem/protocol_end': protocolEndSource,
    };
    const form = { EXCHANGE_FORM: EXCHANGE_FORMS[ec.law.exchangeCurrent] };
    const compile = (name: string, source: string, constants: Record<string, number>, prelude?: string) =>
      cache.compute(`${label}.${name}`, composeShader(source, { structs, library, prelude }), 'main', { WORKGROUP_SIZE, ...constants });
    this.pipelines = {
      bulk: compile('bulkPotential', bulkSource, { ITEMS }, 'alias ChParams = AcrParams;'),
      chemicalPotential: compile('chemicalPotential', chemicalPotentialSource, { ELASTIC: spec.elasticity ? 1 : 0 }),
      exchangeSums: compile('exchangeSums', exchangeSumsSource, { ITEMS, ...form }),
      galvanostatic: compile('galvanostatic', galvanostaticSource, {}),
      reactionRate: compile('reactionRate', reactionRateSource, { ...form, MARCUS: ec.law.kind === 'marcus' ? 1 : 0 }),
      update: compile('update', updateSource, { ITEMS, ELASTIC: spec.elasticity ? 1 : 0, ...(heun ? { STAGE: 1, PREDICTED_OFFSET: predictedOffset / 8 } : {}) }),
      control: compile('stepControl', controlSource, {}),
    };
    const b = this.buffers;
    const p = this.pipelines;
    const bind = (name: Kernel, buffers: GPUBuffer[]) => bindBuffers(device, `${label}.${name}`, p[name], buffers);
    if (ec.law.kind === 'marcus') {
      const sums = compile('marcusSums', marcusSumsSource, { ITEMS, ...form });
      const newton = compile('marcusReservoir', marcusReservoirSource, { FINAL: 0 });
      const final = compile('marcusReservoirFinal', marcusReservoirSource, { FINAL: 1 });
      const reservoirBuffers = [exchangePartials, this.params, b.reactionControl, b.reactionState, b.control];
      this.marcus = {
        sums: { pipeline: sums, group: bindBuffers(device, `${label}.marcusSums`, sums, [b.concentration, b.potential, exchangePartials, this.params, b.reactionState]) },
        newton: { pipeline: newton, group: bindBuffers(device, `${label}.marcusReservoir`, newton, reservoirBuffers) },
        final: { pipeline: final, group: bindBuffers(device, `${label}.marcusReservoirFinal`, final, reservoirBuffers) },
      };
    }
    let muOutput: { pipeline: GPUComputePipeline; group: GPUBindGroup } | undefined;
    this.chemicalPotentialOutput = () => {
      if (!muOutput) {
        const pipeline = compile('chemicalPotentialOutput', chemicalPotentialSource, { ELASTIC: spec.elasticity ? 1 : 0, OUTPUT_SCALE: spec.scales.energyDensity });
        muOutput = { pipeline, group: bindBuffers(device, `${label}.chemicalPotentialOutput`, pipeline, [b.spectrum, b.potentialSpectrum, this.params, modulus]) };
      }
      return muOutput;
    };
    const updateBuffers = [b.spectrum, b.potentialSpectrum, b.previousIncrement, spectralPartials, this.params, b.control, b.reactionState, modulus, b.reactionControl, stage.spectrum, stageState];
    this.groups = {
      bulk: bind('bulk', [b.concentration, b.potential, cellPartials, this.params]),
      chemicalPotential: bind('chemicalPotential', [b.spectrum, b.potentialSpectrum, this.params, modulus]),
      exchangeSums: bind('exchangeSums', [b.concentration, b.potential, exchangePartials, this.params, placeholder]),
      galvanostatic: bind('galvanostatic', [exchangePartials, this.params, b.reactionControl, b.reactionState, b.control]),
      reactionRate: bind('reactionRate', [b.concentration, b.potential, this.params, b.reactionState, placeholder]),
      update: bind('update', updateBuffers),
      control: bind('control', [cellPartials, spectralPartials, this.params, b.control, b.history, b.reactionState, b.reactionControl, placeholder, this.elasticity?.stressObservables ?? noStress, placeholder, elasticState]),
    };
    if (heun) {
      const corrector = (pipeline: GPUComputePipeline, name: string, buffers: GPUBuffer[]) => ({ pipeline, group: bindBuffers(device, `${label}.${name}Corrector`, pipeline, buffers) });
      this.corrector = {
        bulk: corrector(p.bulk, 'bulk', [b.concentration, b.potential, stage.cellPartials, this.params]),
        // c*_hat: stageSpectrum from predictedOffset
        chemicalPotential: { pipeline: p.chemicalPotential, group: device.createBindGroup({
          label: `${label}.chemicalPotentialCorrector`,
          layout: p.chemicalPotential.getBindGroupLayout(0),
          entries: [{ binding: 0, resource: { buffer: stage.spectrum, offset: predictedOffset, size: complex } }, ...[b.potentialSpectrum, this.params, modulus].map((buffer, i) => ({ binding: i + 1, resource: { buffer } }))],
        }) },
        galvanostatic: corrector(compile('galvanostaticCorrector', galvanostaticSource, { PROTOCOL_END: 0 }), 'galvanostatic', [exchangePartials, this.params, b.reactionControl, stageState, b.control]),
        reactionRate: corrector(p.reactionRate, 'reactionRate', [b.concentration, b.potential, this.params, stageState, placeholder]),
        update: corrector(compile('updateCorrector', updateSource, { ITEMS, ELASTIC: spec.elasticity ? 1 : 0, STAGE: 2, PREDICTED_OFFSET: predictedOffset / 8 }), 'update', updateBuffers),
      };
    }
  }

  /** Initial state (float64 c, x fastest) and first step; the first protocol step's setpoint. */
  initialize(concentration: Float64Array, dtInitial: number): void {
    const device = this.gpu.device;
    const mean = concentration.reduce((s, v) => s + v, 0) / concentration.length;
    new DataView(this.paramBytes).setFloat32(AcrParams.offsetOf('cMeanInitial'), mean, true);
    device.queue.writeBuffer(this.params, 0, this.paramBytes);
    device.queue.writeBuffer(this.buffers.concentration, 0, Float32Array.from(concentration));
    device.queue.writeBuffer(this.buffers.previousIncrement, 0, new Float32Array(this.spectrumCount * 4));
    device.queue.writeBuffer(this.buffers.control, 0, initialStepControl(dtInitial));
    device.queue.writeBuffer(this.buffers.reactionState, 0, new ArrayBuffer(ReactionState.byteSize));
    this.setSetpoint(reactionSetpoint(this.electrochemistry, this.electrochemistry.protocol.steps[0], 0, this.spec.scales.time));
    const encoder = device.createCommandEncoder({ label: 'AllenCahnReaction.initialize' });
    this.fft.forward(encoder, this.buffers.concentration, this.buffers.spectrum);
    device.queue.submit([encoder.finish()]);
  }

  /**
   * Declared state (issue #25): the core buffers, the protocol setpoint with its step-ended flag, and the
   * reservoir state (mu_O, the Marcus Newton warm start, the k = 0 mode's compensated-sum residue).
   */
  stateBuffers(): StateBuffers {
    return [...coreStateBuffers(this.buffers), ['reaction_control', this.buffers.reactionControl], ['reaction_state', this.buffers.reactionState]];
  }

  /**
   * Run the kinetics at `kelvin` from the next submitted step on (thermal coupling, issue #11,
   * src/solver/thermalCoupling.ts): kT, the entropy term RT of the regular solution (Omega and kappa are
   * enthalpic and stay), the noise and growth-step caps that scale with them, and the Arrhenius factor of
   * k0 (AcrParams.logRateFactor). One queue.writeBuffer, ordered after the chunks already submitted;
   * nothing is waited for. The energy unit stays R T_scene per site, so voltages and cut-offs keep their meaning.
   */
  setTemperature(kelvin: number): void {
    const ec = this.electrochemistry;
    const fe = this.spec.internal.freeEnergy;
    if (!(kelvin > 0) || fe.kind !== 'regularSolution') throw new Error(`AllenCahnReactionStepper.setTemperature: needs a regular solution and T > 0 (got ${kelvin} K)`);
    const ratio = kelvin / ec.temperature;
    const kt = ec.internal.thermalEnergy * ratio;
    const feAtT: FreeEnergyParams = { ...fe, rt: fe.rt * ratio };
    const ex = ec.reaction.exchangeCurrent;
    const view = new DataView(this.paramBytes);
    const put = (name: string, value: number) => view.setFloat32(AcrParams.offsetOf(name), value, true);
    put('fe0', feAtT.rt); // fe0.x: rt of the regular solution (freeEnergyCoefficients)
    put('thermalEnergy', kt);
    put('growthStep', growthStep(feAtT, kt, growthPerStep(this.spec)));
    put('noiseStrength', (ec.reaction.fluctuations ** 2 * 2 * kt) / ec.sitesPerCell);
    put('logRateFactor', -(ex.activationEnergy / GAS_CONSTANT) * (1 / kelvin - 1 / ec.temperature));
    this.gpu.device.queue.writeBuffer(this.params, 0, this.paramBytes);
  }

  /**
   * Whether the protocol step has ended on the GPU (cut-off, end time, end current): an asynchronous read
   * of the control buffer, ordered after the work submitted so far. The cycler polls it between chunks.
   */
  protocolStepEnded(): Promise<boolean> {
    return readProtocolStepEnded(this.gpu.device, this.buffers.reactionControl);
  }

  /** Impose a protocol step from the next submitted step on (clears the step-ended flag). */
  setSetpoint(setpoint: ReactionSetpoint): void {
    writeSetpoint(this.gpu.device, this.buffers.reactionControl, setpoint);
  }

  setStepLimit(dtMax: number): void {
    if (this.spec.internal.control.kind !== 'accuracy') return;
    // kept in paramBytes, which later host updates write back whole
    new DataView(this.paramBytes).setFloat32(AcrParams.offsetOf('dtMax'), Math.min(dtMax, this.spec.internal.control.dtMax), true);
    this.gpu.device.queue.writeBuffer(this.params, 0, this.paramBytes);
  }

  encodeStep(encoder: GPUCommandEncoder, timer?: StepTimer): void {
    const b = this.buffers;
    this.kernel(encoder, 'bulk', 'acr_bulk_potential', timer);
    this.fft.forward(encoder, b.potential, b.potentialSpectrum);
    this.kernel(encoder, 'chemicalPotential', 'acr_chemical_potential', timer);
    this.fft.inverse(encoder, b.potentialSpectrum, b.potential);
    if (this.marcus) this.encodeMarcusReservoir(encoder, timer);
    else {
      this.kernel(encoder, 'exchangeSums', 'exchange_sums', timer);
      this.kernel(encoder, 'galvanostatic', 'galvanostatic', timer);
    }
    this.kernel(encoder, 'reactionRate', 'reaction_rate', timer);
    this.fft.forward(encoder, b.potential, b.potentialSpectrum);
    this.kernel(encoder, 'update', 'acr_update', timer);
    this.fft.inverse(encoder, b.potentialSpectrum, b.concentration);
    const corrector = this.corrector;
    if (corrector) {
      // the same sequence on the predicted state c* (now in `concentration`)
      const stage = (name: CorrectorKernel, timing: string) => this.pass(encoder, corrector[name].pipeline, corrector[name].group, this.dispatch[name], timing, timer);
      stage('bulk', 'acr_bulk_potential');
      this.fft.forward(encoder, b.potential, b.potentialSpectrum);
      stage('chemicalPotential', 'acr_chemical_potential');
      this.fft.inverse(encoder, b.potentialSpectrum, b.potential);
      this.kernel(encoder, 'exchangeSums', 'exchange_sums', timer);
      stage('galvanostatic', 'galvanostatic');
      stage('reactionRate', 'reaction_rate');
      this.fft.forward(encoder, b.potential, b.potentialSpectrum);
      stage('update', 'acr_update');
      this.fft.inverse(encoder, b.potentialSpectrum, b.concentration);
    }
    this.kernel(encoder, 'control', 'acr_step_control', timer);
  }

  /**
   * Record the chemical potential of the current state (the one the next step's overpotentials use),
   * mu = f'(c) - kappa lap c + mu_coherency, in scene units (energy per volume per unit site fraction),
   * into `output`. The first half of a step with its own output: the step buffers it touches are
   * rewritten by the next step before they are read. For views and outputs, never per step.
   */
  encodeChemicalPotential(encoder: GPUCommandEncoder, output: GPUBuffer): void {
    const b = this.buffers;
    this.kernel(encoder, 'bulk', 'acr_bulk_potential');
    this.fft.forward(encoder, b.potential, b.potentialSpectrum);
    const pass = encoder.beginComputePass({ label: 'AllenCahnReaction.chemicalPotentialOutput' });
    const mu = this.chemicalPotentialOutput();
    pass.setPipeline(mu.pipeline);
    pass.setBindGroup(0, mu.group);
    pass.dispatchWorkgroups(...this.dispatch.chemicalPotential);
    pass.end();
    this.fft.inverse(encoder, b.potentialSpectrum, output);
  }

  /**
   * Marcus-Hush-Chidsey: NEWTON_ITERATIONS (sums, Newton update) pairs warm-started from the previous
   * step's mu_O, then the sums at the final mu_O and the pass that fixes the step's rate and linearisation.
   */
  private encodeMarcusReservoir(encoder: GPUCommandEncoder, timer?: StepTimer): void {
    const m = this.marcus!;
    const pass = (k: { pipeline: GPUComputePipeline; group: GPUBindGroup }, groups: [number, number], timing: string) => {
      const p = encoder.beginComputePass({ label: `AllenCahnReaction.${timing}`, timestampWrites: timer?.pass(timing) });
      p.setPipeline(k.pipeline);
      p.setBindGroup(0, k.group);
      p.dispatchWorkgroups(...groups);
      p.end();
    };
    for (let i = 0; i <= NEWTON_ITERATIONS; i++) {
      pass(m.sums, this.dispatch.exchangeSums, 'marcus_sums');
      pass(i < NEWTON_ITERATIONS ? m.newton : m.final, [1, 1], 'marcus_reservoir');
    }
  }

  private kernel(encoder: GPUCommandEncoder, name: Kernel, timing: string, timer?: StepTimer): void {
    this.pass(encoder, this.pipelines[name], this.groups[name], this.dispatch[name], timing, timer);
  }

  private pass(encoder: GPUCommandEncoder, pipeline: GPUComputePipeline, group: GPUBindGroup, groups: [number, number], timing: string, timer?: StepTimer): void {
    const pass = encoder.beginComputePass({ label: `AllenCahnReaction.${timing}`, timestampWrites: timer?.pass(timing) });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(...groups);
    pass.end();
  }

  dispose(): void {
    for (const buffer of [...Object.values(this.buffers), ...this.partials, this.params]) buffer.destroy();
    this.elasticity?.dispose();
    this.gridParams?.destroy();
    this.fft.dispose();
  }
}
