/**
 * The electrodeposition step on the GPU (src/physics/electrodeposition.ts, internal units; the float64
 * twin is src/solver/electrodepositionReference.ts, which this follows operation for operation;
 * docs/electrodeposition.md "Numerics"). A cell-centred 2D grid [nx, ny] (ny = 1: the 1D strip) or 3D grid
 * [nx, ny, nz], x normal to the electrode; x = 0 held (xi = 1, phi = phi_app, no flux of c~), x = L held
 * (xi = 0, phi = phi_L, c~ = c_b), lateral faces (y, z) no-flux or periodic. One step of dt:
 *   1. phase_rate:        A = -[g'(xi) - div J] (the cubic anisotropy of the normal, or Kobayashi's form for
 *                         2D modes other than 4), w = lEta h'(xi), sigma(xi)
 *   2. two coupling passes of
 *      a. the charge balance div(sigma grad phi) = Gamma [A - w B(phi, c~)], Newton from the previous phi,
 *         each Newton system (-div sigma grad - Gamma w B') d = r by CG preconditioned with the Jacobi-scaled
 *         spectral inverse S^{-1/2} L^{-1} S^{-1/2} (S = diag J / diag L, L the operator with sigma = 1, exact
 *         in the box's sine / cosine basis: charge_precondition_scale.wgsl around the r2r transforms and
 *         FieldPoisson's spectral divide), or by Jacobi (the 1D strip, or on request)
 *         (charge_residual.wgsl and FieldPoisson's apply kernel, its finite-volume operator
 *         electrochem/eps_divergence with the conductivity as its coefficient);
 *      b. the implicit Nernst-Planck step with the deposition sink in the Slotboom variable u = c~ e^{n phi}
 *         (Scharfetter-Gummel faces), Jacobi-preconditioned CG warm-started from the last u
 *         (transport_coefficients / residual / apply / finish.wgsl), giving c~' and the rate;
 *      the first pass's charge balance sees c~ of the step's start, the second c~'.
 *   3. the inflow through x = L added to a compensated running total; xi += dt rate, c~ += dc (= c~' - c~),
 *      both compensated: their float32 rounding carried per cell (deposition_advance.wgsl).
 * Both CGs are Chronopoulos & Gear's single-reduction form (deposition_cg_step.wgsl: the operator applied to
 * the preconditioned residual z, two dispatches per iteration besides the preconditioner), opened by
 * deposition_jacobi.wgsl or the spectral preconditioner and FieldPoisson's scalars
 * kernel (shaders/electrochem/field_poisson_scalars.wgsl, its begin and start stages), with rz, alpha, beta
 * and the stopping tests in two FieldPoissonState slots that alternate between iterations, so every dot
 * product is reduced on the GPU and no workgroup reads what another writes. A step records fixed numbers
 * of Newton systems and CG iterations and never waits for the CPU; iterations after a solve has met its
 * tolerance (GPU-side test) change nothing. The transport stays with Jacobi: its diagonal spans
 * e^{n |phi_app|}, and 20 iterations suffice in 2D, 30 in 3D (docs/electrodeposition.md "Numerics", "3D").
 */
import phaseRateSource from '../../shaders/electrodeposition/phase_rate.wgsl?raw';
import chargeResidualSource from '../../shaders/electrodeposition/charge_residual.wgsl?raw';
import jacobiSource from '../../shaders/electrodeposition/deposition_jacobi.wgsl?raw';
import cgStepSource from '../../shaders/electrodeposition/deposition_cg_step.wgsl?raw';
import transportOperatorSource from '../../shaders/electrodeposition/transport_operator.wgsl?raw';
import transportCoefficientsSource from '../../shaders/electrodeposition/transport_coefficients.wgsl?raw';
import transportResidualSource from '../../shaders/electrodeposition/transport_residual.wgsl?raw';
import transportApplySource from '../../shaders/electrodeposition/transport_apply.wgsl?raw';
import transportFinishSource from '../../shaders/electrodeposition/transport_finish.wgsl?raw';
import inflowSource from '../../shaders/electrodeposition/deposition_inflow.wgsl?raw';
import advanceSource from '../../shaders/electrodeposition/deposition_advance.wgsl?raw';
import epsDivergenceSource from '../../shaders/electrochem/eps_divergence.wgsl?raw';
import fieldApplySource from '../../shaders/electrochem/field_poisson_apply.wgsl?raw';
import scalarsSource from '../../shaders/electrochem/field_poisson_scalars.wgsl?raw';
import spectralInverseSource from '../../shaders/electrochem/field_poisson_precondition.wgsl?raw';
import preconditionScaleSource from '../../shaders/electrodeposition/charge_precondition_scale.wgsl?raw';
import wavevectorSource from '../../shaders/ch/wavevector.wgsl?raw';
import { createStorageBuffer, createUniformBuffer, readBuffer, readFloat32 } from '../gpu/buffers.ts';
import type { GpuContext } from '../gpu/device.ts';
import { dispatchSize } from '../gpu/dispatch.ts';
import { PipelineCache } from '../gpu/pipelineCache.ts';
import { composeShader, deviceLibrary } from '../gpu/shaderSource.ts';
import { uniformLayout } from '../gpu/uniformLayout.ts';
import type { ElectrodepositionInternal } from '../physics/electrodeposition.ts';
import { FieldPoissonParams, FieldPoissonState } from './fieldPoisson.ts';
import { depositionFieldBox, gridExtent, gridSpacing, type DepositionGrid, type DepositionState } from './electrodepositionReference.ts';
import { operatorDiagonal } from './fieldPoissonReference.ts';
import { axisTransforms } from './spectralBasis.ts';
import { RealToRealFft } from '../fft/realToRealFft.ts';

export const ElectrodepositionParams = uniformLayout('ElectrodepositionParams', [
  /** nx, ny, nz (1 in 2D), lateral periodic (1) or no-flux (0) */
  ['shape', 'vec4u'],
  /** hx, hy, 1 / hx, 1 / hy */
  ['spacing', 'vec4f'],
  ['cellCount', 'u32'],
  ['dt', 'f32'],
  ['reactionConstant', 'f32'],
  ['strength', 'f32'],
  ['mode', 'f32'],
  ['alpha', 'f32'],
  ['electrons', 'f32'],
  ['depositRatio', 'f32'],
  ['chargeSource', 'f32'],
  ['conductivityElectrode', 'f32'],
  ['conductivityElectrolyte', 'f32'],
  ['diffusivityElectrode', 'f32'],
  ['diffusivityElectrolyte', 'f32'],
  ['potentialElectrolyte', 'f32'],
  ['electrolyteConcentration', 'f32'],
  /** alpha_n t0 of the Langevin noise (0: off) and its generator's seed */
  ['noiseAmplitude', 'f32'],
  ['noiseSeed', 'u32'],
  /** hz and 1 / hz (1 and 1 in 2D: the cell measure hx hy hz is then the area per unit depth) */
  ['spacingZ', 'f32'],
  ['inverseSpacingZ', 'f32'],
] as const);

export interface ElectrodepositionStepperOptions {
  /** Newton systems of the charge balance per coupling pass (default 2 with the spectral preconditioner, 3 with Jacobi) */
  chargeNewton?: number;
  /** CG iterations per Newton system of the charge balance (default 12 with the spectral preconditioner, 80 with Jacobi) */
  chargeCg?: number;
  /** Jacobi-CG iterations of the transport solve per coupling pass (default 20 in 2D, 30 in 3D) */
  transportCg?: number;
  /**
   * the charge balance's CG preconditioner: 'spectral' (default where the grid has ny > 1), the Jacobi-scaled
   * spectral inverse S^{-1/2} L^{-1} S^{-1/2} (charge_precondition_scale.wgsl), or 'jacobi' (the 1D strip)
   */
  chargePreconditioner?: 'spectral' | 'jacobi';
  cache?: PipelineCache;
}

const WORKGROUP_SIZE = 256;
/** bytes of one state slot and the alignment of the partial-sum regions (>= minStorageBufferOffsetAlignment, at most 256) */
const SLOT_BYTES = 256;
/** passes of (charge balance, transport) per step, as the twin's COUPLING_PASSES */
const PASSES = 2;

type Pass = { pipeline: GPUComputePipeline; group: GPUBindGroup; dispatch: [number, number] };
/** a pass per parity of the CG state slot it reads (deposition_cg_step.wgsl) */
type Pair = [Pass, Pass];

export class ElectrodepositionStepper {
  /** the state (f32, x fastest): phase field, c~, phi (internal units, RT/F) */
  readonly xi: GPUBuffer;
  readonly c: GPUBuffer;
  readonly phi: GPUBuffer;
  /** dxi/dt of the last step */
  readonly rate: GPUBuffer;
  /** the last step's local error estimate per cell, (dt / 2) |rate - rate of the step before| (deposition_advance.wgsl) */
  readonly estimate: GPUBuffer;
  /** vec2 (sum, carry): the Li that entered through x = L since the last upload (c~ units times internal area) */
  readonly inflow: GPUBuffer;
  readonly chargeNewton: number;
  readonly chargeCg: number;
  readonly transportCg: number;
  readonly chargePreconditioner: 'spectral' | 'jacobi';
  /** the model's uniform (ElectrodepositionParams), for kernels that read the state beside the step's */
  readonly params: GPUBuffer;
  private readonly gpu: GpuContext;
  private readonly cells: number;
  private readonly buffers: GPUBuffer[];
  private readonly u: GPUBuffer;
  /** the rate of the step before the last, for the estimate */
  private readonly ratePrevious: GPUBuffer;
  private stepSize: number;
  /** the float32 rounding carries of xi and c~: the stored value minus the exact one (deposition_advance.wgsl) */
  private readonly xiCarry: GPUBuffer;
  private readonly cCarry: GPUBuffer;
  /** steps since the last upload (u32): the noise generator's counter */
  private readonly stepCounter: GPUBuffer;
  /** the sine / cosine transforms of the charge balance's spectral preconditioner and their buffers */
  private readonly spectral?: { fft: RealToRealFft; transformed: GPUBuffer; spectrum: GPUBuffer };
  private readonly passes: {
    phase: Pass;
    chargeBegin: Pair;
    chargeResidual: [Pass, Pass];
    chargeJacobi: Pair;
    chargeStart: Pair;
    chargeApply: Pass;
    chargeStep: Pair;
    chargeScaleIn: Pass;
    chargeSpectralInverse: Pass;
    chargeScaleOut: Pair;
    coefficients: Pass;
    transportResidual: Pass;
    transportBegin: Pair;
    transportJacobi: Pair;
    transportStart: Pair;
    transportApply: Pass;
    transportStep: Pair;
    finish: Pass;
    inflow: Pass;
    advance: Pass;
  };

  constructor(
    gpu: GpuContext,
    readonly grid: DepositionGrid,
    readonly model: ElectrodepositionInternal,
    dt: number,
    options: ElectrodepositionStepperOptions = {},
  ) {
    const label = 'Electrodeposition';
    this.gpu = gpu;
    const device = gpu.device;
    const cache = options.cache ?? new PipelineCache(device);
    const [nx, ny, nz] = gridExtent(grid);
    const threeD = grid.shape.length === 3;
    if (threeD && model.anisotropy.mode !== 4 && model.anisotropy.strength !== 0) {
      throw new RangeError(`${label}: model.anisotropy.mode must be 4 (cubic) on a 3D grid, or strength 0 (got mode ${model.anisotropy.mode}, strength ${model.anisotropy.strength})`);
    }
    const cells = nx * ny * nz;
    this.cells = cells;
    const [hx, hy, hz] = gridSpacing(grid);
    this.chargePreconditioner = options.chargePreconditioner ?? (ny > 1 ? 'spectral' : 'jacobi');
    if (this.chargePreconditioner === 'spectral' && ny < 2) throw new RangeError(`${label}: the spectral preconditioner needs ny >= 2 (the grid has ny = ${ny})`);
    // counts measured against the float64 twin (docs/electrodeposition.md "Numerics")
    const spectral = this.chargePreconditioner === 'spectral';
    this.chargeNewton = options.chargeNewton ?? (spectral ? 2 : 3);
    this.chargeCg = options.chargeCg ?? (spectral ? 12 : 80);
    // 3D: 20 left the transport of the 24 x 8 x 8 nucleus's first step short of its tolerance (phi off the twin by
    // 1.2e-4, c~ by 2e-4); 30 meet it (6.1e-6, 1.8e-5: the same as 40) (scripts/electrodeposition-gpu.ts)
    this.transportCg = options.transportCg ?? (threeD ? 30 : 20);
    const groups = Math.ceil(cells / WORKGROUP_SIZE);
    const cellDispatch = dispatchSize(groups, gpu.limits.maxComputeWorkgroupsPerDimension);
    const partialCount = cellDispatch[0] * cellDispatch[1];
    // the partial sums in three regions (z . A z, then r . z for the two state slots), 256-byte aligned for the ranged bindings
    const region = Math.ceil(partialCount / (SLOT_BYTES / 4)) * (SLOT_BYTES / 4);
    const b = (name: string, bytes: number) => createStorageBuffer(gpu, `${label}.${name}`, bytes);
    this.xi = b('xi', cells * 4);
    this.c = b('c', cells * 4);
    this.phi = b('phi', cells * 4);
    this.rate = b('rate', cells * 4);
    this.ratePrevious = b('ratePrevious', cells * 4);
    this.estimate = b('estimate', cells * 4);
    this.inflow = b('inflow', 8);
    this.u = b('u', cells * 4);
    this.xiCarry = b('xiCarry', cells * 4);
    this.cCarry = b('cCarry', cells * 4);
    this.stepCounter = b('stepCounter', 4);
    const w = {
      next: b('cNext', cells * 4),
      // c~' - c~ of the last transport solve (transport_finish.wgsl)
      increment: b('cIncrement', cells * 4),
      phase: b('phase', cells * 8),
      sigma: b('sigma', cells * 4),
      shift: b('shift', cells * 4),
      diagonal: b('diagonal', cells * 4),
      residual: b('residual', cells * 4),
      preconditioned: b('preconditioned', cells * 4),
      // (p, s = A p) of the single-reduction CG
      directions: b('directions', cells * 8),
      applied: b('applied', cells * 4),
      reductions: b('reductions', 3 * region * 4),
      // two FieldPoissonState slots: a CG iteration reads one and writes the other
      states: b('states', 2 * SLOT_BYTES),
      // the spectral preconditioner: S^{-1/2} r and L^{-1} of it, the spectrum, diag(L)
      transformed: b('transformed', cells * 4),
      spectrum: b('spectrum', cells * 8),
      reference: b('reference', cells * 4),
      coefficients: b('coefficients', cells * 16),
      weights: b('weights', cells * 16),
      rhs: b('rhs', cells * 4),
      faces: b('faces', 2 * ny * nz * 4),
      chargeParams: createUniformBuffer(device, `${label}.chargeParams`, FieldPoissonParams.byteSize),
      transportParams: createUniformBuffer(device, `${label}.transportParams`, FieldPoissonParams.byteSize),
      model: createUniformBuffer(device, `${label}.model`, ElectrodepositionParams.byteSize),
    };
    this.params = w.model;
    this.stepSize = dt;
    this.buffers = [this.xi, this.c, this.phi, this.rate, this.ratePrevious, this.estimate, this.inflow, this.u, this.xiCarry, this.cCarry, this.stepCounter, ...Object.values(w)];

    const periodic = grid.lateral === 'periodic';
    const lateralBasis = (n: number) => (periodic && n > 1 ? 0 : 1);
    const fieldParams = (newtonTolerance: number, cgTolerance: number) =>
      FieldPoissonParams.pack({
        shape: [nx, ny, nz, 0],
        spectrumShape: [nx, ny, nz, 0],
        inverseSize: [1 / grid.lengths[0], 1 / grid.lengths[1], threeD ? 1 / grid.lengths[2]! : 0, 0],
        // x held, y and z periodic (0) or insulating (1) (electrochem/eps_divergence)
        basis: [2, lateralBasis(ny), lateralBasis(nz), 0],
        inverseSpacing2: [1 / (hx * hx), 1 / (hy * hy), threeD ? 1 / (hz * hz) : 0, 0],
        inverseSpacing: [1 / hx, 1 / hy, threeD ? 1 / hz : 0, 0],
        spacing: [hx, hy, threeD ? hz : 0, 0],
        // the held potentials on x = 0 and x = L, ny nz values each (y fastest)
        faceOffsets: [0, ny * nz, 0, 0],
        faceOffsetsZ: [0, 0, 0, 0],
        cellCount: cells,
        partialCount,
        chargeScale: 1,
        mobileCharge: 0,
        inverseThermalVoltage: 0,
        referencePermittivity: 1,
        shift: 0,
        newtonTolerance,
        cgTolerance,
        permittivityAtZero: 0,
        permittivityAtOne: 0,
      });
    // charge balance: Newton stops at 1e-5 of the solve's first preconditioned residual, CG at 1e-4 of
    // each system's (FieldPoisson's defaults); transport: one linear system (Newton tolerance 0), CG to 1e-6
    device.queue.writeBuffer(w.chargeParams, 0, fieldParams(1e-5, 1e-4));
    device.queue.writeBuffer(w.transportParams, 0, fieldParams(0, 1e-6));
    device.queue.writeBuffer(
      w.model,
      0,
      ElectrodepositionParams.pack({
        shape: [nx, ny, nz, periodic ? 1 : 0],
        spacing: [hx, hy, 1 / hx, 1 / hy],
        spacingZ: hz,
        inverseSpacingZ: 1 / hz,
        cellCount: cells,
        dt,
        reactionConstant: model.reactionConstant,
        strength: model.anisotropy.strength,
        mode: model.anisotropy.mode,
        alpha: model.alpha,
        electrons: model.electrons,
        depositRatio: model.depositRatio,
        chargeSource: model.chargeSource,
        conductivityElectrode: model.conductivity.electrode,
        conductivityElectrolyte: model.conductivity.electrolyte,
        diffusivityElectrode: model.diffusivity.electrode,
        diffusivityElectrolyte: model.diffusivity.electrolyte,
        potentialElectrolyte: model.potential.electrolyte,
        electrolyteConcentration: model.electrolyteConcentration,
        noiseAmplitude: model.noise.amplitude,
        noiseSeed: model.noise.seed,
      }),
    );
    const faces = new Float32Array(2 * ny * nz);
    faces.fill(model.potential.electrode, 0, ny * nz);
    faces.fill(model.potential.electrolyte, ny * nz);
    device.queue.writeBuffer(w.faces, 0, faces);

    // the diagonal of the constant-coefficient operator L (sigma = 1) whose inverse the spectral preconditioner applies
    const box = depositionFieldBox(grid);
    if (ny === 1) box.boundary = ['fixed', 'noFlux'];
    device.queue.writeBuffer(w.reference, 0, Float32Array.from(operatorDiagonal(box, new Float64Array(cells).fill(1))));
    if (this.chargePreconditioner === 'spectral') {
      this.spectral = { fft: new RealToRealFft(gpu, grid.shape, axisTransforms(box), { cache, label: `${label}.fft` }), transformed: w.transformed, spectrum: w.spectrum };
    }

    const library = {
      ...deviceLibrary(gpu),
      'electrochem/eps_divergence': epsDivergenceSource,
      'electrodeposition/transport_operator': transportOperatorSource,
      'ch/wavevector': wavevectorSource,
    };
    const structs = [FieldPoissonParams, FieldPoissonState, ElectrodepositionParams];
    // a binding is a whole buffer or a range of one (the partial-sum regions, the state slots)
    type Binding = GPUBuffer | { buffer: GPUBuffer; offset: number; size: number };
    const pass = (name: string, source: string, bound: Binding[], dispatch: [number, number] = cellDispatch, constants: Record<string, number> = {}): Pass => {
      const pipeline = cache.compute(`${label}.${name}`, composeShader(source, { structs, library }), 'main', { WORKGROUP_SIZE, ...constants });
      const group = device.createBindGroup({
        label: `${label}.${name}`,
        layout: pipeline.getBindGroupLayout(0),
        entries: bound.map((resource, binding) => ({ binding, resource: 'offset' in resource ? resource : { buffer: resource } })),
      });
      return { pipeline, group, dispatch };
    };
    const regionBytes = region * 4;
    const curvaturePartials = { buffer: w.reductions, offset: 0, size: regionBytes };
    const residualPartials = (slot: number) => ({ buffer: w.reductions, offset: (1 + slot) * regionBytes, size: regionBytes });
    const slot = (k: number) => ({ buffer: w.states, offset: k * SLOT_BYTES, size: FieldPoissonState.byteSize });
    const pair = (make: (k: number) => Pass): Pair => [make(0), make(1)];
    const chargeResidual = (c: GPUBuffer, name: string) =>
      pass(name, chargeResidualSource, [this.phi, w.sigma, w.faces, w.phase, c, w.residual, w.shift, w.diagonal, w.chargeParams, w.model]);
    // the CG pieces of one solve, per state slot: begin, Jacobi's z and r . z and the start of a system, the iteration
    const cg = (name: string, unknown: GPUBuffer, params: GPUBuffer, jacobi: boolean) => ({
      begin: pair((k) => pass(`${name}Begin${k}`, scalarsSource, [residualPartials(k), slot(k), params], [1, 1], { STAGE: 0 })),
      jacobi: pair((k) => pass(`${name}Jacobi${k}`, jacobiSource, [w.residual, w.diagonal, w.preconditioned, residualPartials(k), params])),
      start: pair((k) => pass(`${name}Start${k}`, scalarsSource, [residualPartials(k), slot(k), params], [1, 1], { STAGE: 1 })),
      step: pair((k) =>
        pass(`${name}Step${k}`, cgStepSource, [unknown, w.directions, w.residual, w.preconditioned, w.applied, w.diagonal, w.reductions, w.states, params], cellDispatch, {
          PARITY: k,
          REGION: region,
          JACOBI: jacobi ? 1 : 0,
        }),
      ),
    });
    const charge = cg('charge', this.phi, w.chargeParams, this.chargePreconditioner === 'jacobi');
    const transport = cg('transport', this.u, w.transportParams, true);
    const scale = (name: string, stage: number, partials: Binding) =>
      pass(name, preconditionScaleSource, [w.residual, w.diagonal, w.reference, w.transformed, w.preconditioned, partials, w.chargeParams], cellDispatch, { STAGE: stage });
    this.passes = {
      phase: pass('phase', phaseRateSource, [this.xi, w.phase, w.sigma, w.model, this.stepCounter]),
      chargeBegin: charge.begin,
      chargeResidual: [chargeResidual(this.c, 'chargeResidual0'), chargeResidual(w.next, 'chargeResidual1')],
      chargeJacobi: charge.jacobi,
      chargeStart: charge.start,
      chargeApply: pass('chargeApply', fieldApplySource, [w.preconditioned, w.sigma, w.faces, w.shift, w.applied, curvaturePartials, w.chargeParams]),
      chargeStep: charge.step,
      chargeScaleIn: scale('chargeScaleIn', 0, residualPartials(0)),
      chargeSpectralInverse: pass('chargeSpectralInverse', spectralInverseSource, [w.spectrum, w.chargeParams]),
      chargeScaleOut: pair((k) => scale(`chargeScaleOut${k}`, 1, residualPartials(k))),
      coefficients: pass('coefficients', transportCoefficientsSource, [this.xi, this.phi, this.c, w.phase, w.coefficients, w.weights, w.diagonal, w.rhs, w.model]),
      transportResidual: pass('transportResidual', transportResidualSource, [this.u, w.coefficients, w.weights, w.rhs, w.residual, w.model]),
      transportBegin: transport.begin,
      transportJacobi: transport.jacobi,
      transportStart: transport.start,
      transportApply: pass('transportApply', transportApplySource, [w.preconditioned, w.coefficients, w.weights, w.applied, curvaturePartials, w.model]),
      transportStep: transport.step,
      finish: pass('finish', transportFinishSource, [this.u, w.coefficients, w.weights, this.c, w.next, this.rate, w.model, w.increment]),
      inflow: pass('inflow', inflowSource, [this.u, w.weights, this.inflow, w.model], [1, 1]),
      advance: pass('advance', advanceSource, [this.xi, this.rate, this.c, w.increment, w.model, this.stepCounter, this.xiCarry, this.cCarry, this.ratePrevious, this.estimate]),
    };
  }

  /** Write a state (float64 on the CPU, rounded to f32; the rounding of xi and c~ kept in their carries) and reset the inflow total. */
  upload(state: DepositionState): void {
    const q = this.gpu.device.queue;
    const n = this.model.electrons;
    // the float32 value and its carry, the value's excess over the float64 one
    const compensated = (value: GPUBuffer, carry: GPUBuffer, exact: Float64Array) => {
      const rounded = Float32Array.from(exact);
      q.writeBuffer(value, 0, rounded);
      q.writeBuffer(carry, 0, Float32Array.from(rounded, (v, i) => v - exact[i]));
    };
    compensated(this.xi, this.xiCarry, state.xi);
    compensated(this.c, this.cCarry, state.c);
    q.writeBuffer(this.phi, 0, Float32Array.from(state.phi));
    // the transport CG's first guess: u = c~ e^{n phi}
    q.writeBuffer(this.u, 0, Float32Array.from(state.c, (c, i) => c * Math.exp(n * state.phi[i])));
    q.writeBuffer(this.inflow, 0, new Float32Array(2));
    q.writeBuffer(this.stepCounter, 0, new Uint32Array(1));
    q.writeBuffer(this.ratePrevious, 0, new Float32Array(this.cells));
  }

  /** The step size (internal time units) of the steps recorded from now on. */
  get dt(): number {
    return this.stepSize;
  }

  /** Set the step size (internal time units) for the steps recorded after this call (queue order; an unchanged step writes nothing). */
  setDt(dt: number): void {
    if (!(dt > 0) || !Number.isFinite(dt)) throw new RangeError(`Electrodeposition.setDt: the step must be finite and > 0 (got ${dt})`);
    if (dt === this.stepSize) return;
    this.stepSize = dt;
    this.gpu.device.queue.writeBuffer(this.params, ElectrodepositionParams.offsetOf('dt'), Float32Array.of(dt));
  }

  /** Record `steps` steps into one compute pass (nothing read back, nothing allocated). */
  encodeSteps(encoder: GPUCommandEncoder, steps = 1): void {
    let compute = encoder.beginComputePass({ label: 'Electrodeposition.step' });
    const run = (p: Pass) => {
      compute.setPipeline(p.pipeline);
      compute.setBindGroup(0, p.group);
      compute.dispatchWorkgroups(...p.dispatch);
    };
    const p = this.passes;
    // the state slot the next scalar stage or CG iteration reads; an iteration writes the other
    let slot = 0;
    // z and the partials of r . z for the state slot `slot`: Jacobi, or the spectral preconditioner (the
    // transforms record their own compute passes)
    const spectral = this.spectral;
    const precondition = () => {
      if (!spectral) return run(p.chargeJacobi[slot]);
      run(p.chargeScaleIn);
      compute.end();
      spectral.fft.forward(encoder, spectral.transformed, spectral.spectrum);
      compute = encoder.beginComputePass({ label: 'Electrodeposition.step' });
      run(p.chargeSpectralInverse);
      compute.end();
      spectral.fft.inverse(encoder, spectral.spectrum, spectral.transformed);
      compute = encoder.beginComputePass({ label: 'Electrodeposition.step' });
      run(p.chargeScaleOut[slot]);
    };
    const iterate = (apply: Pass, step: Pair, count: number, next?: () => void) => {
      for (let it = 0; it < count; it++) {
        run(apply);
        run(step[slot]);
        slot = 1 - slot;
        next?.();
      }
    };
    for (let step = 0; step < steps; step++) {
      run(p.phase);
      for (let pass = 0; pass < PASSES; pass++) {
        run(p.chargeBegin[slot]);
        for (let newton = 0; newton < this.chargeNewton; newton++) {
          run(p.chargeResidual[pass]);
          precondition();
          run(p.chargeStart[slot]);
          iterate(p.chargeApply, p.chargeStep, this.chargeCg, spectral && precondition);
        }
        run(p.coefficients);
        run(p.transportResidual);
        run(p.transportBegin[slot]);
        run(p.transportJacobi[slot]);
        run(p.transportStart[slot]);
        iterate(p.transportApply, p.transportStep, this.transportCg);
        run(p.finish);
      }
      run(p.inflow);
      run(p.advance);
    }
    compute.end();
  }

  /**
   * Everything a later step depends on, for a checkpoint (src/io/checkpoint.ts): xi and c~ with their
   * float32 carries, phi (Newton's start), u (the transport CG's warm start), the inflow total (sum, carry),
   * the last step's rate (the next estimate's) and, apart, the noise generator's step counter (a u32). Restored by restoreState, the run continues bit
   * for bit as if it had not stopped.
   */
  async saveState(): Promise<{ fields: [string, Float32Array][]; stepCounter: number }> {
    const device = this.gpu.device;
    const named = this.stateBuffers();
    const values = await Promise.all(named.map(([, buffer]) => readFloat32(device, buffer, buffer.size / 4)));
    const counter = new Uint32Array(await readBuffer(device, this.stepCounter, 4))[0];
    return { fields: named.map(([name], k) => [name, values[k]]), stepCounter: counter };
  }

  /** Put a saved state back (saveState); a missing or mis-sized field is an error naming it. */
  restoreState(fields: ReadonlyMap<string, Float32Array<ArrayBuffer>>, stepCounter: number): void {
    const q = this.gpu.device.queue;
    for (const [name, buffer] of this.stateBuffers()) {
      const values = fields.get(name);
      if (!values) throw new Error(`electrodeposition state: the checkpoint has no field "${name}" (written by an older spinode? rerun from the start)`);
      if (values.byteLength !== buffer.size) throw new Error(`electrodeposition state: field "${name}" has ${values.length} values, the grid needs ${buffer.size / 4}`);
      q.writeBuffer(buffer, 0, values);
    }
    q.writeBuffer(this.stepCounter, 0, Uint32Array.of(stepCounter));
  }

  private stateBuffers(): [string, GPUBuffer][] {
    return [
      ['xi', this.xi],
      ['c', this.c],
      ['phi', this.phi],
      ['u', this.u],
      ['xi_carry', this.xiCarry],
      ['c_carry', this.cCarry],
      ['inflow', this.inflow],
      ['rate_previous', this.ratePrevious],
    ];
  }

  /** Read the state back (for writers and tests: waits for the GPU). */
  async read(): Promise<{ xi: Float32Array; c: Float32Array; phi: Float32Array; rate: Float32Array; estimate: Float32Array; inflow: number }> {
    const device = this.gpu.device;
    const [xi, c, phi, rate, estimate, inflow] = await Promise.all(
      [this.xi, this.c, this.phi, this.rate, this.estimate].map((buffer) => readFloat32(device, buffer, this.cells)).concat(readFloat32(device, this.inflow, 2)),
    );
    return { xi, c, phi, rate, estimate, inflow: inflow[0] };
  }

  dispose(): void {
    for (const buffer of this.buffers) buffer.destroy();
    this.spectral?.fft.dispose();
  }
}
