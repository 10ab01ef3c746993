/**
 * The solver cases of the benchmark (DESIGN.md section 6, issue #9): standard Cahn-Hilliard cases
 * (PFHub-1a-like double well, fixed dt so that every step costs the same) timed end to end.
 *
 * Per case: a warm-up (software drivers compile shaders on the first dispatch), then steps/s and
 * million cell-updates/s from the wall time over N submitted steps closed by one onSubmittedWorkDone;
 * per-kernel milliseconds from GPU timestamps on a few separately timed steps (where the adapter has
 * them); the bytes one step moves from the byte model below (one entry per kernel, FFT passes one by
 * one); the achieved bandwidth and its fraction of a copy kernel's bandwidth measured in the same run
 * the same way (wall clock, many per submit) on a buffer as large as the case's spectrum; per kernel,
 * its byte model over its timestamped time as a fraction of that copy; and the GPU memory per cell
 * (CahnHilliardStepper.stateBytes / cells, FFT scratch excluded). Browser-safe: no Node imports.
 */
import { withErrorScope, type GpuContext } from '../gpu/device.ts';
import { createStorageBuffer, readBuffer } from '../gpu/buffers.ts';
import { PipelineCache } from '../gpu/pipelineCache.ts';
import { RealFft } from '../fft/realFft.ts';
import { GpuTimer } from '../gpu/timing.ts';
import { findBundledScene } from '../scene/bundled.ts';
import { resolveScene, type Spec } from '../scene/resolve.ts';
import { AllenCahnReactionStepper } from '../solver/allenCahnReaction.ts';
import { CahnHilliardStepper } from '../solver/cahnHilliard.ts';
import { ElasticState } from '../solver/elasticLayouts.ts';
import { ConjugateGradientScheme } from '../solver/elasticCg.ts';
import { initialConcentration } from '../solver/initialCondition.ts';
import { CopyKernel } from './copyKernel.ts';
import { formatTable, gridLabel, sig3 } from './table.ts';

/**
 * What a case steps: Cahn-Hilliard alone (runnable), or a model this build may not have yet (elasticity,
 * electrochemistry: reported as skipped with the reason, never with a made-up number).
 */
export type SolverModel = 'cahn-hilliard' | 'elasticity-homogeneous' | 'elasticity-inhomogeneous' | 'electrochemistry';

export interface SolverCase {
  /** Short name, the first column of the table ("CH 2D", "CH 2D variable M"). */
  name: string;
  shape: number[];
  model: SolverModel;
  mobility: 'constant' | 'lattice';
  /** the bundled scene the case is built from (its grid replaced by `shape` at the same spacing); CH cases are built inline */
  scene?: string;
  /** time integrator; absent: the first-order step, so that cases compare with reports from before ETDRK4 */
  integrator?: 'etdrk4' | 'semiImplicitEuler';
  /** inhomogeneous elasticity: 'basic' runs the Moulinec-Suquet scheme with the continuous Green operator; absent: the scene's solver */
  elasticScheme?: 'basic';
  /** inhomogeneous elasticity with conjugate gradients: 'predicted' starts each solve from the strain extrapolated in time (the opt-in predictor); absent: the scene's ('previous') */
  warmStart?: 'predicted';
}

export interface SolverBenchResult extends SolverCase {
  /** Unique name of the case (name + grid): what --compare matches on. */
  case: string;
  cells: number;
  /** steps timed on the wall clock (after the warm-up) */
  steps: number;
  stepsPerS: number;
  /** million cell-updates per second: cells * steps/s / 1e6 */
  mcups: number;
  wallMsPerStep: number;
  /** bytes one step reads + writes (the byte model, `stepByteModel`) */
  bytesPerStep: number;
  /** the byte model per kernel: one entry per kernel name, FFT passes as "fft forward.x" (summed over the step's transforms) */
  byteModel: Record<string, number>;
  /** bytesPerStep over the wall time per step */
  gbPerS: number;
  copyGbPerS: number;
  fractionOfCopy: number;
  /** CahnHilliardStepper.stateBytes / cells */
  memoryBytesPerCell: number;
  /** GPU time per step, summed over the timestamped kernels (timestamps only) */
  gpuMsPerStep?: number;
  /** inhomogeneous elasticity: solver iterations recorded per step (the count at the start of a run) */
  elasticIterationsPerStep?: number;
  /** inhomogeneous elasticity: GPU memory of the iterative solver's state per cell (ElasticFixedPoint.bytes / cells) */
  elasticBytesPerCell?: number;
  /** milliseconds per kernel in one step (timestamps only; same names as byteModel) */
  kernelMs?: Record<string, number>;
  /** per kernel: byteModel / kernelMs as a fraction of copyGbPerS (timestamps only) */
  kernelFractionOfCopy?: Record<string, number>;
}

export interface SolverBenchSkip extends SolverCase {
  case: string;
  reason: string;
}

export interface SolverBenchReport {
  timing: 'timestamps' | 'wall';
  results: SolverBenchResult[];
  skipped: SolverBenchSkip[];
}

export function solverCaseName(c: Pick<SolverCase, 'name' | 'shape'>): string {
  return `${c.name} ${gridLabel(c.shape)}`;
}

const c2 = (n: number): number[] => [n, n];
const c3 = (n: number): number[] => [n, n, n];

export function chCase(shape: number[], mobility: 'constant' | 'lattice' = 'constant', integrator?: 'etdrk4'): SolverCase {
  const name = `CH ${shape.length}D${mobility === 'lattice' ? ' variable M' : ''}${integrator ? ' ETDRK4' : ''}`;
  return { name, shape, model: 'cahn-hilliard', mobility, ...(integrator ? { integrator } : {}) };
}

/** The Cahn-Hilliard cases of a suite ('smoke': one small 2D grid, for the browser test). */
export function solverCases(suite: 'full' | 'quick' | 'smoke'): SolverCase[] {
  if (suite === 'smoke') return [chCase(c2(64))];
  const twoD = suite === 'quick' ? [256] : [256, 512, 1024];
  const threeD = suite === 'quick' ? [64] : [64, 128];
  // ETDRK4 (the default integrator) costs four evaluations a step: its cases give the cost per step
  const etd = [chCase(c2(256), 'constant', 'etdrk4'), ...(suite === 'full' ? [chCase(c3(64), 'constant', 'etdrk4'), chCase(c2(256), 'lattice', 'etdrk4')] : [])];
  return [...twoD.map((n) => chCase(c2(n))), ...threeD.map((n) => chCase(c3(n))), chCase(c2(256), 'lattice'), ...etd, ...chemoMechanicalCases()];
}

/**
 * Elasticity and electrochemistry cases (issue #9 item 5), built from bundled scenes: homogeneous
 * elasticity from the PFHub-4-style `elastic-precipitate` (Cahn-Hilliard with the Khachaturyan modulus
 * B(n)), inhomogeneous elasticity from `elastic-precipitate-inhomogeneous` (FFT fixed-point solver
 * inside the step, with the iterations per step a run settles on: settleElasticIterations), the electrochemical particle from the LiFePO4 platelet at C/10
 * (Allen-Cahn-reaction stepper). A case whose scene is not bundled is listed as skipped with the reason, never with a made-up
 * figure.
 */
export const NOT_AVAILABLE = 'not available in this build';
export const ELASTICITY_SCENE = 'elastic-precipitate';
export const INHOMOGENEOUS_ELASTICITY_SCENE = 'elastic-precipitate-inhomogeneous';
export const ELECTROCHEMISTRY_SCENE = 'lfp-platelet-slow';

export function chemoMechanicalCases(): SolverCase[] {
  return [
    { name: 'elasticity homogeneous', shape: c2(256), model: 'elasticity-homogeneous', mobility: 'constant', scene: ELASTICITY_SCENE },
    { name: 'elasticity inhomogeneous', shape: c2(256), model: 'elasticity-inhomogeneous', mobility: 'constant', scene: INHOMOGENEOUS_ELASTICITY_SCENE },
    // conjugate gradients started from the strain extrapolated in time (solver.warmStart "predicted", opt-in)
    { name: 'elasticity inhomogeneous predicted start', shape: c2(256), model: 'elasticity-inhomogeneous', mobility: 'constant', scene: INHOMOGENEOUS_ELASTICITY_SCENE, warmStart: 'predicted' },
    // the same scene with the scheme of the issue-18 filing (basic fixed point, continuous Green operator): the 5x yardstick
    { name: 'elasticity inhomogeneous basic', shape: c2(256), model: 'elasticity-inhomogeneous', mobility: 'constant', scene: INHOMOGENEOUS_ELASTICITY_SCENE, elasticScheme: 'basic' },
    { name: 'electrochemical particle', shape: c2(256), model: 'electrochemistry', mobility: 'constant', scene: ELECTROCHEMISTRY_SCENE },
  ];
}

/** Why a case cannot run in this build, or undefined when it can. */
export function unavailableReason(c: SolverCase): string | undefined {
  if (c.model === 'cahn-hilliard') return undefined;
  const section = { 'elasticity-homogeneous': 'model.elasticity', 'elasticity-inhomogeneous': 'model.elasticity', electrochemistry: 'model.reaction' }[c.model];
  if (!c.scene || !findBundledScene(c.scene)) return `${NOT_AVAILABLE} (no bundled scene "${c.scene}" with ${section})`;
  return undefined;
}

/** A bundled scene on the case's grid: same spacing, cells replaced; everything else as bundled. */
export function bundledCaseScene(c: SolverCase): Spec {
  const bundled = c.scene ? findBundledScene(c.scene) : undefined;
  if (!bundled) throw new Error(`bench: no bundled scene "${c.scene}"`);
  const json = structuredClone(bundled.json) as { name: string; grid: { cells: number[]; size: number[] }; time: Record<string, unknown> };
  const spacing = json.grid.size.map((L, i) => L / json.grid.cells[i]);
  json.time = { ...json.time, integrator: c.integrator ?? 'semiImplicitEuler' };
  if (c.elasticScheme === 'basic') {
    const elasticity = (json as unknown as { model: { elasticity: { solver?: Record<string, unknown> } } }).model.elasticity;
    elasticity.solver = { ...elasticity.solver, scheme: 'basic', greenOperator: 'continuous' };
  }
  if (c.warmStart) {
    const elasticity = (json as unknown as { model: { elasticity: { solver?: Record<string, unknown> } } }).model.elasticity;
    elasticity.solver = { ...elasticity.solver, warmStart: c.warmStart };
  }
  json.name = `bench-${c.scene}-${c.shape.join('x')}`;
  json.grid = { ...json.grid, cells: [...c.shape], size: c.shape.map((n, i) => n * spacing[i]) };
  return resolveScene(json);
}

/** The PFHub-1a model on the case's grid (unit spacing), fixed dt and an end time never reached. */
export function solverCaseScene(c: SolverCase): Spec {
  return resolveScene({
    name: `bench-${c.shape.join('x')}-${c.mobility}`,
    description: 'spinode bench: PFHub-1a double well with a fixed step',
    units: 'dimensionless',
    grid: { cells: c.shape, size: c.shape },
    model: {
      freeEnergy: { kind: 'doubleWell', rho: 5, ca: 0.3, cb: 0.7 },
      kappa: 2,
      mobility: c.mobility === 'constant' ? { kind: 'constant', value: 5 } : { kind: 'diffusivity', diffusivity: 5, form: 'lattice' },
    },
    initial: c.shape.length === 2 ? { kind: 'pfhub-bm1a' } : { kind: 'noise', mean: 0.5, amplitude: 0.02, seed: 7 },
    time: { tEnd: 1e12, integrator: c.integrator ?? 'semiImplicitEuler', control: { kind: 'fixed', dt: 0.1 } },
  });
}

/** Bytes of one statistics partial (vec4<f32>). */
const PARTIAL_BYTES = 16;

/**
 * The byte model of one step: what each kernel reads + writes (f32 = 4 bytes per cell, complex = 8 bytes
 * per mode of the half spectrum). FFT passes are counted one by one from the plan the stepper runs
 * (each pass's own bytesRead + bytesWritten, forward and inverse from their own pass lists), keyed as the
 * timestamps name them, times the number of transforms per step in that direction.
 *   bulk_potential               c (r) + g (w)                          8 B/cell   + partials
 *   fft forward.*                g -> g_hat                             per pass
 *   chemical_potential_spectrum  c_hat (r) + g_hat (r) + mu_hat (w)     24 B/mode           (variable M)
 *   per axis: copy mu_hat        (r + w)                                16 B/mode           (variable M)
 *             fft inverse.*      i k_d mu_hat -> d mu/dx_d              per pass            (variable M)
 *             mobility_flux      c (r) + grad mu (r) + J (w)            12 B/cell           (variable M)
 *             fft forward.*      J -> J_hat                             per pass            (variable M)
 *   semi_implicit_update         c_hat, g_hat, delta (r + w) [+ J_hat (r) per axis]  48 [+ 8 d] B/mode + partials
 *   fft inverse.*                c_hat' -> c                            per pass
 *   step_control                 both partial arrays (r)
 * With homogeneous elasticity, B(n) (4 B/mode) is read by the update (and the variable-mobility mu
 * spectrum), and step_control reads a 16-byte stress record. Inhomogeneous moduli add the FFT
 * fixed-point solver (src/solver/elasticFixedPoint.ts), `iterationsPerStep` iterations before the step
 * (6 strain/stress components; psi only with a matrix, 4 B/cell):
 *   per iteration: fixed_point_stress   c, psi, eps (r) + sigma (w)                 28 N (+4 N) + 24 N
 *                  copy stress->fft     6 x (real r + w, spectrum r + w)             48 N + 96 M
 *                  fft forward.* x 6, fft inverse.* x 6                               per pass
 *                  mean_strain_update   6 modes (0) (r) + state (r + w)              small
 *                  green_update         sigma_hat -> d eps_hat (r + w) + partials    96 M + 4 M/256
 *                  fixed_point_residual partials (r) + state (r + w)                 4 M/256 + small
 *                  copy fft->strain     6 x (spectrum r + w, real r + w)             96 M + 48 N
 *                  strain_update        eps (r + w) + d eps (r) + state (r)          72 N
 *   once per step: elastic_potential    c, psi, eps (r) + g (r + w) + partials       36 N (+4 N) + P_cell
 * and step_control also reads the elastic partials and state. ETDRK4 (the default for closed
 * Cahn-Hilliard scenes) evaluates the explicit part four times a step (bulk_potential, the forward
 * FFTs, the variable-mobility passes and the elastic solve each four times), transforms four stage
 * spectra back, runs six etd_stage passes (304 B/mode, see stepByteModel), copies c before the stages
 * and restores it after a rejection (etd_keep; 8 B/cell each) instead of semi_implicit_update. The conjugate-gradient scheme
 * (src/solver/elasticCg.ts, the default) records per solve two residual stresses, 12 forward and 6 inverse
 * FFTs with two projections, and per iteration cg_direction_apply (c, psi, r, p (r) + p, C:p (w): 100 N),
 * 6 + 6 FFTs around galerkin_projection (96 M), cg_update (eps, r (r + w), p, q (r): 144 N) and two
 * cg_scalars passes; "6" is the number of components the projection can make non-zero (3 in 2D plane
 * strain without anti-plane coupling: `fluctuatingComponents`), the others' blocks are cleared instead.
 * With the warm-start predictor (the default) each solve first runs cg_predict (eps and the previous
 * strain of those components, read and written: 16 B per component and cell) and its one-invocation clock.
 */
export function stepByteModel(stepper: CahnHilliardStepper): Record<string, number> {
  const cells = stepper.cellCount;
  const modes = stepper.spectrumCount;
  const bulkPartials = stepper.partialCounts.cells * PARTIAL_BYTES;
  const spectralPartials = stepper.partialCounts.modes * PARTIAL_BYTES;
  const axes = stepper.spec.mobilityForm === 'lattice' ? stepper.spec.dims : 0;
  const elastic = stepper.elasticity ? 1 : 0;
  const etd = stepper.integrator === 'etdrk4';
  // evaluations of the explicit part per step: one (first order) or four (ETDRK4, first same as last)
  const evaluations = etd ? 4 : 1;
  const model: Record<string, number> = {};
  const add = (name: string, bytes: number) => (model[name] = (model[name] ?? 0) + bytes);
  const addFft = (direction: 'forward' | 'inverse', transforms: number) => addFftPasses(model, stepper.fft, direction, transforms);
  add('bulk_potential', evaluations * (8 * cells + bulkPartials));
  addFft('forward', evaluations * (1 + axes));
  if (axes > 0) {
    // Homogeneous elasticity: the variable-mobility mu spectrum also reads B(n), one f32 per mode
    add('chemical_potential_spectrum', evaluations * (24 + 4 * elastic) * modes);
    add('copy mu_hat', evaluations * axes * 16 * modes);
    add('mobility_flux', evaluations * axes * 12 * cells);
  }
  if (etd) {
    // the state's real field saved before the stages (a buffer copy, not timed) and restored after a
    // rejection (etd_keep: at most 8 B/cell, nothing but the control's flag after an acceptance)
    add('copy c (save)', 8 * cells);
    add('etd_keep', 8 * cells);
    // per mode, stage passes 0-4 read u and N(u) and write the next spectrum to transform back
    // (3 x 8 B), read g_hat (stages 1-4) and the stage slots they combine, and write theirs:
    // 40 + 64 + 72 + 64 + 40 B; stage 5 (the second error estimate) reads g_hat, u4 and slot a: 24 B;
    // stages 1-5 also read the flux spectra and B(n) of the explicit rate
    add('etd_stage', (304 + 5 * (8 * axes + 4 * elastic)) * modes + 2 * spectralPartials);
    addFft('inverse', evaluations * (1 + axes));
  } else {
    add('semi_implicit_update', (48 + 8 * axes + 4 * elastic) * modes + spectralPartials);
    addFft('inverse', 1 + axes);
  }
  // the step control reads both partial arrays (ETDRK4: the spectral one twice as long) and with
  // elasticity the 16-byte stress observables
  add('step_control', bulkPartials + (etd ? 2 : 1) * spectralPartials + 16 * elastic);
  const fixedPoint = stepper.elasticity?.fixedPoint;
  if (fixedPoint) {
    // one elastic solve per evaluation
    const solves = evaluations;
    const it = fixedPoint.options.oneShot ? 1 : fixedPoint.iterationsPerStep;
    const psi = fixedPoint.buffers.indicator.size >= 4 * cells ? 4 * cells : 0;
    const state = ElasticState.byteSize;
    const greenPartials = Math.ceil(modes / 256) * 4;
    const cellPartials = Math.ceil(cells / 256) * 4;
    if (fixedPoint.scheme instanceof ConjugateGradientScheme) {
      // per solve: load and start residual (2 x stress, 2 x nf forward FFTs, 2 projections, nf inverse
      // FFTs); per iteration: direction + C : p, nf + nf FFTs with the projection, the update, two scalar
      // passes. nf = the components the projection can make non-zero (3 in 2D plane strain without
      // anti-plane coupling, else 6); the others' target blocks are cleared (4 B/cell written).
      const cg = 32;
      const nf = fixedPoint.options.fluctuating?.length ?? 6;
      // the warm-start predictor (cg_predict): eps and the packed previous strain, read and written
      if (fixedPoint.scheme.predictor) add('cg_predict', solves * nf * 16 * cells);
      // with 0 iterations the start residual is not transformed back
      const back = it > 0 ? 1 + it : 0;
      add('cg_residual_stress', solves * 2 * (52 * cells + psi));
      add('copy stress to fft', solves * (2 + it) * nf * (8 * cells + 16 * modes));
      addFft('forward', solves * nf * (2 + it));
      add('galerkin_projection', solves * (2 + it) * (96 * modes + greenPartials));
      add('copy fft to strain', solves * back * nf * (16 * modes + 8 * cells));
      if (nf < 6) add('copy clear zero components', solves * back * (6 - nf) * 4 * cells);
      addFft('inverse', solves * nf * back);
      add('cg_scalars', solves * (2 * (greenPartials + cg + state) + it * 2 * (cellPartials + cg + state)));
      add('cg_direction_apply', solves * it * (100 * cells + psi + cellPartials + cg));
      add('cg_update', solves * it * (144 * cells + cellPartials + cg));
    } else {
      add('fixed_point_stress', solves * it * (52 * cells + psi));
      add('copy stress to fft', solves * it * 6 * (8 * cells + 16 * modes));
      addFft('forward', solves * 6 * it);
      add('mean_strain_update', solves * it * (6 * 8 + 2 * state));
      add('green_update', solves * it * (96 * modes + greenPartials));
      add('fixed_point_residual', solves * it * (greenPartials + 2 * state));
      add('copy fft to strain', solves * it * 6 * (16 * modes + 8 * cells));
      addFft('inverse', solves * 6 * it);
      add('strain_update', solves * it * (72 * cells + state));
    }
    add('elastic_potential', solves * (36 * cells + psi + bulkPartials));
    add('step_control', bulkPartials + state);
  }
  return model;
}

/** FFT passes of `fft` in one direction, keyed as the timestamps name them, `transforms` times per step. */
function addFftPasses(model: Record<string, number>, fft: CahnHilliardStepper['fft'], direction: 'forward' | 'inverse', transforms: number): void {
  if (!(fft instanceof RealFft)) throw new Error('solver bench: the byte model covers the periodic box only (scenes with grid.boundary walls are not benchmarked yet)');
  for (const pass of fft.passes(direction)) {
    const key = `fft ${pass.label}`;
    model[key] = (model[key] ?? 0) + transforms * (pass.bytesRead + pass.bytesWritten);
  }
}

/**
 * The byte model of one Allen-Cahn-reaction step (src/solver/allenCahnReaction.ts; kernels in
 * shaders/electrochem/, read from their bindings). N cells, M modes, P partials of 16 bytes per
 * 1024 cells (or modes), a few dozen bytes of reaction state counted as 64:
 *   acr_bulk_potential      c (r) + g (w) + cell partials (w)                8 N + P_cell
 *   fft forward.* x 2       g -> g_hat, R -> R_hat                           per pass
 *   acr_chemical_potential  c_hat (r) + g_hat (r + w)                        24 M
 *   fft inverse.* x 2       mu_hat -> mu, c_hat' -> c                        per pass
 *   exchange_sums           c (r) + mu (r) + exchange partials (w)           8 N + P_cell
 *   galvanostatic           exchange partials (r) + reaction state           P_cell + 64
 *   reaction_rate           c (r) + mu (r) + R over mu (w)                   12 N + 64
 *   acr_update              c_hat, R_hat -> c_hat', delta (r + w) + partials 48 M + P_spec + 64
 *   acr_step_control        both partial arrays (r) + history record          P_cell + P_spec + 64
 */
export function acrStepByteModel(stepper: AllenCahnReactionStepper): Record<string, number> {
  const cells = stepper.cellCount;
  const modes = stepper.spectrumCount;
  const cellPartials = stepper.partialCounts.cells * PARTIAL_BYTES;
  const spectralPartials = stepper.partialCounts.modes * PARTIAL_BYTES;
  const state = 64;
  const model: Record<string, number> = { acr_bulk_potential: 8 * cells + cellPartials };
  addFftPasses(model, stepper.fft, 'forward', 2);
  model.acr_chemical_potential = 24 * modes;
  addFftPasses(model, stepper.fft, 'inverse', 2);
  model.exchange_sums = 8 * cells + cellPartials;
  model.galvanostatic = cellPartials + state;
  model.reaction_rate = 12 * cells + state;
  model.acr_update = 48 * modes + spectralPartials + state;
  model.acr_step_control = cellPartials + spectralPartials + state;
  return model;
}

/** Kernel name as the byte model spells it, from a timestamp section name ("CahnHilliard.fft.forward.x" -> "fft forward.x"). */
export function kernelKey(section: string): string {
  const m = /^[A-Za-z]+\.fft\.(.+)$/.exec(section);
  return m ? `fft ${m[1]}` : section;
}

const STEPS_PER_SUBMIT = 16;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Submit `count` units of work (STEPS_PER_SUBMIT per command buffer), then wait once; wall milliseconds. */
async function runBatched(gpu: GpuContext, label: string, count: number, record: (encoder: GPUCommandEncoder) => void): Promise<number> {
  const device = gpu.device;
  const t0 = performance.now();
  for (let done = 0; done < count; ) {
    const encoder = device.createCommandEncoder({ label });
    const n = Math.min(STEPS_PER_SUBMIT, count - done);
    for (let i = 0; i < n; i++) record(encoder);
    device.queue.submit([encoder.finish()]);
    done += n;
  }
  await device.queue.onSubmittedWorkDone();
  return performance.now() - t0;
}

/** Feedback rounds and steps per round before an inhomogeneous-elasticity case is timed. */
const SETTLE_ROUNDS = 4;
const SETTLE_STEPS = 6;

/**
 * Inhomogeneous elasticity: the iterations per step a run settles on. A run starts with 4 and the host
 * adapts the count from the residual and the iterations the solves needed (ElasticFixedPoint
 * .adaptIterations, fed from the history every Simulation FEEDBACK_BLOCK steps); here the same rule is
 * fed from ElasticState every SETTLE_STEPS steps, SETTLE_ROUNDS times, before the timing (a readback
 * between rounds, outside the timed steps).
 */
async function settleElasticIterations(gpu: GpuContext, stepper: CahnHilliardStepper, spec: Spec, step: (e: GPUCommandEncoder) => void): Promise<void> {
  const fixedPoint = stepper.elasticity?.fixedPoint;
  if (!fixedPoint || fixedPoint.options.oneShot) return;
  const { tolerance, maxIterations } = spec.elasticity!.solver;
  for (let round = 0; round < SETTLE_ROUNDS; round++) {
    await runBatched(gpu, 'bench.settle', SETTLE_STEPS, step);
    const state = new DataView(await readBuffer(gpu.device, fixedPoint.buffers.state));
    fixedPoint.adaptIterations(state.getFloat32(ElasticState.offsetOf('residual'), true), state.getUint32(ElasticState.offsetOf('iterations'), true), tolerance, maxIterations);
  }
}

/** What the bench needs of a stepper: both kinds implement it. */
type BenchStepper = CahnHilliardStepper | AllenCahnReactionStepper;

function caseScene(c: SolverCase): Spec {
  if (c.model === 'cahn-hilliard') return solverCaseScene(c);
  const spec = bundledCaseScene(c);
  // The case's name must say what its scene runs.
  const elastic = spec.elasticity ? (spec.elasticity.homogeneous ? 'elasticity-homogeneous' : 'elasticity-inhomogeneous') : undefined;
  if (c.model !== 'electrochemistry' && elastic !== c.model) throw new Error(`bench: scene "${c.scene}" does not run ${c.model} (it runs ${elastic ?? 'no elasticity'})`);
  return spec;
}

function prepare(gpu: GpuContext, c: SolverCase, spec: Spec, cache: PipelineCache, fftTimer?: GpuTimer): BenchStepper {
  // The ACR stepper records its FFT passes in one compute pass (no per-pass timer): its FFT is timed
  // by the FFT cases, and its own kernels here.
  const stepper = c.model === 'electrochemistry' ? new AllenCahnReactionStepper(gpu, spec, cache) : new CahnHilliardStepper(gpu, spec, cache, { fftTimer });
  const control = spec.internal.control;
  stepper.initialize(initialConcentration(spec), control.kind === 'fixed' ? control.dt : control.dtInitial);
  return stepper;
}

function byteModelOf(stepper: BenchStepper): Record<string, number> {
  return stepper instanceof AllenCahnReactionStepper ? acrStepByteModel(stepper) : stepByteModel(stepper);
}

/** Why the device cannot hold this case, or undefined when it (probably) can. */
function capacityProblem(gpu: GpuContext, c: SolverCase): string | undefined {
  const modes = (c.shape[0] / 2 + 1) * c.shape.slice(1).reduce((a, b) => a * b, 1);
  // The FFT's complex scratch and the spectra are the largest arrays: one complex value per cell at most.
  const largest = 8 * Math.max(modes, c.shape.reduce((a, b) => a * b, 1));
  const limit = Math.min(gpu.limits.maxStorageBufferBindingSize, gpu.limits.maxBufferSize);
  if (largest > limit) return `needs a ${(largest / 2 ** 20).toFixed(0)} MiB buffer, the device binds at most ${(limit / 2 ** 20).toFixed(0)} MiB`;
  return undefined;
}

async function benchCase(gpu: GpuContext, c: SolverCase, cache: PipelineCache, timer: GpuTimer, budgetMs: number): Promise<SolverBenchResult> {
  const device = gpu.device;
  const spec = caseScene(c);
  const cells = c.shape.reduce((a, b) => a * b, 1);

  // Wall clock, on a stepper whose FFT records all passes into one compute pass (as in a real run).
  const stepper = await withErrorScope(device, () => prepare(gpu, c, spec, cache));
  let steps: number;
  let wallMs: number;
  let byteModel: Record<string, number>;
  let copyGbPerS: number;
  try {
    const step = (e: GPUCommandEncoder) => stepper.encodeStep(e);
    await withErrorScope(device, async () => {
      await runBatched(gpu, 'bench.solver', 1, step); // compiles the pipelines (lazily, on software drivers)
    });
    if (stepper instanceof CahnHilliardStepper) await settleElasticIterations(gpu, stepper, spec, step);
    const estimate = Math.max(1e-3, (await runBatched(gpu, 'bench.solver', 2, step)) / 2);
    steps = Math.max(8, Math.min(2000, Math.ceil(budgetMs / estimate)));
    wallMs = (await runBatched(gpu, 'bench.solver', steps, step)) / steps;
    byteModel = byteModelOf(stepper);

    // The yardstick: a plain copy as large as the spectrum, into a scratch buffer of the same size.
    const bytes = stepper.spectrumCount * 8;
    const scratch = createStorageBuffer(gpu, 'bench.solver.copy', bytes);
    const copy = new CopyKernel(gpu, stepper.buffers.spectrum, scratch, bytes, cache);
    try {
      // Timed like the steps (wall clock, many per submit): lavapipe's timestamps tick in 65 us, too
      // coarse for one copy of a few hundred kilobytes.
      const once = (e: GPUCommandEncoder) => copy.encode(e);
      await runBatched(gpu, 'bench.solver.copy', 2, once);
      const estimate = Math.max(1e-3, (await runBatched(gpu, 'bench.solver.copy', 4, once)) / 4);
      const copies = Math.max(8, Math.min(5000, Math.ceil(budgetMs / 6 / estimate)));
      // The best of three: the yardstick is what the device can do, not what a busy moment allowed.
      copyGbPerS = 0;
      for (let rep = 0; rep < 3; rep++) {
        const ms = await runBatched(gpu, 'bench.solver.copy', copies, once);
        copyGbPerS = Math.max(copyGbPerS, (copy.bytesPerCopy * copies) / (ms * 1e6));
      }
    } finally {
      copy.dispose();
      scratch.destroy();
    }
  } finally {
    stepper.dispose();
  }

  const bytesPerStep = Object.values(byteModel).reduce((a, b) => a + b, 0);
  const gbPerS = bytesPerStep / (wallMs * 1e6);
  const result: SolverBenchResult = {
    ...c,
    shape: [...c.shape],
    case: solverCaseName(c),
    cells,
    steps,
    stepsPerS: 1000 / wallMs,
    mcups: (cells * 1000) / wallMs / 1e6,
    wallMsPerStep: wallMs,
    bytesPerStep,
    byteModel,
    gbPerS,
    copyGbPerS,
    fractionOfCopy: gbPerS / copyGbPerS,
    memoryBytesPerCell: 0,
  };
  const fixedPoint = stepper instanceof CahnHilliardStepper ? stepper.elasticity?.fixedPoint : undefined;
  if (fixedPoint) {
    result.elasticIterationsPerStep = fixedPoint.options.oneShot ? 1 : fixedPoint.iterationsPerStep;
    result.elasticBytesPerCell = fixedPoint.bytes / cells;
  }

  // Per-kernel times: a stepper whose FFT timestamps every pass; a few separately resolved steps.
  const timed = await withErrorScope(device, () => prepare(gpu, c, spec, cache, timer.enabled ? timer : undefined));
  try {
    result.memoryBytesPerCell = timed.stateBytes / cells;
    if (timer.enabled) {
      const perKernel = new Map<string, number[]>();
      for (let rep = 0; rep < 4; rep++) {
        timer.reset();
        const encoder = device.createCommandEncoder({ label: 'bench.solver.timed' });
        timed.encodeStep(encoder, timer);
        const sections = timer.resolve(encoder);
        device.queue.submit([encoder.finish()]);
        timer.submitted();
        const times = await sections;
        if (!times || rep === 0) continue; // the first one is the warm-up
        for (const [name, ms] of times) {
          const key = kernelKey(name);
          perKernel.set(key, [...(perKernel.get(key) ?? []), ms]);
        }
      }
      if (perKernel.size > 0) {
        const kernelMs: Record<string, number> = {};
        const kernelFractionOfCopy: Record<string, number> = {};
        // A kernel too fast for the timestamp resolution reads 0: keep it visible but positive.
        for (const [name, list] of perKernel) {
          kernelMs[name] = Math.max(median(list), 1e-6);
          const bytes = byteModel[name];
          if (bytes === undefined) throw new Error(`bench: kernel "${name}" runs in the step but has no byte model (stepByteModel)`);
          kernelFractionOfCopy[name] = bytes / (kernelMs[name] * 1e6) / copyGbPerS;
        }
        result.kernelMs = kernelMs;
        result.kernelFractionOfCopy = kernelFractionOfCopy;
        // The step's GPU time only when every compute kernel of the byte model was timed (the ACR
        // stepper's FFT passes are not, individually; buffer copies never are).
        const untimed = Object.keys(byteModel).filter((k) => !(k in kernelMs) && !k.startsWith('copy '));
        if (untimed.length === 0) result.gpuMsPerStep = Object.values(kernelMs).reduce((a, b) => a + b, 0);
      }
    }
  } finally {
    timed.dispose();
  }
  return result;
}

export async function runSolverBench(
  gpu: GpuContext,
  cases: readonly SolverCase[],
  options: { budgetMs: number; cache?: PipelineCache },
  log: (line: string) => void = () => {},
): Promise<SolverBenchReport> {
  const cache = options.cache ?? new PipelineCache(gpu.device);
  const timer = new GpuTimer(gpu, 96);
  const results: SolverBenchResult[] = [];
  const skipped: SolverBenchSkip[] = [];
  const skip = (c: SolverCase, reason: string) => {
    skipped.push({ ...c, shape: [...c.shape], case: solverCaseName(c), reason });
    log(`${solverCaseName(c)}: skipped (${reason})`);
  };
  try {
    for (const c of cases) {
      const unavailable = unavailableReason(c);
      if (unavailable) {
        skip(c, unavailable);
        continue;
      }
      const problem = capacityProblem(gpu, c);
      if (problem) {
        skip(c, problem);
        continue;
      }
      try {
        const r = await benchCase(gpu, c, cache, timer, options.budgetMs);
        results.push(r);
        log(solverCells(r).join('  '));
      } catch (e) {
        // Only what the device refused (out of memory, over a limit) is a skip; anything else is a bug.
        if (!(e instanceof Error && e.message.startsWith('GPU '))) throw e;
        skip(c, e.message);
      }
    }
  } finally {
    timer.dispose();
  }
  return { timing: timer.enabled ? 'timestamps' : 'wall', results, skipped };
}

const HEADER = ['case', 'grid', 'steps/s', 'Mcell/s', 'wall ms', 'GPU ms', 'MB/step', 'GB/s', 'copy GB/s', 'of copy', 'B/cell'];

function solverCells(r: SolverBenchResult): string[] {
  return [
    r.name,
    gridLabel(r.shape),
    sig3(r.stepsPerS),
    sig3(r.mcups),
    sig3(r.wallMsPerStep),
    r.gpuMsPerStep === undefined ? '-' : sig3(r.gpuMsPerStep),
    sig3(r.bytesPerStep / 1e6),
    sig3(r.gbPerS),
    sig3(r.copyGbPerS),
    sig3(r.fractionOfCopy),
    r.memoryBytesPerCell.toFixed(1),
  ];
}

/**
 * The kernel that loses the most time against its byte model: the largest excess of its timestamped
 * time over the time its bytes would take at copy bandwidth (a tiny kernel far below copy speed, such as
 * the one-workgroup step control, matters less than a big one a little below it).
 */
export function slowestKernel(r: SolverBenchResult): { kernel: string; ms: number; modelMs: number; fraction: number } | undefined {
  if (!r.kernelMs) return undefined;
  let worst: { kernel: string; ms: number; modelMs: number; fraction: number } | undefined;
  for (const [kernel, ms] of Object.entries(r.kernelMs)) {
    const modelMs = r.byteModel[kernel] / (r.copyGbPerS * 1e6);
    if (!worst || ms - modelMs > worst.ms - worst.modelMs) worst = { kernel, ms, modelMs, fraction: r.kernelFractionOfCopy![kernel] };
  }
  return worst;
}

const KERNEL_HEADER = ['case', 'kernel', 'ms', 'MB', 'of copy'];

export function formatSolverTable(report: SolverBenchReport): string {
  const kernelRows = report.results
    .filter((r) => r.kernelMs)
    .flatMap((r) => Object.entries(r.kernelMs!).map(([k, ms]) => [r.case, k, sig3(ms), sig3(r.byteModel[k] / 1e6), sig3(r.kernelFractionOfCopy![k])]));
  return [
    'Cahn-Hilliard steps (fixed dt; wall clock over N submitted steps; GB/s from the byte model; B/cell = GPU memory per cell)',
    formatTable(HEADER, report.results.map(solverCells), 2),
    ...(kernelRows.length > 0
      ? [
          '',
          "per kernel in one step (GPU timestamps, median; FFT passes summed over the step's transforms; MB = byte model; of copy = MB / ms over copy GB/s):",
          formatTable(KERNEL_HEADER, kernelRows, 2),
        ]
      : []),
    ...report.results
      .filter((r) => r.elasticBytesPerCell !== undefined)
      .map((r) => `${r.case}: ${r.elasticIterationsPerStep} solver iterations per step, solver state ${r.elasticBytesPerCell!.toFixed(1)} B/cell`),
    ...report.skipped.map((s) => `skipped ${s.case}: ${s.reason}`),
  ].join('\n');
}
