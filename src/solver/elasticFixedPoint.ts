/**
 * The iterative solver of inhomogeneous moduli (phase-dependent stiffness C(c), a particle in a matrix
 * C(psi), pores with zero stiffness), with the interface the Cahn-Hilliard stepper calls once per
 * evaluation of its explicit terms:
 *   encodeIterations(encoder, count)   relax the strain for the composition now in the concentration
 *                                      buffer (warm-started from the last solve)
 *   encodePotential(encoder)           g += mu_el of that strain (elastic_potential.wgsl), after bulk_potential
 * Two schemes, chosen by the scene (src/solver/elasticSolverOptions.ts):
 *   conjugateGradient  src/solver/elasticCg.ts (default): CG on the Galerkin-projected Lippmann-Schwinger
 *                      system, iterations after convergence are no-ops
 *   basic              src/solver/elasticBasicScheme.ts: the Moulinec-Suquet fixed point
 * and two Green operators (src/physics/greenOperator.ts): Willot's rotated (default) or continuous.
 * Homogeneous moduli with a non-linear eigenstrain interpolation (`oneShot`) take one basic iteration
 * with C0 = C and the continuous operator per call: the exact solution, whatever `count` says.
 * The host chooses how many iterations each time step gets from the residual it reads back (never
 * waiting inside the step loop).
 */
import potentialSource from '../../shaders/elastic/elastic_potential.wgsl?raw';
import type { GpuContext } from '../gpu/device.ts';
import { createStorageBuffer } from '../gpu/buffers.ts';
import { bindBuffers, type PipelineCache } from '../gpu/pipelineCache.ts';
import type { RealFft } from '../fft/realFft.ts';
import { greenTable } from '../physics/greenOperator.ts';
import { interfaceNormals } from './interfaceNormal.ts';
import { ElasticState } from './elasticLayouts.ts';
import { solverOptionsFor, type ElasticSolverOptions } from './elasticSolverOptions.ts';
import { BasicScheme } from './elasticBasicScheme.ts';
import { ConjugateGradientScheme, type StageFraction } from './elasticCg.ts';

const COMPONENTS = 6;

export interface FixedPointBuffers {
  /** total strain eps, 6 blocks of cellCount (tensor components xx, yy, zz, yz, xz, xy), internal units */
  strain: GPUBuffer;
  /** solver state for the history: residual and iterations (ElasticState; the basic scheme's mean strain) */
  state: GPUBuffer;
  /** particle indicator psi (a 16-byte placeholder without a matrix) */
  indicator: GPUBuffer;
}

/** What a scheme needs from the solver that owns it. */
export interface ElasticSchemeContext {
  gpu: GpuContext;
  compose: (source: string) => string;
  params: { ch: GPUBuffer; elastic: GPUBuffer };
  counts: { cells: number; spectrum: number };
  fields: { concentration: GPUBuffer };
  dispatch: { cells: [number, number]; spectrum: [number, number] };
  buffers: FixedPointBuffers;
  /** the Green operator's per-axis direction factors (src/physics/greenOperator.ts), f32 pairs */
  greenTable: GPUBuffer;
  /** tensor components whose projection can be non-zero (ElasticSolverOptions.fluctuating); the others stay zero */
  fluctuating: readonly number[];
  /** the stepper's clock (a StepControl prefix: time, dt), for the conjugate-gradient warm-start predictor; absent: no predictor */
  control?: GPUBuffer;
}

export interface ElasticScheme {
  readonly bytes: number;
  encode(encoder: GPUCommandEncoder, count: number, stage?: StageFraction, opensStep?: boolean): void;
  reset?(): void;
  stateBuffers?(): [string, GPUBuffer][];
  dispose(): void;
}

const DEFAULT_OPTIONS: Omit<ElasticSolverOptions, 'shape' | 'spacing'> = {
  scheme: 'basic',
  green: 'continuous',
  oneShot: false,
  initialStrain: [0, 0, 0, 0, 0, 0],
};

export class ElasticFixedPoint {
  readonly buffers: FixedPointBuffers;
  /** bytes of GPU memory held */
  readonly bytes: number;
  /** iterations recorded per time step; the host adapts it to the tolerance */
  iterationsPerStep = 4;
  readonly options: ElasticSolverOptions;
  readonly scheme: ElasticScheme;
  private readonly greenTable: GPUBuffer;
  private readonly potential: { pipeline: GPUComputePipeline; group: GPUBindGroup; dispatch: [number, number] };

  constructor(
    readonly gpu: GpuContext,
    fft: RealFft,
    cache: PipelineCache,
    compose: (source: string) => string,
    params: { ch: GPUBuffer; elastic: GPUBuffer },
    private readonly counts: { cells: number; spectrum: number },
    /** control: the stepper's clock (StepControl prefix), which enables the conjugate-gradient warm-start predictor */
    fields: { concentration: GPUBuffer; potential: GPUBuffer; elasticPartials: GPUBuffer; indicator?: Float64Array; control?: GPUBuffer },
    dispatch: { cells: [number, number]; spectrum: [number, number]; bulk: [number, number] },
    /** ITEMS cells per thread of elastic_potential; PER_SITE 1: write mu_el / psi instead of adding mu_el (a CHR particle) */
    constants: { ITEMS: number; PER_SITE?: number },
    /** the scene's choice; by default the one registered for `params.elastic` by its ElasticModel */
    options?: ElasticSolverOptions,
  ) {
    const device = gpu.device;
    const n = counts.cells;
    const real = n * 4;
    this.options = options ?? solverOptionsFor(params.elastic) ?? { ...DEFAULT_OPTIONS, shape: fft.shape, spacing: fft.shape.map(() => 1) };
    const o = this.options;
    // psi per cell; with the laminate interface followed by the boundary normals (3 per cell)
    const normals = fields.indicator && o.laminate ? interfaceNormals(fields.indicator, o.shape, o.spacing) : undefined;
    const indicator = fields.indicator
      ? createStorageBuffer(gpu, 'ElasticFixedPoint.indicator', real * (normals ? 4 : 1))
      : createStorageBuffer(gpu, 'ElasticFixedPoint.noIndicator', 16);
    if (fields.indicator) device.queue.writeBuffer(indicator, 0, Float32Array.from(fields.indicator));
    if (normals) device.queue.writeBuffer(indicator, real, Float32Array.from(normals));
    this.buffers = {
      strain: createStorageBuffer(gpu, 'ElasticFixedPoint.strain', COMPONENTS * real),
      state: createStorageBuffer(gpu, 'ElasticFixedPoint.state', ElasticState.byteSize),
      indicator,
    };
    const green = o.oneShot ? 'continuous' : o.green;
    const table = greenTable(green, o.shape, o.spacing, { dropNyquist: green === 'continuous' && o.scheme === 'conjugateGradient' && !o.oneShot });
    this.greenTable = createStorageBuffer(gpu, 'ElasticFixedPoint.greenTable', table.length * 4);
    device.queue.writeBuffer(this.greenTable, 0, Float32Array.from(table));
    const fluctuating = o.fluctuating ?? [0, 1, 2, 3, 4, 5];
    const context: ElasticSchemeContext = { gpu, compose, params, counts, fields, dispatch, buffers: this.buffers, greenTable: this.greenTable, fluctuating, control: o.predictor ? fields.control : undefined };
    this.scheme = o.scheme === 'conjugateGradient' && !o.oneShot ? new ConjugateGradientScheme(gpu, fft, cache, context) : new BasicScheme(gpu, fft, cache, context);
    this.bytes = COMPONENTS * real + indicator.size + ElasticState.byteSize + this.greenTable.size + this.scheme.bytes;
    const pipeline = cache.compute('ElasticFixedPoint.elasticPotential', compose(potentialSource), 'main', { WORKGROUP_SIZE: 256, ITEMS: constants.ITEMS, PER_SITE: constants.PER_SITE ?? 0 });
    this.potential = {
      pipeline,
      group: bindBuffers(device, 'ElasticFixedPoint.elasticPotential', pipeline, [fields.concentration, indicator, this.buffers.strain, fields.potential, fields.elasticPartials, params.ch, params.elastic]),
      dispatch: dispatch.bulk,
    };
    if (o.oneShot) this.iterationsPerStep = 1;
    this.reset();
  }

  /** Declared state (issue #25): the warm-start strain, the iteration state (mean strain, residual, count) and the CG predictor's history. */
  stateBuffers(): [string, GPUBuffer][] {
    return [['elastic_strain', this.buffers.strain], ['elastic_state', this.buffers.state], ...(this.scheme.stateBuffers?.() ?? [])];
  }

  /** Back to the uniform start eps = E_P (the prescribed mean strains), mean state likewise: the next solve starts from scratch. */
  reset(): void {
    const device = this.gpu.device;
    const n = this.counts.cells;
    const strain = new Float32Array(COMPONENTS * n);
    const start = this.options.initialStrain;
    for (let p = 0; p < COMPONENTS; p++) strain.fill(start[p] ?? 0, p * n, (p + 1) * n);
    device.queue.writeBuffer(this.buffers.strain, 0, strain);
    device.queue.writeBuffer(
      this.buffers.state,
      0,
      ElasticState.pack({ mean0: start.slice(0, 4), mean1: [start[4], start[5], 0, 0], change0: [0, 0, 0, 0], change1: [0, 0, 0, 0], residual: 0, iterations: 0 }),
    );
    this.scheme.reset?.();
  }

  /**
   * The host's rule for the iterations recorded per solve, from a step's residual and the iterations
   * its solves needed (ElasticState, read back from the history; conjugate gradients report the worst
   * solve of the step): doubling when above the tolerance; CG (which stops on its own) one more than
   * needed; the basic scheme one fewer when far below the tolerance.
   */
  adaptIterations(residual: number, needed: number, tolerance: number, maxIterations: number): void {
    if (residual > tolerance) this.iterationsPerStep = Math.min(maxIterations, this.iterationsPerStep * 2);
    else if (this.options.scheme === 'conjugateGradient' && !this.options.oneShot) this.iterationsPerStep = Math.max(1, Math.min(maxIterations, needed + 1));
    else if (residual < tolerance / 8) this.iterationsPerStep = Math.max(1, this.iterationsPerStep - 1);
  }

  /**
   * Record `count` iterations for the current composition (one with homogeneous moduli: exact). `stage`:
   * where in the step the composition sits (0 the state, 1/2 and 1 ETDRK4's stages), the time the
   * conjugate-gradient predictor extrapolates the warm start to. `opensStep` false: a later solve of the
   * same step (ETDRK4's stages b, c and the candidate, CHR's corrector), whose residual and iterations
   * ElasticState reports as the worst of the step's solves (conjugate gradients).
   */
  encodeIterations(encoder: GPUCommandEncoder, count = this.iterationsPerStep, stage: StageFraction = 0, opensStep = true): void {
    this.scheme.encode(encoder, this.options.oneShot ? 1 : count, stage, opensStep);
  }

  /** g += mu_el of the current strain, and the elastic-energy partial sums (after bulk_potential). */
  encodePotential(encoder: GPUCommandEncoder): void {
    const pass = encoder.beginComputePass({ label: 'ElasticFixedPoint.elasticPotential' });
    pass.setPipeline(this.potential.pipeline);
    pass.setBindGroup(0, this.potential.group);
    pass.dispatchWorkgroups(...this.potential.dispatch);
    pass.end();
  }

  dispose(): void {
    for (const buffer of [...Object.values(this.buffers), this.greenTable]) buffer.destroy();
    this.scheme.dispose();
  }
}
