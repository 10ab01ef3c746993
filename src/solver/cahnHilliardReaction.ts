/**
 * The CHR particle step on the GPU (issue #6): Cahn-Hilliard diffusion inside a particle given by the
 * scene's geometry, with the Butler-Volmer reaction as a flux through its surface, in the periodic box
 * of the smoothed-boundary method (Yu, Chen & Thornton, Modelling Simul. Mater. Sci. Eng. 20 (2012)
 * 075008; Bazant, Acc. Chem. Res. 46 (2013) 1144; DESIGN.md 3.5):
 *
 *   psi dc/dt = div(psi M grad mu) + w R / rho_s,     w = |grad psi| (the reaction-site density),
 *   mu = f'(c) - kappa lap c + mu_coherency,   R Butler-Volmer with eta = mu - mu_O
 *
 * (the plain Laplacian rather than DESIGN's (kappa/psi) div(psi grad c); chr_potential.wgsl and
 * docs/electrochemistry.md "CHR particles" give the measured reason and why it is acceptable).
 *
 * The step evolves the Li content u = psi c (psi >= PSI_MIN), whose k = 0 mode is the particle's Li:
 * the divergence sums to zero on the periodic box, so under galvanostatic control u_hat(0) takes dt I
 * exactly (as in the ACR stepper) and the inserted Li is the integral of the current to rounding.
 * mu_O comes from the ACR kernels with the sums weighted by w (exchange_sums, galvanostatic with
 * siteTotal = sum w), and the protocol, history ring, cut-offs and adaptive dt are acr_step_control's.
 * The smoothed-boundary operators are local, conservative face differences in real space (psi-weighted
 * faces; shaders/electrochem/chr_stencil.wgsl says why not spectral derivatives); the FFT carries the
 * stabilised semi-implicit solve. Recorded into the caller's encoder, nothing allocated or waited for:
 *   [ELASTIC: chr_particle_content q = w c (w = psi on the particle's side of psi = 0.01) -> FFT ->
 *    chr_elastic_potential B(n) theta_hat, theta = w (c - cbar); chr_elastic_mean its uniform part -<m>_w;
 *    FFT inverse -> mu_el]
 *   [or, with a matrix (electrolyte or pore): the iterative inhomogeneous solver (ElasticFixedPoint,
 *    warm-started CG) for c, then elastic_potential (PER_SITE) mu_el = (1/psi) dW/dc]
 *   chr_potential              mu = f'(c) - kappa lap c + mu_el (extended outward)  (+ partials: energy, Li, min, max)
 *   exchange_sums (weighted)   partial S_a, S_b (w-weighted), max (w/psi) g e^...
 *   galvanostatic              mu_O, mean rate, reaction linearisation D
 *   reaction_rate (weighted)   w R over mu
 *   chr_divergence             N / psi,  N = w R + div(psi M grad mu)  (the rate of c)
 *   FFT forward                (N / psi)_hat
 *   chr_update                 (1 + dt (Mbar k^2 + D)(A + kappa k^2 + B)) dc_hat = dt (N / psi)_hat
 *   FFT inverse                dc
 *   chr_content_increment      du = psi dc
 *   FFT forward                du_hat
 *   chr_accumulate             u_hat' = u_hat + du_hat + lambda psi_hat; k = 0: + dt I exactly
 *   FFT inverse                u_hat' -> u
 *   chr_concentration          c = u / psi
 *   acr_step_control           history record (voltage, current, capacity), status, next dt
 * Four FFTs per step (five with coherency strain; in a matrix the CG solve's 18 + 12 per iteration on top). The implicit side acts on c (chr_update.wgsl says
 * why); the Li content u carries the exact inserted charge.
 *
 * Particle in a solid electrolyte or a pore (issue #19; `model.elasticity.matrix`): the stiffness is
 * C(x) = psi C_p(c) + (1 - psi) C_matrix with the geometry's unregularised psi (a void matrix: zero
 * stiffness outside, a traction-free surface), the Vegard eigenstress psi C_p h(c) eps00 of the particle's
 * own composition (docs/elasticity.md "Interfaces"), solved every step by the contrast-robust CG
 * Lippmann-Schwinger solver of the plain Cahn-Hilliard scenes (docs/elasticity.md) with the strain kept
 * between steps. mu_el = (1/psi) dW/dc (per site; -Omega sigma_h inside for a dilatational misfit) is
 * extended outward like the coherency potential; B(n) of the solver's reference medium stabilises the
 * implicit side; the elastic energy is the real-space sum (acr_step_control REAL_SPACE_ELASTIC), which
 * also records the solver's residual for the host's iteration count (Simulation.adaptElasticIterations).
 */
import chrPotentialSource from '../../shaders/electrochem/chr_potential.wgsl?raw';
import chrElasticPotentialSource from '../../shaders/electrochem/chr_elastic_potential.wgsl?raw';
import chrElasticMeanSource from '../../shaders/electrochem/chr_elastic_mean.wgsl?raw';
import chrParticleContentSource from '../../shaders/electrochem/chr_particle_content.wgsl?raw';
import chrDivergenceSource from '../../shaders/electrochem/chr_divergence.wgsl?raw';
import chrStencilSource from '../../shaders/electrochem/chr_stencil.wgsl?raw';
import chrUpdateSource from '../../shaders/electrochem/chr_update.wgsl?raw';
import chrConcentrationSource from '../../shaders/electrochem/chr_concentration.wgsl?raw';
import chrContentIncrementSource from '../../shaders/electrochem/chr_content_increment.wgsl?raw';
import chrAccumulateSource from '../../shaders/electrochem/chr_accumulate.wgsl?raw';
import exchangeSumsSource from '../../shaders/electrochem/exchange_sums.wgsl?raw';
import galvanostaticSource from '../../shaders/electrochem/galvanostatic.wgsl?raw';
import reactionRateSource from '../../shaders/electrochem/reaction_rate.wgsl?raw';
import controlSource from '../../shaders/electrochem/acr_step_control.wgsl?raw';
import exchangeCurrentSource from '../../shaders/electrochem/exchange_current.wgsl?raw';
import marcusSource from '../../shaders/electrochem/marcus.wgsl?raw';
import protocolEndSource from '../../shaders/electrochem/protocol_end.wgsl?raw';
import wavevectorSource from '../../shaders/ch/wavevector.wgsl?raw';
import type { GpuContext } from '../gpu/device.ts';
import { createStorageBuffer, createUniformBuffer } from '../gpu/buffers.ts';
import { PipelineCache, bindBuffers } from '../gpu/pipelineCache.ts';
import { composeShader, deviceLibrary } from '../gpu/shaderSource.ts';
import { freeEnergy } from '../physics/freeEnergy.ts';
import { FARADAY } from '../physics/constants.ts';
import type { Spec } from '../scene/resolve.ts';
import { electrochemistryOf, reactionSetpoint, type Electrochemistry, type ReactionSetpoint } from '../scene/resolveElectrochemistry.ts';
import { RealFft } from '../fft/realFft.ts';
import { FREE_ENERGY_WGSL } from './freeEnergyKernels.ts';
import { chrExteriorConvexity, mobilitySamples } from './chrExterior.ts';
import { HistoryRecord, initialStepControl, StepControl } from './layouts.ts';
import type { StageFraction } from './elasticCg.ts';
import { ElasticModel, noStressObservables } from './elasticity.ts';
import { ElasticState, StressObservables } from './elasticLayouts.ts';
import { ElasticFixedPoint } from './elasticFixedPoint.ts';
import { elasticIndicator } from './geometry.ts';
import { ChrParams, ReactionControl, ReactionState } from './electrochemLayouts.ts';
import { dispatchSize, itemsPerInvocation } from '../gpu/dispatch.ts';
import { coreStateBuffers, createStepperState, type StateBuffers, type StepperState } from './stepperState.ts';
import { GRADIENT_SURFACE, smoothedBoundary, type SmoothedBoundary } from './smoothedBoundary.ts';
import { coherencyGridParams, EXCHANGE_FORMS, reactionParamFields, readProtocolStepEnded, writeSetpoint } from './reactionParams.ts';
import type { Stepper, StepTimer } from './stepper.ts';

const WORKGROUP_SIZE = 256;
/** Lowest lattice mobility relative to its maximum (as the Cahn-Hilliard stepper). */
export const MOBILITY_FLOOR = 1e-4;
/** psi above which a cell counts as inside the particle (min/max c, bounds check). */
const INSIDE = 0.5;


/**
 * The stabiliser A of the implicit side: at least 0.75 max M(c) f''(c) with Mbar = 1 (max M f'' / 2, times
 * 1.5 for the face operators' excess over the homogeneous one near the surface, chr_update.wgsl), so
 * that the explicit f'(c) of the diffusion cannot amplify any mode. Lattice mobility: M f'' is bounded
 * (4 kT - 8 Omega c (1 - c)); constant mobility: taken over 1 % .. 99 %, beyond which the logarithms
 * of the regular solution are left to the accuracy control. The exterior's convexified f'' + B counts
 * too (chrExterior.ts; for the regular solution with the lattice mobility it moves A by 1 %).
 */
export function chrStabilizer(spec: Spec): number {
  const f = freeEnergy(spec.internal.freeEnergy);
  const lattice = spec.mobilityForm === 'lattice';
  const exterior = chrExteriorConvexity(spec);
  let max = 0;
  for (const { c, mobility } of mobilitySamples(lattice)) max = Math.max(max, mobility * (f.d2f(c) + exterior));
  return Math.max(spec.internal.stabilizer, 0.75 * max);
}

/** Electrochemistry with the particle's reactive area replaced (current densities and 1C follow). */
function withSurfaceArea(ec: Electrochemistry, surfaceArea: number, dims: number): Electrochemistry {
  const particle = ec.particle!;
  const fullCharge = (FARADAY * ec.siteDensity * particle.volume) / surfaceArea;
  return { ...ec, particle: { volume: particle.volume, surfaceArea, length: (dims * particle.volume) / surfaceArea }, fullCharge, oneC: fullCharge / 3600 };
}

export interface ChrBuffers extends StepperState {
  reactionControl: GPUBuffer;
  reactionState: GPUBuffer;
  /** mu of the state (real; kept for the diffusion flux while `potential` takes the reaction rate) */
  chemicalPotential: GPUBuffer;
  /** psi per cell (regularised, >= PSI_MIN) and its half spectrum */
  indicator: GPUBuffer;
  indicatorSpectrum: GPUBuffer;
  /** u_hat of the new state, the input of the last inverse FFT (which overwrites it) */
  contentSpectrum: GPUBuffer;
  /** per cell (w, w / psi), w the reaction-site density in 1/cell */
  siteWeights: GPUBuffer;
  /** the k != 0 modes' compensated-sum residues of c_hat (chr_accumulate.wgsl) */
  spectrumCarry: GPUBuffer;
}

type Kernel = 'particleContent' | 'elasticPotential' | 'elasticMean' | 'potential' | 'exchangeSums' | 'galvanostatic' | 'reactionRate' | 'divergence' | 'update' | 'contentIncrement' | 'accumulate' | 'concentration' | 'control';
/** The kernels whose corrector stage of the semiImplicitHeun step runs with other buffers or another STAGE (chr_update.wgsl). */
type CorrectorKernel = 'potential' | 'galvanostatic' | 'reactionRate' | 'update' | 'accumulate';

export class CahnHilliardReactionStepper implements Stepper {
  readonly buffers: ChrBuffers;
  readonly fft: RealFft;
  readonly cellCount: number;
  readonly spectrumCount: number;
  readonly stateBytes: number;
  /** the scene's electrochemistry; its particle area follows setReactionSites */
  electrochemistry: Electrochemistry;
  /** the particle on the grid (psi, w, G) computed on the host */
  readonly boundary: SmoothedBoundary;
  /** stabiliser A of the implicit side (internal units) */
  readonly stabilizer: number;
  /** the time step: first order (semiImplicitEuler) or the second-order predictor-corrector (semiImplicitHeun) */
  readonly integrator: 'semiImplicitEuler' | 'semiImplicitHeun';
  /**
   * Stress of the coherency strain for views, frames and the sigma columns (Simulation calls it on
   * demand and every output.stressEvery steps): the homogeneous-modulus stress of the eigenstrain field
   * theta = w (c - cbar), zero outside the particle (psi < 1/2). The buffer arguments of the
   * ElasticModel interface are ignored: theta and theta_hat come from the stepper's own state.
   * In a matrix or pore: the iterative solver's stress in the particle and the matrix, solved for the
   * state shown (a warm-started solve first: the strain of the last step belongs to the state before it).
   */
  readonly elasticity?: {
    /** the iterative solver of a particle in a matrix or pore (Simulation adapts its iterations per step) */
    readonly fixedPoint: ElasticFixedPoint | undefined;
    encodeStress(encoder: GPUCommandEncoder, concentration: GPUBuffer, spectrum: GPUBuffer, control: GPUBuffer): void;
    encodeObservables(encoder: GPUCommandEncoder, concentration: GPUBuffer, spectrum: GPUBuffer, control: GPUBuffer): void;
    fieldLocation: ElasticModel['fieldLocation'];
  };
  private readonly coherency?: ElasticModel;
  private readonly gridParams?: GPUBuffer;
  private readonly params: GPUBuffer;
  private readonly paramBytes: ArrayBuffer;
  private readonly owned: GPUBuffer[];
  /**
   * coherency strain: q_hat = (w c)_hat of the state evaluated and the static w_hat (w = psi on the particle's
   * side of GRADIENT_SURFACE), theta_hat = (w (c - cbar))_hat, B(n) theta_hat and its inverse transform mu_el,
   * and per cell the nearest inside cell (the outward extension of mu_el)
   */
  private readonly elastic?: { content: GPUBuffer; weight: GPUBuffer; eigenstrain: GPUBuffer; spectrum: GPUBuffer; partials: GPUBuffer; potential: GPUBuffer; nearestInside: GPUBuffer };
  /**
   * particle in a matrix or pore (iterative elasticity): the solver, mu_el per cell (per site, before the
   * outward extension), the real-space elastic-energy partials (one per cell workgroup) and the nearest
   * inside cell
   */
  private readonly iterative?: {
    model: ElasticModel;
    fixedPoint: ElasticFixedPoint;
    potential: GPUBuffer;
    partials: GPUBuffer;
    nearestInside: GPUBuffer;
    /** semiImplicitHeun: the step's own elastic-energy partials, kept across the corrector's solve */
    stepPartials?: GPUBuffer;
  };
  private readonly pipelines: Record<Kernel, GPUComputePipeline>;
  private readonly groups: Record<Kernel, GPUBindGroup>;
  private readonly dispatch: Record<Kernel, [number, number]>;
  private readonly chemicalPotentialOutput: (output: GPUBuffer) => { pipeline: GPUComputePipeline; group: GPUBindGroup };
  /** semiImplicitHeun: the corrector stage's pipelines and bind groups (the predictor is the first-order step's kernels with STAGE 1) */
  private readonly corrector?: Record<CorrectorKernel, { pipeline: GPUComputePipeline; group: GPUBindGroup }>;

  constructor(
    readonly gpu: GpuContext,
    readonly spec: Spec,
    cache: PipelineCache = new PipelineCache(gpu.device),
    /** reaction-site density w [1/length, scene units] replacing the geometry's |grad psi| (see setReactionSites) */
    options: { siteDensity?: Float64Array } = {},
  ) {
    // elements per invocation of the looping kernels (16 on software adapters, 4 on GPUs)
    const ITEMS = itemsPerInvocation(gpu);
    const ec = electrochemistryOf(spec);
    if (!ec || ec.reaction.mode !== 'chr') throw new Error('CahnHilliardReactionStepper: the scene has no CHR reaction (model.reaction.mode "chr")');
    if (ec.law.kind !== 'butlerVolmer') throw new Error('model.reaction.rateLaw.kind: the CHR particle supports Butler-Volmer kinetics only');
    if (ec.reaction.fluctuations > 0) throw new Error('model.reaction.fluctuations: the CHR particle has no thermal fluctuations yet (use 0)');
    const iterative = spec.elasticity !== undefined && !spec.elasticity.homogeneous;
    if (spec.elasticity && iterative && !spec.elasticity.matrixStiffness) {
      const field = spec.elasticity.internal.stiffnessLithiated ? 'model.elasticity.stiffnessLithiated' : 'model.elasticity.interpolation';
      throw new Error(`${field}: the CHR particle takes inhomogeneous elasticity only inside a matrix (model.elasticity.matrix: the electrolyte's stiffness, or { "kind": "void" } for a pore)`);
    }
    if (spec.elasticity && spec.elasticity.stiffness.every((v) => v === 0)) throw new Error('model.elasticity.stiffness: the CHR particle needs a stiffness ("void" is a pore, not a particle)');
    const boundary = smoothedBoundary(spec);
    if (!boundary) throw new Error('geometry: the CHR particle needs the geometry section');
    this.boundary = boundary;
    this.electrochemistry = ec;
    const device = gpu.device;
    const dims = spec.dims;
    const shape3 = [spec.shape[0], spec.shape[1], spec.shape[2] ?? 1];
    this.fft = new RealFft(gpu, spec.shape, { cache, label: 'CahnHilliardReaction.fft', lengths: spec.internal.size });
    this.cellCount = shape3[0] * shape3[1] * shape3[2];
    this.spectrumCount = this.fft.spectrumLength;
    const maxDim = gpu.limits.maxComputeWorkgroupsPerDimension;
    const cellGroups = dispatchSize(Math.ceil(this.cellCount / (WORKGROUP_SIZE * ITEMS)), maxDim);
    const spectralGroups = dispatchSize(Math.ceil(this.spectrumCount / (WORKGROUP_SIZE * ITEMS)), maxDim);
    const perCell = dispatchSize(Math.ceil(this.cellCount / WORKGROUP_SIZE), maxDim);
    this.dispatch = {
      particleContent: perCell,
      elasticPotential: dispatchSize(Math.ceil(this.spectrumCount / WORKGROUP_SIZE), maxDim),
      elasticMean: [1, 1],
      potential: cellGroups,
      exchangeSums: cellGroups,
      galvanostatic: [1, 1],
      reactionRate: perCell,
      divergence: perCell,
      update: spectralGroups,
      contentIncrement: perCell,
      accumulate: dispatchSize(Math.ceil(this.spectrumCount / WORKGROUP_SIZE), maxDim),
      concentration: perCell,
      control: [1, 1],
    };
    const cellPartialCount = cellGroups[0] * cellGroups[1];
    const elasticPartialCount = this.dispatch.elasticPotential[0] * this.dispatch.elasticPotential[1];
    const spectralPartialCount = spectralGroups[0] * spectralGroups[1];

    const label = 'CahnHilliardReaction';
    const real = this.cellCount * 4;
    const complex = this.spectrumCount * 8;
    this.buffers = {
      ...createStepperState(gpu, label, this.cellCount, this.spectrumCount),
      reactionControl: createStorageBuffer(gpu, `${label}.reactionControl`, ReactionControl.byteSize),
      reactionState: createStorageBuffer(gpu, `${label}.reactionState`, ReactionState.byteSize),
      chemicalPotential: createStorageBuffer(gpu, `${label}.chemicalPotential`, real),
      indicator: createStorageBuffer(gpu, `${label}.indicator`, real),
      indicatorSpectrum: createStorageBuffer(gpu, `${label}.indicatorSpectrum`, complex),
      contentSpectrum: createStorageBuffer(gpu, `${label}.contentSpectrum`, complex),
      siteWeights: createStorageBuffer(gpu, `${label}.siteWeights`, this.cellCount * 8),
      spectrumCarry: createStorageBuffer(gpu, `${label}.spectrumCarry`, complex),
    };
    const placeholder = createStorageBuffer(gpu, `${label}.placeholder`, 16);
    // semiImplicitHeun (chr_update.wgsl): the corrector's reaction state; r of the predictor and the
    // corrector's partials of chr_potential, which must not overwrite those of the step's own state
    // (acr_step_control records them)
    if (spec.integrator !== 'semiImplicitEuler' && spec.integrator !== 'semiImplicitHeun') throw new Error(`time.integrator: the CHR particle steps with "semiImplicitEuler" or "semiImplicitHeun", not "${spec.integrator}"`);
    this.integrator = spec.integrator;
    const heun = this.integrator === 'semiImplicitHeun';
    const stageState = createStorageBuffer(gpu, `${label}.stageState`, ReactionState.byteSize);
    const writablePlaceholder = createStorageBuffer(gpu, `${label}.writablePlaceholder`, 16);
    const stage = heun
      ? {
          spectrum: createStorageBuffer(gpu, `${label}.stageSpectrum`, complex),
          cellPartials: createStorageBuffer(gpu, `${label}.stageCellPartials`, cellPartialCount * 16),
          gradientPartials: createStorageBuffer(gpu, `${label}.stageGradientPartials`, cellPartialCount * 16),
        }
      : undefined;
    const noStress = noStressObservables(gpu, label);
    this.elastic = spec.elasticity && !iterative
      ? {
          content: createStorageBuffer(gpu, `${label}.particleContentSpectrum`, complex),
          weight: createStorageBuffer(gpu, `${label}.coherencyWeightSpectrum`, complex),
          eigenstrain: createStorageBuffer(gpu, `${label}.eigenstrainSpectrum`, complex),
          spectrum: createStorageBuffer(gpu, `${label}.elasticSpectrum`, complex),
          partials: createStorageBuffer(gpu, `${label}.elasticPartials`, elasticPartialCount * 4),
          potential: createStorageBuffer(gpu, `${label}.elasticPotential`, real),
          nearestInside: createStorageBuffer(gpu, `${label}.nearestInside`, real),
        }
      : undefined;
    if (this.elastic) device.queue.writeBuffer(this.elastic.nearestInside, 0, Uint32Array.from(boundary.nearestInside));
    const cellPartials = createStorageBuffer(gpu, `${label}.cellPartials`, cellPartialCount * 16);
    const gradientPartials = createStorageBuffer(gpu, `${label}.gradientPartials`, cellPartialCount * 16);
    const exchangePartials = createStorageBuffer(gpu, `${label}.exchangePartials`, cellPartialCount * 16);
    const spectralPartials = createStorageBuffer(gpu, `${label}.spectralPartials`, spectralPartialCount * 16);
    const noElasticState = createStorageBuffer(gpu, `${label}.noElasticState`, ElasticState.byteSize);
    this.owned = [placeholder, writablePlaceholder, stageState, noStress, noElasticState, cellPartials, gradientPartials, exchangePartials, spectralPartials, ...(this.elastic ? Object.values(this.elastic) : [])];
    this.stateBytes = (4 + (this.elastic ? 2 : 0)) * real + (6 + (this.elastic ? 4 : 0)) * complex + this.cellCount * 8 + (3 * cellPartialCount + spectralPartialCount) * 16 + (this.elastic ? elasticPartialCount * 4 : 0);
    if (stage) {
      this.owned.push(...new Set(Object.values(stage)));
      this.stateBytes += complex + 2 * cellPartialCount * 16;
    }

    // coherency strain: B(n) per mode from the elasticity module, which reads the grid through a ChParams
    // uniform (only its grid fields matter there), as in the ACR stepper
    let model: ElasticModel | undefined;
    if (spec.elasticity) {
      const chParams = coherencyGridParams(device, label, spec, { cellCount: this.cellCount, spectrumCount: this.spectrumCount });
      const counts = { cells: this.cellCount, spectrum: this.spectrumCount };
      // the free particle's coherency stress is zero outside it; a matrix carries its own
      model = new ElasticModel(gpu, spec.elasticity, chParams, this.fft, cache, counts, spec.scales.energyDensity, undefined, iterative ? undefined : this.buffers.indicator);
      this.gridParams = chParams;
      if (iterative) {
        const potential = createStorageBuffer(gpu, `${label}.elasticPotential`, real);
        const partials = createStorageBuffer(gpu, `${label}.elasticEnergyPartials`, cellPartialCount * 16);
        const nearestInside = createStorageBuffer(gpu, `${label}.nearestInside`, real);
        device.queue.writeBuffer(nearestInside, 0, Uint32Array.from(boundary.nearestInside));
        const solverModel = model;
        // the elastic boundary's own width when the scene gives one (the reaction keeps the geometry's psi)
        const psi = elasticIndicator(spec);
        model.fixedPoint = new ElasticFixedPoint(
          gpu,
          this.fft,
          cache,
          (source) => solverModel.compose(source),
          { ch: chParams, elastic: model.params },
          counts,
          // the unregularised psi: a pore has no stiffness at all outside the particle
          { concentration: this.buffers.concentration, potential, elasticPartials: partials, indicator: psi, control: this.buffers.control },
          { cells: perCell, spectrum: dispatchSize(Math.ceil(this.spectrumCount / WORKGROUP_SIZE), maxDim), bulk: cellGroups },
          { ITEMS, PER_SITE: 1 },
        );
        // the stress history over cycles: particle, electrolyte, interface and the first hot-spot times
        if (psi) model.enableRegions(model.fixedPoint.buffers.indicator, psi);
        const stepPartials = heun ? createStorageBuffer(gpu, `${label}.stepElasticEnergyPartials`, partials.size) : undefined;
        this.iterative = { model, fixedPoint: model.fixedPoint, potential, partials, nearestInside, stepPartials };
        this.owned.push(potential, partials, nearestInside, ...(stepPartials ? [stepPartials] : []));
        this.stateBytes += 2 * real + partials.size * (stepPartials ? 2 : 1) + model.fixedPoint.bytes + (psi ? 4 * real : 0); // + normals, first hot-spot times
      } else this.coherency = model;
    }
    const modulus = model?.modulus ?? placeholder;

    // psi per cell and its spectrum; the site weights are written by setReactionSites
    device.queue.writeBuffer(this.buffers.indicator, 0, Float32Array.from(boundary.psi));
    const setup = device.createCommandEncoder({ label: `${label}.indicatorSpectrum` });
    this.fft.forward(setup, this.buffers.indicator, this.buffers.indicatorSpectrum);
    // the coherency weight w = psi on the particle's side of GRADIENT_SURFACE (chr_particle_content.wgsl)
    const coherencyWeight = Float32Array.from(boundary.psi, (v) => (v >= GRADIENT_SURFACE ? v : 0));
    if (this.elastic) {
      device.queue.writeBuffer(this.elastic.potential, 0, coherencyWeight);
      this.fft.forward(setup, this.elastic.potential, this.elastic.weight);
    }
    device.queue.submit([setup.finish()]);

    const internal = spec.internal;
    this.stabilizer = chrStabilizer(spec);
    this.params = createUniformBuffer(device, `${label}.params`, ChrParams.byteSize);
    this.paramBytes = ChrParams.pack({
      ...reactionParamFields(spec, ec, { cellCount: this.cellCount, spectrumCount: this.spectrumCount, cellPartialCount, spectralPartialCount, stabilizer: this.stabilizer }),
      siteTotal: 1, // setReactionSites
      siteMeasure: boundary.psi.reduce((s, v) => s + v, 0),
      growthMobility: spec.mobilityForm === 'lattice' ? 1 : 0,
      latticeMobility: spec.mobilityForm === 'lattice' ? 1 : 0,
      mobilityFloor: MOBILITY_FLOOR,
      mobilityBound: 1,
      insideThreshold: INSIDE,
      gradientThreshold: GRADIENT_SURFACE,
      coherencyMeasure: coherencyWeight.reduce((sum, v) => sum + v, 0),
      exteriorConvexity: chrExteriorConvexity(spec),
    });

    const structs = [ChrParams, StepControl, HistoryRecord, ReactionControl, ReactionState, StressObservables, ElasticState];
    const library = {
      ...deviceLibrary(gpu),
      'ch/free_energy': FREE_ENERGY_WGSL[internal.freeEnergy.kind],
      'ch/wavevector': wavevectorSource,
      'electrochem/exchange_current': exchangeCurrentSource,
      'electrochem/marcus': marcusSource,
      'electrochem/protocol_end': protocolEndSource,
      'electrochem/chr_stencil': chrStencilSource,
    };
    // the shared electrochemistry kernels declare `params: AcrParams`; ChrParams holds all of its fields
    const prelude = 'alias AcrParams = ChrParams;';
    const form = { EXCHANGE_FORM: EXCHANGE_FORMS[ec.law.exchangeCurrent] };
    const elastic = spec.elasticity ? 1 : 0;
    const compile = (name: string, source: string, constants: Record<string, number>) =>
      cache.compute(`${label}.${name}`, composeShader(source, { structs, library, prelude }), 'main', { WORKGROUP_SIZE, ...constants });
    this.pipelines = {
      particleContent: compile('particleContent', chrParticleContentSource, {}),
      elasticPotential: compile('elasticPotential', chrElasticPotentialSource, {}),
      elasticMean: compile('elasticMean', chrElasticMeanSource, { PARTIALS: elasticPartialCount }),
      // stress-coupled kinetics (default): the reaction sees mu_el too; the mu output below always has it
      potential: compile('potential', chrPotentialSource, { ITEMS, ELASTIC: elastic, STRESS_KINETICS: spec.scene.model.reaction?.stressCoupledKinetics === false ? 0 : 1 }),
      exchangeSums: compile('exchangeSums', exchangeSumsSource, { ITEMS, WEIGHTED: 1, ...form }),
      galvanostatic: compile('galvanostatic', galvanostaticSource, {}),
      reactionRate: compile('reactionRate', reactionRateSource, { ...form, MARCUS: 0, WEIGHTED: 1 }),
      divergence: compile('divergence', chrDivergenceSource, {}),
      update: compile('update', chrUpdateSource, { ITEMS, ELASTIC: elastic, STAGE: heun ? 1 : 0 }),
      contentIncrement: compile('contentIncrement', chrContentIncrementSource, {}),
      accumulate: compile('accumulate', chrAccumulateSource, { STAGE: heun ? 1 : 0 }),
      concentration: compile('concentration', chrConcentrationSource, {}),
      control: compile('stepControl', controlSource, { CELL_GRADIENT: 1, REAL_SPACE_ELASTIC: iterative ? 1 : 0 }),
    };
    const b = this.buffers;
    const p = this.pipelines;
    const bind = (name: Kernel, buffers: GPUBuffer[]) => bindBuffers(device, `${label}.${name}`, p[name], buffers);
    // without coherency strain the elastic kernel is never dispatched and chr_update's energy term is 0 (in a
    // matrix it is B(n) of the reference medium times |u_hat|^2, which acr_step_control's REAL_SPACE_ELASTIC ignores)
    const e = this.elastic ?? { content: placeholder, weight: placeholder, eigenstrain: placeholder, spectrum: placeholder, partials: placeholder, potential: this.iterative?.potential ?? placeholder, nearestInside: this.iterative?.nearestInside ?? placeholder };
    const potentialBuffers = (mu: GPUBuffer, partials = [cellPartials, gradientPartials]) => [b.concentration, b.potential, mu, ...partials, this.params, b.indicator, e.potential, e.nearestInside];
    const updateBuffers = [this.elastic ? e.eigenstrain : b.spectrum, b.potentialSpectrum, b.previousIncrement, spectralPartials, this.params, b.control, b.reactionState, modulus, b.reactionControl, stage?.spectrum ?? writablePlaceholder, stageState];
    const accumulateBuffers = [b.spectrum, b.potentialSpectrum, b.contentSpectrum, b.indicatorSpectrum, this.params, b.control, b.reactionState, b.reactionControl, stageState, b.spectrumCarry];
    this.groups = {
      particleContent: bind('particleContent', [b.concentration, e.potential, this.params, b.indicator]),
      elasticPotential: bind('elasticPotential', [e.content, e.weight, e.eigenstrain, e.spectrum, e.partials, this.params, modulus]),
      elasticMean: bind('elasticMean', [e.partials, e.spectrum, this.params]),
      potential: bind('potential', potentialBuffers(b.chemicalPotential)),
      exchangeSums: bind('exchangeSums', [b.concentration, b.potential, exchangePartials, this.params, b.siteWeights]),
      galvanostatic: bind('galvanostatic', [exchangePartials, this.params, b.reactionControl, b.reactionState, b.control]),
      reactionRate: bind('reactionRate', [b.concentration, b.potential, this.params, b.reactionState, b.siteWeights]),
      divergence: bind('divergence', [b.concentration, b.chemicalPotential, b.potential, this.params, b.indicator]),
      update: bind('update', updateBuffers),
      contentIncrement: bind('contentIncrement', [b.potential, this.params, b.indicator]),
      accumulate: bind('accumulate', accumulateBuffers),
      concentration: bind('concentration', [b.potential, b.concentration, this.params, b.indicator]),
      control: bind('control', [cellPartials, spectralPartials, this.params, b.control, b.history, b.reactionState, b.reactionControl, gradientPartials, model?.stressObservables ?? noStress, this.iterative?.partials ?? placeholder, this.iterative?.fixedPoint.buffers.state ?? noElasticState]),
    };
    if (stage) {
      const corrector = (pipeline: GPUComputePipeline, name: string, buffers: GPUBuffer[]) => ({ pipeline, group: bindBuffers(device, `${label}.${name}`, pipeline, buffers) });
      this.corrector = {
        potential: corrector(p.potential, 'potentialCorrector', potentialBuffers(b.chemicalPotential, [stage.cellPartials, stage.gradientPartials])),
        galvanostatic: ((pipeline) => corrector(pipeline, 'galvanostaticCorrector', [exchangePartials, this.params, b.reactionControl, stageState, b.control]))(compile('galvanostaticCorrector', galvanostaticSource, { PROTOCOL_END: 0 })),
        reactionRate: corrector(p.reactionRate, 'reactionRateCorrector', [b.concentration, b.potential, this.params, stageState, b.siteWeights]),
        update: corrector(compile('updateCorrector', chrUpdateSource, { ITEMS, ELASTIC: elastic, STAGE: 2 }), 'updateCorrector', updateBuffers),
        accumulate: corrector(compile('accumulateCorrector', chrAccumulateSource, { STAGE: 2 }), 'accumulateCorrector', accumulateBuffers),
      };
    }
    // mu in scene units into an output buffer: chr_potential with OUTPUT_SCALE, compiled and bound on first use
    let muPipeline: GPUComputePipeline | undefined;
    const muGroups = new Map<GPUBuffer, GPUBindGroup>();
    this.chemicalPotentialOutput = (output) => {
      muPipeline ??= compile('chemicalPotentialOutput', chrPotentialSource, { ITEMS, ELASTIC: elastic, OUTPUT_SCALE: spec.scales.energyDensity });
      let group = muGroups.get(output);
      if (!group) {
        group = bindBuffers(device, `${label}.chemicalPotentialOutput`, muPipeline, potentialBuffers(output));
        muGroups.set(output, group);
      }
      return { pipeline: muPipeline, group };
    };
    this.setReactionSites(options.siteDensity ?? boundary.siteDensity);
    const solved = this.iterative;
    if (solved) {
      const { model: m, fixedPoint } = solved;
      this.elasticity = {
        fixedPoint,
        encodeStress: (encoder, c, s, control) => {
          fixedPoint.encodeIterations(encoder);
          m.encodeStress(encoder, c, s, control);
        },
        encodeObservables: (encoder, c, s, control) => {
          fixedPoint.encodeIterations(encoder);
          m.encodeObservables(encoder, c, s, control);
        },
        fieldLocation: (name) => m.fieldLocation(name),
      };
    }
    const coherency = this.coherency;
    if (coherency && this.elastic) {
      const theta = this.elastic.potential; // theta real (overwrites mu_el scratch, recomputed by every step)
      const thetaSpectrum = this.elastic.eigenstrain;
      this.elasticity = {
        fixedPoint: undefined,
        encodeStress: (encoder, _c, _s, control) => {
          this.encodeEigenstrain(encoder);
          coherency.encodeStress(encoder, theta, thetaSpectrum, control);
        },
        encodeObservables: (encoder, _c, _s, control) => {
          this.encodeEigenstrain(encoder);
          coherency.encodeObservables(encoder, theta, thetaSpectrum, control);
        },
        fieldLocation: (name) => coherency.fieldLocation(name),
      };
    }
  }

  /** theta_hat (eigenstrainSpectrum) and theta = w (c - cbar) in real space (elastic.potential), for stresses. */
  private encodeEigenstrain(encoder: GPUCommandEncoder): void {
    const e = this.elastic!;
    this.encodeCoherency(encoder);
    // the inverse FFT overwrites its input: transform a copy of theta_hat
    encoder.copyBufferToBuffer(e.eigenstrain, 0, e.spectrum, 0, e.spectrum.size);
    this.fft.inverse(encoder, e.spectrum, e.potential);
  }

  /**
   * Where the reaction runs: the reaction-site density w [reactive area per volume, 1/length in scene
   * units] per cell (x fastest), e.g. the triple-phase boundary of a composite electrode instead of the
   * whole particle surface |grad psi|. Rewrites the per-cell weights and the reactive area A = sum w dV
   * (current densities are per m^2 of A, and 1C and the capacity's full charge F rho_s V / A follow:
   * `electrochemistry` is updated). Call before initialize(), or between chunks with a held protocol.
   */
  setReactionSites(siteDensity: Float64Array): void {
    if (siteDensity.length !== this.cellCount) throw new Error(`setReactionSites: ${siteDensity.length} values for ${this.cellCount} cells`);
    const length = this.spec.scales.length;
    const weights = new Float32Array(2 * this.cellCount);
    let total = 0;
    for (let i = 0; i < this.cellCount; i++) {
      const w = siteDensity[i] * length; // 1/cell
      if (!(w >= 0)) throw new Error(`setReactionSites: the site density must be >= 0 (cell ${i}: ${siteDensity[i]})`);
      weights[2 * i] = w;
      weights[2 * i + 1] = w / this.boundary.psi[i];
      total += w;
    }
    if (!(total > 0)) throw new Error('setReactionSites: the site density sums to 0 (no reactive surface)');
    this.gpu.device.queue.writeBuffer(this.buffers.siteWeights, 0, weights);
    const cellVolume = this.spec.spacing.reduce((a, b) => a * b, 1);
    this.electrochemistry = withSurfaceArea(this.electrochemistry, (total / length) * cellVolume, this.spec.dims);
    new DataView(this.paramBytes).setFloat32(ChrParams.offsetOf('siteTotal'), total, true);
    this.gpu.device.queue.writeBuffer(this.params, 0, this.paramBytes);
  }

  /** Initial state (float64 c, x fastest; initialConcentration puts the exterior in equilibrium) and first step; the first protocol step's setpoint. */
  initialize(concentration: Float64Array, dtInitial: number): void {
    const device = this.gpu.device;
    const psi = this.boundary.psi;
    const content = Float64Array.from(concentration, (c, i) => psi[i] * c);
    const mean = content.reduce((s, v) => s + v, 0) / psi.reduce((s, v) => s + v, 0);
    new DataView(this.paramBytes).setFloat32(ChrParams.offsetOf('cMeanInitial'), mean, true);
    device.queue.writeBuffer(this.params, 0, this.paramBytes);
    device.queue.writeBuffer(this.buffers.concentration, 0, Float32Array.from(concentration));
    device.queue.writeBuffer(this.buffers.potential, 0, Float32Array.from(content));
    device.queue.writeBuffer(this.buffers.previousIncrement, 0, new Float32Array(this.spectrumCount * 2));
    device.queue.writeBuffer(this.buffers.spectrumCarry, 0, new Float32Array(this.spectrumCount * 2));
    device.queue.writeBuffer(this.buffers.control, 0, initialStepControl(dtInitial));
    device.queue.writeBuffer(this.buffers.reactionState, 0, new ArrayBuffer(ReactionState.byteSize));
    this.setSetpoint(reactionSetpoint(this.electrochemistry, this.electrochemistry.protocol.steps[0], 0, this.spec.scales.time));
    const encoder = device.createCommandEncoder({ label: 'CahnHilliardReaction.initialize' });
    this.fft.forward(encoder, this.buffers.potential, this.buffers.spectrum);
    device.queue.submit([encoder.finish()]);
  }

  /**
   * Declared state (issue #25): the core buffers (c_hat is the Li content u_hat here), the protocol
   * setpoint with its step-ended flag, the reservoir state with the k = 0 mode's compensated-sum
   * residue (contentCarry), and the other modes' residues (c_hat_carry).
   */
  stateBuffers(): StateBuffers {
    return [...coreStateBuffers(this.buffers), ['reaction_control', this.buffers.reactionControl], ['reaction_state', this.buffers.reactionState], ['c_hat_carry', this.buffers.spectrumCarry], ...(this.iterative?.fixedPoint.stateBuffers() ?? []), ...(this.iterative?.model.stateBuffers() ?? [])];
  }

  /**
   * Per cell the clock (internal time units) of the first evaluated state at which the criterion stress
   * exceeded the strength, -1 where it never did: a particle in an electrolyte or pore (issue 19's stress
   * history); undefined otherwise.
   */
  get hotspotFirstTime(): GPUBuffer | undefined {
    return this.iterative?.model.hotspotFirstTime;
  }

  /** Whether the protocol step has ended on the GPU (asynchronous read; the cycler polls it between chunks). */
  protocolStepEnded(): Promise<boolean> {
    return readProtocolStepEnded(this.gpu.device, this.buffers.reactionControl);
  }

  /** Impose a protocol step from the next submitted step on (clears the step-ended flag). */
  setSetpoint(setpoint: ReactionSetpoint): void {
    writeSetpoint(this.gpu.device, this.buffers.reactionControl, setpoint);
  }

  /**
   * Coherency strain: mu_el = IFFT[B(n) theta_hat] - <.>_w, theta = w (c - cbar), of the state
   * (before chr_potential). Particle in a matrix: relax the strain for the state (warm start) and
   * mu_el = (1/psi) dW/dc of it.
   */
  private encodeElasticPotential(encoder: GPUCommandEncoder, timer?: StepTimer, stage: StageFraction = 0): void {
    if (this.iterative) {
      this.iterative.fixedPoint.encodeIterations(encoder, undefined, stage, stage === 0);
      this.iterative.fixedPoint.encodePotential(encoder);
      return;
    }
    if (!this.elastic) return;
    this.encodeCoherency(encoder, timer);
    this.kernel(encoder, 'elasticMean', 'chr_elastic_mean', timer);
    this.fft.inverse(encoder, this.elastic.spectrum, this.elastic.potential);
  }

  /** q = w c of the c in `concentration` (the state, or c* in the corrector), its transform, and theta_hat, B theta_hat. */
  private encodeCoherency(encoder: GPUCommandEncoder, timer?: StepTimer): void {
    const e = this.elastic!;
    this.kernel(encoder, 'particleContent', 'chr_particle_content', timer);
    this.fft.forward(encoder, e.potential, e.content);
    this.kernel(encoder, 'elasticPotential', 'chr_elastic_potential', timer);
  }

  setStepLimit(dtMax: number): void {
    if (this.spec.internal.control.kind !== 'accuracy') return;
    // kept in paramBytes, which later host updates write back whole
    new DataView(this.paramBytes).setFloat32(ChrParams.offsetOf('dtMax'), Math.min(dtMax, this.spec.internal.control.dtMax), true);
    this.gpu.device.queue.writeBuffer(this.params, 0, this.paramBytes);
  }

  /**
   * One step. semiImplicitHeun: the first-order step as the predictor (its update and accumulate kernels
   * with STAGE 1 leave the state alone and put the predicted c* into `concentration`), then the same
   * sequence on c* as the corrector (chr_update.wgsl), with its own partials and reaction state (the
   * coherency strain of c* starts from `concentration` like the state's); the step control records the
   * step's own state.
   */
  encodeStep(encoder: GPUCommandEncoder, timer?: StepTimer): void {
    this.encodeElasticPotential(encoder, timer);
    this.kernel(encoder, 'potential', 'chr_potential', timer);
    this.kernel(encoder, 'exchangeSums', 'exchange_sums', timer);
    this.kernel(encoder, 'galvanostatic', 'galvanostatic', timer);
    this.kernel(encoder, 'reactionRate', 'reaction_rate', timer);
    this.encodeIncrement(encoder, 'update', 'accumulate', timer);
    const corrector = this.corrector;
    if (corrector) {
      const stage = (name: CorrectorKernel, timing: string) => this.pass(encoder, corrector[name].pipeline, corrector[name].group, this.dispatch[name], timing, timer);
      const own = this.iterative?.stepPartials;
      if (this.iterative && own) {
        // the corrector's solve rewrites the elastic-energy partials the step control records: keep the step's
        encoder.copyBufferToBuffer(this.iterative.partials, 0, own, 0, own.size);
        // the predicted c* sits at t + dt (the elastic warm-start predictor's time)
        this.encodeElasticPotential(encoder, timer, 1);
      } else this.encodeElasticPotential(encoder, timer);
      stage('potential', 'chr_potential');
      this.kernel(encoder, 'exchangeSums', 'exchange_sums', timer);
      stage('galvanostatic', 'galvanostatic');
      stage('reactionRate', 'reaction_rate');
      this.encodeIncrement(encoder, corrector.update, corrector.accumulate, timer);
      if (this.iterative && own) encoder.copyBufferToBuffer(own, 0, this.iterative.partials, 0, own.size);
    }
    this.kernel(encoder, 'control', 'acr_step_control', timer);
  }

  /**
   * From the reaction rate (in `potential`) to the content: chr_divergence, the implicit update and the
   * exact insertion (the first-order step's kernels, or a stage's), and c = u / psi.
   */
  private encodeIncrement(encoder: GPUCommandEncoder, update: 'update' | { pipeline: GPUComputePipeline; group: GPUBindGroup }, accumulate: 'accumulate' | { pipeline: GPUComputePipeline; group: GPUBindGroup }, timer?: StepTimer): void {
    const b = this.buffers;
    const run = (k: 'update' | 'accumulate', chosen: string | { pipeline: GPUComputePipeline; group: GPUBindGroup }, timing: string) =>
      typeof chosen === 'string' ? this.kernel(encoder, k, timing, timer) : this.pass(encoder, chosen.pipeline, chosen.group, this.dispatch[k], timing, timer);
    this.kernel(encoder, 'divergence', 'chr_divergence', timer);
    this.fft.forward(encoder, b.potential, b.potentialSpectrum);
    run('update', update, 'chr_update');
    this.fft.inverse(encoder, b.potentialSpectrum, b.potential);
    this.kernel(encoder, 'contentIncrement', 'chr_content_increment', timer);
    this.fft.forward(encoder, b.potential, b.potentialSpectrum);
    run('accumulate', accumulate, 'chr_accumulate');
    this.fft.inverse(encoder, b.contentSpectrum, b.potential);
    this.kernel(encoder, 'concentration', 'chr_concentration', timer);
  }

  /**
   * Record the chemical potential of the current state, mu = f'(c) - kappa lap c + mu_coherency,
   * in scene units (energy per volume per unit site fraction), into `output`. Overwrites step scratch
   * (potential, partials) that the next step rewrites before reading. For views and outputs, never per step.
   */
  encodeChemicalPotential(encoder: GPUCommandEncoder, output: GPUBuffer): void {
    // in a matrix: solved for the state shown, as the stress views are
    this.encodeElasticPotential(encoder);
    const mu = this.chemicalPotentialOutput(output);
    this.pass(encoder, mu.pipeline, mu.group, this.dispatch.potential, 'chr_potential_output');
  }

  private kernel(encoder: GPUCommandEncoder, name: Kernel, timing: string, timer?: StepTimer): void {
    this.pass(encoder, this.pipelines[name], this.groups[name], this.dispatch[name], timing, timer);
  }

  private pass(encoder: GPUCommandEncoder, pipeline: GPUComputePipeline, group: GPUBindGroup, groups: [number, number], timing: string, timer?: StepTimer): void {
    const pass = encoder.beginComputePass({ label: `CahnHilliardReaction.${timing}`, timestampWrites: timer?.pass(timing) });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(...groups);
    pass.end();
  }

  dispose(): void {
    for (const buffer of [...Object.values(this.buffers), ...this.owned, this.params]) buffer.destroy();
    this.coherency?.dispose();
    this.iterative?.model.dispose();
    this.gridParams?.destroy();
    this.fft.dispose();
  }
}
