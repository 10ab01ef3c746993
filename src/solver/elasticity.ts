/**
 * Homogeneous-modulus chemical-strain elasticity on the GPU (DESIGN.md 3.4; Khachaturyan 1983, ch. 7).
 * With Vegard's law and one stiffness everywhere the elastic problem is solved exactly in Fourier
 * space: the modulus B(n) of every mode is tabulated once (khachaturyan_modulus.wgsl) and the
 * Cahn-Hilliard update treats mu_el_hat = B(n) c_hat implicitly, so a step costs nothing extra.
 * Strain and stress are computed only on demand (a view, an output frame, every `stressEvery` steps):
 *   per component p: strain_spectrum<p> (c_hat -> d eps_hat_p), inverse FFT, copy into block p
 *   stress_fields: d eps -> sigma (6 blocks) and sigma_vm, sigma_h, sigma_1, w, hot spot (5 blocks)
 *   [a particle in a matrix: stress_regions (sigma_1 of particle and matrix, interface normal traction,
 *    first hot-spot time per cell) and their maxima]
 *   reductions of sigma_vm, sigma_1 and the hot-spot indicator -> stress_record -> StressObservables
 * Fields are written in the scene's stress unit (Pa for SI scenes).
 */
import tensorSource from '../../shaders/elastic/tensor.wgsl?raw';
import inhomogeneousSource from '../../shaders/elastic/inhomogeneous.wgsl?raw';
import modulusSource from '../../shaders/elastic/khachaturyan_modulus.wgsl?raw';
import strainSpectrumSource from '../../shaders/elastic/strain_spectrum.wgsl?raw';
import stressFieldsSource from '../../shaders/elastic/stress_fields.wgsl?raw';
import stressRecordSource from '../../shaders/elastic/stress_record.wgsl?raw';
import stressRegionsSource from '../../shaders/elastic/stress_regions.wgsl?raw';
import wavevectorSource from '../../shaders/ch/wavevector.wgsl?raw';
import type { GpuContext } from '../gpu/device.ts';
import { createStorageBuffer, createUniformBuffer } from '../gpu/buffers.ts';
import { interfaceNormals } from './interfaceNormal.ts';
import { PipelineCache, bindBuffers } from '../gpu/pipelineCache.ts';
import { FieldReducer, REDUCTION_RECORD_BYTES, type FieldReduction } from '../gpu/reduction.ts';
import { composeShader, deviceLibrary } from '../gpu/shaderSource.ts';
import type { RealFft } from '../fft/realFft.ts';
import type { ElasticSpec } from '../scene/resolveElasticity.ts';
import { ChParams, StepControl } from './layouts.ts';
import { CgState, ElasticParams, ElasticState, StressObservables } from './elasticLayouts.ts';
import { meanStrainControl } from '../physics/meanStrain.ts';
import type { ElasticFixedPoint } from './elasticFixedPoint.ts';
import greenDirectionSource from '../../shaders/elastic/green_direction.wgsl?raw';

import { fluctuatingComponents, registerSolverOptions, type ElasticSolverOptions } from './elasticSolverOptions.ts';

const WORKGROUP_SIZE = 256;
const NO_STEP = 0xffffffff;
/** what the reductions of an empty region give: stress_record passes it on, the host reads it as "none" */
export const NO_STRESS = -3e38;
const NO_REGIONS = { sigma1Particle: NO_STRESS, sigma1Matrix: NO_STRESS, interfaceTension: NO_STRESS };

/** Order of the stress blocks and of the invariant blocks in the fields buffers. */
export const STRESS_COMPONENTS = ['sigma_xx', 'sigma_yy', 'sigma_zz', 'sigma_yz', 'sigma_xz', 'sigma_xy'] as const;
export const STRESS_INVARIANTS = ['sigma_vm', 'sigma_h', 'sigma_1', 'elastic_energy_density', 'hotspot'] as const;
export type StressFieldName = (typeof STRESS_COMPONENTS)[number] | (typeof STRESS_INVARIANTS)[number];

function dispatch(count: number, maxDim: number): [number, number] {
  const groups = Math.ceil(count / WORKGROUP_SIZE);
  if (groups <= maxDim) return [groups, 1];
  const y = Math.ceil(groups / maxDim);
  return [Math.ceil(groups / y), y];
}

/**
 * ElasticParams values of a resolved elasticity section (internal units; stressScale = e0). The hot-spot
 * strength defaults to the scene's (`elastic.strength`, scene stress unit); misc.w selects the criterion:
 * 0 = sigma_1 (brittle, tensile), 1 = sigma_vm (ductile, yield). A matrix's own criterion
 * (`elastic.matrixStrength`) goes into matrixStrength, the same way.
 */
export function elasticParamValues(elastic: ElasticSpec, stressScale: number, tensileStrength = elastic.strength?.value ?? 0) {
  const internal = elastic.internal;
  const e = elastic.eigenstrain;
  const m = internal.mean;
  const zero = new Float64Array(36);
  const lithiated = internal.stiffnessLithiated ? internal.stiffnessLithiated.map((v, i) => v - internal.stiffness[i]) : zero;
  const control = meanStrainControl(internal.reference, elastic.boundary, elastic.planeStrain2D);
  const rows = (prefix: string, M: ArrayLike<number>) =>
    Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`${prefix}${i}`, [M[4 * i], M[4 * i + 1], M[4 * i + 2], M[4 * i + 3]]]));
  const six = (prefix: string, v: readonly number[]) => ({ [`${prefix}0`]: v.slice(0, 4), [`${prefix}1`]: [v[4], v[5], 0, 0] });
  const misfitNorm = Math.sqrt(e[0] ** 2 + e[1] ** 2 + e[2] ** 2 + 2 * (e[3] ** 2 + e[4] ** 2 + e[5] ** 2));
  return {
    ...(rows('c', internal.stiffness) as Record<`c${0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8}`, number[]>),
    ...(rows('d', lithiated) as Record<`d${0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8}`, number[]>),
    ...(rows('m', internal.matrixStiffness ?? internal.stiffness) as Record<`m${0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8}`, number[]>),
    ...(rows('r', internal.reference) as Record<`r${0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8}`, number[]>),
    ...(rows('s', control.correction) as Record<`s${0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8}`, number[]>),
    ...(six('strainTarget', control.strain) as Record<'strainTarget0' | 'strainTarget1', number[]>),
    ...(six('stressTarget', control.stress.map((v) => v / stressScale)) as Record<'stressTarget0' | 'stressTarget1', number[]>),
    ...(six('prescribed', control.prescribed.map(Number)) as Record<'prescribed0' | 'prescribed1', number[]>),
    mode: [elastic.interpolation === 'smoothstep' ? 1 : 0, internal.matrixStiffness ? 1 : 0, misfitNorm > 0 ? 1 / misfitNorm : 1, 0],
    eigen0: [e[0], e[1], e[2], e[3]],
    eigen1: [e[4], e[5], 0, 0],
    meanOffset0: m.offset.slice(0, 4),
    meanOffset1: [m.offset[4], m.offset[5], 0, 0],
    meanSlope0: m.slope.slice(0, 4),
    meanSlope1: [m.slope[4], m.slope[5], 0, 0],
    misc: [elastic.referenceConcentration, tensileStrength / stressScale, stressScale, elastic.strength?.kind === 'vonMises' ? 1 : 0],
    solver: [elastic.solver.tolerance, { eigenstrain: 0, eigenstress: 1, laminate: 2 }[elastic.matrixInterface], 0, 0],
    matrixStrength: [(elastic.matrixStrength?.value ?? 0) / stressScale, elastic.matrixStrength?.kind === 'vonMises' ? 1 : 0, 0, 0],
  };
}

/** The iterative solver's options for a resolved elasticity section (src/solver/elasticSolverOptions.ts). */
export function elasticSolverOptions(elastic: ElasticSpec, shape: readonly number[]): ElasticSolverOptions {
  const control = meanStrainControl(elastic.internal.reference, elastic.boundary, elastic.planeStrain2D);
  return {
    scheme: elastic.solver.scheme,
    green: elastic.solver.greenOperator,
    oneShot: elastic.oneShot,
    predictor: elastic.solver.warmStart === 'predicted',
    shape,
    spacing: elastic.spacing.slice(0, shape.length),
    initialStrain: control.strain.map((v, i) => (control.prescribed[i] ? v : 0)),
    laminate: elastic.matrixInterface === 'laminate' && elastic.matrixStiffness !== undefined,
    fluctuating: fluctuatingComponents(
      shape.length,
      control.prescribed,
      [elastic.internal.stiffness, elastic.internal.stiffnessLithiated, elastic.internal.matrixStiffness].filter((C): C is Float64Array => C !== undefined),
      elastic.eigenstrain,
    ),
  };
}

interface StressWork {
  strainSpectrum: GPUBuffer;
  strainReal: GPUBuffer;
  /** 6 blocks: strain fluctuation, then stress */
  stress: GPUBuffer;
  /** 5 blocks: sigma_vm, sigma_h, sigma_1, w, hot spot */
  invariants: GPUBuffer;
  results: GPUBuffer;
  componentPipelines: GPUComputePipeline[];
  componentGroups: GPUBindGroup[];
  stressPipeline: GPUComputePipeline;
  stressGroup: GPUBindGroup;
  reductions: FieldReduction[];
  recordPipeline: GPUComputePipeline;
  recordGroup: GPUBindGroup;
  /** stress by region (enableRegions) */
  regions?: { blocks: GPUBuffer; pipeline: GPUComputePipeline; group: GPUBindGroup; reductions: FieldReduction[] };
}

/** Stress by region of a particle in a matrix (ElasticModel.enableRegions). */
interface RegionInputs {
  /** psi per cell (f32; the first cellCount values are read) */
  indicator: GPUBuffer;
  /** unit interface normals, 3 per cell */
  normals: GPUBuffer;
  /** clock of the first evaluated state at which each cell was a hot spot, -1 before (declared state) */
  firstTime: GPUBuffer;
}

/** StressObservables whose step is never reached: what step-control kernels read when nothing evaluates stress. */
export function noStressObservables(gpu: GpuContext, label: string): GPUBuffer {
  const buffer = createStorageBuffer(gpu, `${label}.noStress`, StressObservables.byteSize);
  gpu.device.queue.writeBuffer(buffer, 0, StressObservables.pack({ step: NO_STEP, sigmaVmMax: 0, sigma1Max: 0, hotspotFraction: 0, ...NO_REGIONS }));
  return buffer;
}

export class ElasticModel {
  readonly params: GPUBuffer;
  /** B(n) per mode of the half spectrum, internal units */
  readonly modulus: GPUBuffer;
  /** the last stress evaluation, read by step_control.wgsl */
  readonly stressObservables: GPUBuffer;
  private work?: StressWork;
  private placeholder?: GPUBuffer;
  private readonly library: Record<string, string>;
  private readonly spectrumDispatch: [number, number];
  private readonly cellDispatch: [number, number];

  constructor(
    readonly gpu: GpuContext,
    readonly elastic: ElasticSpec,
    private readonly chParams: GPUBuffer,
    private readonly fft: RealFft,
    private readonly cache: PipelineCache,
    private readonly counts: { cells: number; spectrum: number },
    stressScale: number,
    tensileStrength = elastic.strength?.value ?? 0,
    /**
     * psi per cell of a particle whose surroundings carry no stress of interest (a CHR particle in a liquid):
     * the stress fields and their maxima are zero where psi < 1/2
     */
    private readonly particle?: GPUBuffer,
  ) {
    const device = gpu.device;
    this.params = createUniformBuffer(device, 'Elasticity.params', ElasticParams.byteSize);
    const values = elasticParamValues(elastic, stressScale, tensileStrength);
    if (particle) values.mode[3] = 1;
    device.queue.writeBuffer(this.params, 0, ElasticParams.pack(values));
    if (!elastic.homogeneous) registerSolverOptions(this.params, elasticSolverOptions(elastic, fft.shape));
    this.modulus = createStorageBuffer(gpu, 'Elasticity.modulus', counts.spectrum * 4);
    this.stressObservables = createStorageBuffer(gpu, 'Elasticity.stressObservables', StressObservables.byteSize);
    device.queue.writeBuffer(this.stressObservables, 0, StressObservables.pack({ step: NO_STEP, sigmaVmMax: 0, sigma1Max: 0, hotspotFraction: 0, ...NO_REGIONS }));
    this.library = { ...deviceLibrary(gpu), 'ch/wavevector': wavevectorSource, 'elastic/tensor': tensorSource, 'elastic/inhomogeneous': inhomogeneousSource, 'elastic/green_direction': greenDirectionSource };
    const maxDim = gpu.limits.maxComputeWorkgroupsPerDimension;
    this.spectrumDispatch = dispatch(counts.spectrum, maxDim);
    this.cellDispatch = dispatch(counts.cells, maxDim);

    // Inhomogeneous moduli: B(n) of the reference medium, only as the implicit stabiliser of the update.
    const pipeline = cache.compute('Elasticity.khachaturyanModulus', this.compose(modulusSource), 'main', {
      WORKGROUP_SIZE,
      REFERENCE_MEDIUM: elastic.homogeneous ? 0 : 1,
    });
    const group = bindBuffers(device, 'Elasticity.khachaturyanModulus', pipeline, [this.modulus, chParams, this.params]);
    const encoder = device.createCommandEncoder({ label: 'Elasticity.modulus' });
    const pass = encoder.beginComputePass({ label: 'Elasticity.khachaturyanModulus' });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(...this.spectrumDispatch);
    pass.end();
    device.queue.submit([encoder.finish()]);
  }

  /** the iterative solver, with inhomogeneous moduli (attached by the stepper that owns its inputs) */
  fixedPoint?: ElasticFixedPoint;

  compose(source: string): string {
    return composeShader(source, { structs: [ChParams, ElasticParams, StepControl, StressObservables, ElasticState, CgState], library: this.library });
  }

  /** GPU memory of the on-demand stress buffers (allocated at the first stress evaluation). */
  static stressBytes(cells: number, spectrum: number): number {
    return spectrum * 8 + cells * 4 * (1 + 6 + STRESS_INVARIANTS.length);
  }

  private prepare(concentration: GPUBuffer, spectrum: GPUBuffer, control: GPUBuffer): StressWork {
    if (this.work) return this.work;
    const { gpu, cache } = this;
    const device = gpu.device;
    const n = this.counts.cells;
    const strainSpectrum = createStorageBuffer(gpu, 'Elasticity.strainSpectrum', this.counts.spectrum * 8);
    const strainReal = createStorageBuffer(gpu, 'Elasticity.strainComponent', n * 4);
    const stress = createStorageBuffer(gpu, 'Elasticity.stress', 6 * n * 4);
    const invariants = createStorageBuffer(gpu, 'Elasticity.stressInvariants', STRESS_INVARIANTS.length * n * 4);
    // records 0-2: sigma_vm, sigma_1, hot spot; 3-5: the regions (empty: max -BIG unless enableRegions)
    const results = createStorageBuffer(gpu, 'Elasticity.stressMaxima', 6 * REDUCTION_RECORD_BYTES);
    device.queue.writeBuffer(results, 3 * REDUCTION_RECORD_BYTES, Float32Array.from([0, 3e38, NO_STRESS, 0, 0, 3e38, NO_STRESS, 0, 0, 3e38, NO_STRESS, 0]));
    const componentPipelines = (this.fixedPoint ? [] : STRESS_COMPONENTS).map((_, p) =>
      cache.compute(`Elasticity.strainSpectrum${p}`, this.compose(strainSpectrumSource), 'main', { WORKGROUP_SIZE, COMPONENT: p }),
    );
    const componentGroups = componentPipelines.map((pl, p) =>
      bindBuffers(device, `Elasticity.strainSpectrum${p}`, pl, [spectrum, strainSpectrum, this.chParams, this.params]),
    );
    const inhomogeneous = this.fixedPoint !== undefined;
    const stressPipeline = cache.compute('Elasticity.stressFields', this.compose(stressFieldsSource), 'main', { WORKGROUP_SIZE, INHOMOGENEOUS: inhomogeneous ? 1 : 0 });
    this.placeholder ??= createStorageBuffer(gpu, 'Elasticity.noIndicator', 16);
    const indicator = this.fixedPoint?.buffers.indicator ?? this.particle ?? this.placeholder;
    const stressGroup = bindBuffers(device, 'Elasticity.stressFields', stressPipeline, [concentration, spectrum, stress, invariants, this.chParams, this.params, indicator]);
    const reducer = new FieldReducer(gpu, cache);
    const reductions = [0, 2, 4].map((block, k) => reducer.prepare(`Elasticity.reduce${STRESS_INVARIANTS[block]}`, invariants, results, k, n, block * n));
    let regions: StressWork['regions'];
    const r = this.regionInputs;
    if (r) {
      const blocks = createStorageBuffer(gpu, 'Elasticity.stressRegions', 3 * n * 4);
      const pipeline = cache.compute('Elasticity.stressRegions', this.compose(stressRegionsSource), 'main', { WORKGROUP_SIZE });
      const group = bindBuffers(device, 'Elasticity.stressRegions', pipeline, [stress, invariants, r.indicator, r.normals, blocks, r.firstTime, control, this.chParams]);
      const names = ['sigma1Particle', 'sigma1Matrix', 'interfaceTension'];
      regions = { blocks, pipeline, group, reductions: names.map((name, k) => reducer.prepare(`Elasticity.reduce.${name}`, blocks, results, 3 + k, n, k * n)) };
    }
    const recordPipeline = cache.compute('Elasticity.stressRecord', this.compose(stressRecordSource), 'main');
    const recordGroup = bindBuffers(device, 'Elasticity.stressRecord', recordPipeline, [results, control, this.stressObservables, this.chParams]);
    this.work = { strainSpectrum, strainReal, stress, invariants, results, componentPipelines, componentGroups, stressPipeline, stressGroup, reductions, recordPipeline, recordGroup, regions };
    return this.work;
  }

  /** Record the stress fields of the current state (c and c_hat) into the stress/invariant buffers. */
  encodeStress(encoder: GPUCommandEncoder, concentration: GPUBuffer, spectrum: GPUBuffer, control: GPUBuffer): void {
    const w = this.prepare(concentration, spectrum, control);
    const blockBytes = this.counts.cells * 4;
    if (this.fixedPoint) {
      // the iterative solver keeps the total strain: stress_fields turns a copy of it into stresses
      encoder.copyBufferToBuffer(this.fixedPoint.buffers.strain, 0, w.stress, 0, 6 * blockBytes);
    } else {
      STRESS_COMPONENTS.forEach((_, p) => {
        const pass = encoder.beginComputePass({ label: 'Elasticity.strainSpectrum' });
        pass.setPipeline(w.componentPipelines[p]);
        pass.setBindGroup(0, w.componentGroups[p]);
        pass.dispatchWorkgroups(...this.spectrumDispatch);
        pass.end();
        this.fft.inverse(encoder, w.strainSpectrum, w.strainReal);
        encoder.copyBufferToBuffer(w.strainReal, 0, w.stress, p * blockBytes, blockBytes);
      });
    }
    const pass = encoder.beginComputePass({ label: 'Elasticity.stressFields' });
    pass.setPipeline(w.stressPipeline);
    pass.setBindGroup(0, w.stressGroup);
    pass.dispatchWorkgroups(...this.cellDispatch);
    pass.end();
  }

  /** Stress fields plus their maxima and hot-spot fraction, tagged with the current step for the history. */
  encodeObservables(encoder: GPUCommandEncoder, concentration: GPUBuffer, spectrum: GPUBuffer, control: GPUBuffer): void {
    this.encodeStress(encoder, concentration, spectrum, control);
    const w = this.work!;
    const pass = encoder.beginComputePass({ label: 'Elasticity.stressObservables' });
    if (w.regions) {
      pass.setPipeline(w.regions.pipeline);
      pass.setBindGroup(0, w.regions.group);
      pass.dispatchWorkgroups(...this.cellDispatch);
      for (const r of w.regions.reductions) r.encode(pass);
    }
    for (const r of w.reductions) r.encode(pass);
    pass.setPipeline(w.recordPipeline);
    pass.setBindGroup(0, w.recordGroup);
    pass.dispatchWorkgroups(1);
    pass.end();
  }

  private regionInputs?: RegionInputs;

  /**
   * Evaluate the stress by region with every observables evaluation (issue 19: a particle in an
   * electrolyte or pore): the peak sigma_1 inside (psi >= 1/2) and outside, the peak normal traction
   * across the diffuse interface, and per cell the clock of its first hot-spot state. `indicator` holds
   * psi on the GPU, `psi` the same on the host (for the normals). Call before the first evaluation.
   */
  enableRegions(indicator: GPUBuffer, psi: Float64Array): void {
    if (this.work) throw new Error('enableRegions: call it before the first stress evaluation');
    const n = this.counts.cells;
    const normals = createStorageBuffer(this.gpu, 'Elasticity.interfaceNormals', 3 * n * 4);
    this.gpu.device.queue.writeBuffer(normals, 0, Float32Array.from(interfaceNormals(psi, this.fft.shape, this.elastic.spacing)));
    const firstTime = createStorageBuffer(this.gpu, 'Elasticity.hotspotFirstTime', n * 4);
    this.gpu.device.queue.writeBuffer(firstTime, 0, new Float32Array(n).fill(-1));
    this.regionInputs = { indicator, normals, firstTime };
  }

  /** Declared state of the stress history (the first hot-spot time per cell), empty without regions. */
  stateBuffers(): [string, GPUBuffer][] {
    return this.regionInputs ? [['hotspot_first_time', this.regionInputs.firstTime]] : [];
  }

  /** Per cell the clock (internal time units) of the first evaluated state at which it was a hot spot, -1 if never (enableRegions). */
  get hotspotFirstTime(): GPUBuffer | undefined {
    return this.regionInputs?.firstTime;
  }

  /** Where a stress field lives after encodeStress: buffer and byte offset of its block. */
  fieldLocation(name: StressFieldName): { buffer: GPUBuffer; offset: number; bytes: number } {
    if (!this.work) throw new Error('stress fields have not been computed yet');
    const bytes = this.counts.cells * 4;
    const c = (STRESS_COMPONENTS as readonly string[]).indexOf(name);
    if (c >= 0) return { buffer: this.work.stress, offset: c * bytes, bytes };
    const i = (STRESS_INVARIANTS as readonly string[]).indexOf(name);
    return { buffer: this.work.invariants, offset: i * bytes, bytes };
  }

  dispose(): void {
    const w = this.work;
    const buffers = [this.params, this.modulus, this.stressObservables];
    if (w) buffers.push(w.strainSpectrum, w.strainReal, w.stress, w.invariants, w.results);
    if (this.placeholder) buffers.push(this.placeholder);
    if (this.regionInputs) buffers.push(this.regionInputs.normals, this.regionInputs.firstTime);
    if (w?.regions) buffers.push(w.regions.blocks);
    for (const b of buffers) b.destroy();
    this.fixedPoint?.dispose();
    for (const r of [...(w?.reductions ?? []), ...(w?.regions?.reductions ?? [])]) r.dispose();
  }
}
