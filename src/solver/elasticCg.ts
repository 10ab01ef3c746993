/**
 * Conjugate gradients on the Galerkin-projected Lippmann-Schwinger system, reference-free (Zeman,
 * Vondrejc, Novak & Marek, J. Comput. Phys. 229 (2010) 8065; de Geus, Vondrejc, Zeman, Peerlings &
 * Geers, CMAME 318 (2017) 412); one of the two schemes of ElasticFixedPoint. Solves
 *   G'(C(x) : eps) = G'(tau*(x) + sigma_target)
 * for eps = E_P + (compatible fluctuation) + (stress-controlled mean), with G' the orthogonal projection
 * of galerkin_projection.wgsl (continuous or Willot's rotated Green operator). Float32, GPU-resident:
 * every dot product is reduced on the GPU and alpha, beta and the stopping test live in CgState
 * (cg_scalars.wgsl), so a time step records its iterations and never waits for the CPU. A solve:
 *   start   cg_residual_stress (LOAD) -> 6 FFT -> projection -> cg_scalars 0     ||G' sigma_load||^2
 *           cg_residual_stress        -> 6 FFT -> projection -> cg_scalars 1 -> 6 iFFT -> r
 *   each iteration (12 FFTs)
 *           cg_direction_apply  p = r + beta p, q~ = C : p, sum p : q~ -> cg_scalars 2 (alpha)
 *           6 FFT -> projection -> 6 iFFT: q = G' q~
 *           cg_update           eps += alpha p, r -= alpha q, sum r : r -> cg_scalars 3 (beta, residual)
 * Only the components G' can make non-zero are transformed (ElasticSolverOptions.fluctuating: xx, yy,
 * xy in 2D plane strain without anti-plane coupling), so "6 FFT" above reads "3 FFT" there.
 * Iterations after convergence (residual <= tolerance) are recorded but change nothing. Warm start:
 * eps is kept between solves; with the stepper's clock (ElasticSchemeContext.control) it is first
 * extrapolated in time from the last two solves (cg_predict.wgsl, cg_predict_clock.wgsl), which leaves
 * a residual O(dt^2) instead of O(dt), so that most solves of a slowly evolving state converge at their
 * start. Memory: eps, r, p, q (4 x 6 fields), six spectra, a scratch pair where the component blocks are
 * not storage-aligned (ComponentTransforms) and, with the predictor,
 * the previous values of the fluctuating components (3 fields in 2D plane strain) and its clock.
 */
import residualStressSource from '../../shaders/elastic/cg_residual_stress.wgsl?raw';
import projectionSource from '../../shaders/elastic/galerkin_projection.wgsl?raw';
import directionSource from '../../shaders/elastic/cg_direction_apply.wgsl?raw';
import updateSource from '../../shaders/elastic/cg_update.wgsl?raw';
import scalarsSource from '../../shaders/elastic/cg_scalars.wgsl?raw';
import predictSource from '../../shaders/elastic/cg_predict.wgsl?raw';
import predictClockSource from '../../shaders/elastic/cg_predict_clock.wgsl?raw';
import type { GpuContext } from '../gpu/device.ts';
import { createStorageBuffer } from '../gpu/buffers.ts';
import { dispatchSize } from '../gpu/dispatch.ts';
import { bindBuffers, type PipelineCache } from '../gpu/pipelineCache.ts';
import type { RealFft } from '../fft/realFft.ts';
import { ComponentTransforms } from './componentTransforms.ts';
import { CgState } from './elasticLayouts.ts';
import type { ElasticSchemeContext, ElasticScheme } from './elasticFixedPoint.ts';

const WORKGROUP_SIZE = 256;
/**
 * Items per invocation of galerkin_projection (modes), cg_residual_stress, cg_direction_apply and
 * cg_update (cells): on lavapipe an invocation costs about as much as moving a few floats
 * (docs/benchmark.md, "Elements per invocation"), so four items each cut the invocations' share; on a
 * GPU it only shortens the dispatch. cg_scalars sums one partial per ITEMS x WORKGROUP_SIZE items.
 */
const ITEMS = 4;
const COMPONENTS = 6;
/** the evaluation times a stepper solves at, as fractions of its step: the state (0), ETDRK4's midpoint stages (1/2) and end stages (1) */
export const STAGE_FRACTIONS = [0, 0.5, 1] as const;
export type StageFraction = (typeof STAGE_FRACTIONS)[number];

type Pass = { pipeline: GPUComputePipeline; group: GPUBindGroup; dispatch: [number, number] | [number] };

export class ConjugateGradientScheme implements ElasticScheme {
  readonly bytes: number;
  /** CgState: load norm, r : r, alpha, beta, residual, converged, iterations of the current solve */
  readonly cgState: GPUBuffer;
  private readonly work: { residual: GPUBuffer; direction: GPUBuffer; applied: GPUBuffer; spectra: GPUBuffer; partials: GPUBuffer };
  private readonly transforms: ComponentTransforms;
  private readonly pass: Record<'load' | 'residualStress' | 'projection' | 'scalarsLoad' | 'scalarsStart' | 'scalarsStartLater' | 'scalarsAlpha' | 'scalarsBeta' | 'direction' | 'update', Pass>;
  /**
   * The time predictor of the warm start (only with the stepper's clock): the previous values of the
   * fluctuating components, then the clock t0, t1 (cg_predict.wgsl); per stage fraction its two passes.
   */
  readonly predictor?: { history: GPUBuffer; passes: Map<StageFraction, [Pass, Pass]> };

  constructor(
    gpu: GpuContext,
    fft: RealFft,
    cache: PipelineCache,
    private readonly context: ElasticSchemeContext,
  ) {
    const device = gpu.device;
    const { counts, compose, params, fields, dispatch, buffers } = context;
    const real = counts.cells * 4;
    const complex = counts.spectrum * 8;
    const cellGroups = dispatch.cells[0] * dispatch.cells[1];
    const spectrumGroups = Math.ceil(counts.spectrum / WORKGROUP_SIZE);
    this.cgState = createStorageBuffer(gpu, 'ElasticCg.state', CgState.byteSize);
    this.transforms = new ComponentTransforms(gpu, fft, counts, 'ElasticCg');
    this.work = {
      residual: createStorageBuffer(gpu, 'ElasticCg.residual', COMPONENTS * real),
      direction: createStorageBuffer(gpu, 'ElasticCg.direction', COMPONENTS * real),
      applied: createStorageBuffer(gpu, 'ElasticCg.applied', COMPONENTS * real),
      spectra: createStorageBuffer(gpu, 'ElasticCg.spectra', COMPONENTS * complex),
      partials: createStorageBuffer(gpu, 'ElasticCg.partials', Math.max(cellGroups, spectrumGroups) * 4),
    };
    const w = this.work;
    const make = (label: string, source: string, bound: GPUBuffer[], d: [number, number] | [number], extra: Record<string, number> = {}): Pass => {
      const pipeline = cache.compute(`ElasticCg.${label}`, compose(source), 'main', extra);
      return { pipeline, group: bindBuffers(device, `ElasticCg.${label}`, pipeline, bound), dispatch: d };
    };
    const cellInputs = [fields.concentration, buffers.indicator];
    const FLUCTUATING = context.fluctuating.reduce((mask, p) => mask | (1 << p), 0);
    const scalars = (stage: number, opens = true) => make(`scalars${stage}${opens ? '' : 'Later'}`, scalarsSource, [w.partials, this.cgState, buffers.state, params.ch, params.elastic], [1], { WORKGROUP_SIZE, STAGE: stage, OPENS_STEP: opens ? 1 : 0, ITEMS });
    const maxGroups = device.limits.maxComputeWorkgroupsPerDimension;
    const itemGroups = dispatchSize(Math.ceil(counts.cells / (WORKGROUP_SIZE * ITEMS)), maxGroups);
    const modeGroups = dispatchSize(Math.ceil(counts.spectrum / (WORKGROUP_SIZE * ITEMS)), maxGroups);
    this.pass = {
      load: make('loadStress', residualStressSource, [...cellInputs, buffers.strain, w.applied, params.ch, params.elastic], itemGroups, { WORKGROUP_SIZE, LOAD: 1, ITEMS }),
      residualStress: make('residualStress', residualStressSource, [...cellInputs, buffers.strain, w.applied, params.ch, params.elastic], itemGroups, { WORKGROUP_SIZE, LOAD: 0, ITEMS }),
      projection: make('projection', projectionSource, [w.spectra, w.partials, context.greenTable, params.ch, params.elastic], modeGroups, { WORKGROUP_SIZE, FLUCTUATING, ITEMS }),
      scalarsLoad: scalars(0),
      scalarsStart: scalars(1),
      scalarsStartLater: scalars(1, false),
      scalarsAlpha: scalars(2),
      scalarsBeta: scalars(3),
      direction: make('directionApply', directionSource, [...cellInputs, w.residual, w.direction, w.applied, w.partials, this.cgState, params.ch, params.elastic], itemGroups, { WORKGROUP_SIZE, FLUCTUATING, ITEMS }),
      update: make('update', updateSource, [buffers.strain, w.direction, w.residual, w.applied, w.partials, this.cgState, params.ch], itemGroups, { WORKGROUP_SIZE, FLUCTUATING, ITEMS }),
    };
    if (context.control) {
      const history = createStorageBuffer(gpu, 'ElasticCg.predictor', context.fluctuating.length * real + 16);
      const passes = new Map<StageFraction, [Pass, Pass]>();
      for (const STAGE_FRACTION of STAGE_FRACTIONS) {
        passes.set(STAGE_FRACTION, [
          make(`predict${STAGE_FRACTION}`, predictSource, [buffers.strain, history, context.control, params.ch], dispatch.cells, { WORKGROUP_SIZE, STAGE_FRACTION, FLUCTUATING }),
          make(`predictClock${STAGE_FRACTION}`, predictClockSource, [history, context.control, params.ch], [1], { STAGE_FRACTION, FLUCTUATING }),
        ]);
      }
      this.predictor = { history, passes };
    }
    this.bytes = 3 * COMPONENTS * real + COMPONENTS * complex + this.transforms.bytes + this.work.partials.size + CgState.byteSize + (this.predictor?.history.size ?? 0);
    this.reset();
  }

  reset(): void {
    const device = this.context.gpu.device;
    const zero = new Float32Array(COMPONENTS * this.context.counts.cells);
    device.queue.writeBuffer(this.work.direction, 0, zero);
    device.queue.writeBuffer(this.work.residual, 0, zero);
    device.queue.writeBuffer(this.cgState, 0, new Uint8Array(CgState.byteSize));
    // clock t0 = t1 = 0: no slope until two solves after t = 0
    if (this.predictor) device.queue.writeBuffer(this.predictor.history, 0, new Uint8Array(this.predictor.history.size));
  }

  /** Declared state: the predictor's history (so that a resumed or rolled-back run predicts as an uninterrupted one). */
  stateBuffers(): [string, GPUBuffer][] {
    return this.predictor ? [['elastic_predictor', this.predictor.history]] : [];
  }

  private run(encoder: GPUCommandEncoder, p: Pass): void {
    const pass = encoder.beginComputePass({ label: p.pipeline.label });
    pass.setPipeline(p.pipeline);
    pass.setBindGroup(0, p.group);
    pass.dispatchWorkgroups(...(p.dispatch as [number, number]));
    pass.end();
  }

  /**
   * Forward FFTs of `applied` into the spectra, the projection, and (optionally) inverse FFTs into
   * `target`: one transform each way per fluctuating component (ComponentTransforms: in place on the
   * blocks where they are aligned). The other components' spectra stay zero (the projection keeps them
   * so), and their blocks of `target` are cleared: G' is zero there.
   */
  private project(encoder: GPUCommandEncoder, target?: GPUBuffer, after?: Pass): void {
    const w = this.work;
    for (const p of this.context.fluctuating) this.transforms.forward(encoder, w.applied, p, w.spectra);
    this.run(encoder, this.pass.projection);
    if (after) this.run(encoder, after);
    if (!target) return;
    const real = this.context.counts.cells * 4;
    for (let p = 0; p < COMPONENTS; p++) {
      if (this.context.fluctuating.includes(p)) this.transforms.inverse(encoder, w.spectra, p, target);
      else encoder.clearBuffer(target, p * real, real);
    }
  }

  /**
   * One solve at the stepper's time + `stage` x its step (the predictor's evaluation time): the predicted
   * start, the load norm and the start residual, then `count` iterations. With `count` 0 the start
   * residual is only measured (its inverse transforms are skipped). `opensStep` false: a later solve of
   * the same step, whose ElasticState report keeps the worst of the step's solves.
   */
  encode(encoder: GPUCommandEncoder, count: number, stage: StageFraction = 0, opensStep = true): void {
    const predict = this.predictor?.passes.get(stage);
    if (predict) {
      this.run(encoder, predict[0]);
      this.run(encoder, predict[1]);
    }
    this.run(encoder, this.pass.load);
    this.project(encoder, undefined, this.pass.scalarsLoad);
    this.run(encoder, this.pass.residualStress);
    this.project(encoder, count > 0 ? this.work.residual : undefined, opensStep ? this.pass.scalarsStart : this.pass.scalarsStartLater);
    for (let it = 0; it < count; it++) {
      this.run(encoder, this.pass.direction);
      this.run(encoder, this.pass.scalarsAlpha);
      this.project(encoder, this.work.applied);
      this.run(encoder, this.pass.update);
      this.run(encoder, this.pass.scalarsBeta);
    }
  }

  dispose(): void {
    for (const b of [...Object.values(this.work), this.cgState]) b.destroy();
    this.transforms.dispose();
    this.predictor?.history.destroy();
  }
}
