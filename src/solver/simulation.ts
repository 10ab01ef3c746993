/**
 * A Simulation owns the GPU state of one scene and advances it. The step loop only records commands:
 * the clock and the step size live on the GPU (step_control.wgsl), observables come back through a
 * readback ring a few steps late, and nothing in the loop allocates or waits, except the bounded
 * back-pressure of run() (at most two chunks in flight) that keeps the CPU from racing ahead.
 *
 * Failure handling (DESIGN.md 3.2): before every chunk of steps the state is copied to one of two
 * snapshots. When a chunk reports NaN/Inf or c out of bounds, the state is restored from the
 * snapshot taken before that chunk and the chunk is retried with a 4x smaller step; after
 * MAX_RETRIES failures of the same chunk the run stops with a SimulationFailure. The adaptive
 * controller is then capped at that smaller step for the rest of the run (stepLimit): without the cap it
 * grows the step straight back (x2 per step) to the size that blew up, and fails the same way again, at
 * every retry. A blow-up of the stabilised semi-implicit step marks the step size above which the scheme
 * is unstable for this scene (A < f''/2, docs/numerics.md, "The stabiliser"); the accuracy estimate of a
 * smooth, nearly relaxed field does not see that limit coming.
 */
import { withErrorScope, type GpuContext } from '../gpu/device.ts';
import { readFloat32 } from '../gpu/buffers.ts';
import { PipelineCache } from '../gpu/pipelineCache.ts';
import { ReadbackRing } from '../gpu/readbackRing.ts';
import type { Spec } from '../scene/resolve.ts';
import { CahnHilliardStepper, HISTORY_CAPACITY } from './cahnHilliard.ts';
import { createStepper, type SceneStepper } from './createStepper.ts';
import type { StateBuffers } from './stepperState.ts';
import { initialConcentration } from './initialCondition.ts';
import { EtdControl, HistoryRecord, NO_STATE_LIMIT, STATUS, StepControl } from './layouts.ts';
import { STRESS_COMPONENTS, STRESS_INVARIANTS, type StressFieldName } from './elasticity.ts';
import { particleIndicator, reactionSiteDensity } from './geometry.ts';
import { decodeControl, decodeRecord, recordKind, type ControlState, type Observables } from './observables.ts';
import type { FieldName, Grid, SceneSimulation } from './sceneSimulation.ts';

export type { Observables } from './observables.ts';

export type { FieldName, Grid } from './sceneSimulation.ts';

/**
 * The step the GPU controller takes from a state at `time` when it proposes `proposed`: shortened to land
 * on tEnd when it would come within 1 % of it (step_control.wgsl, in the same float32 arithmetic).
 */
export function landingStep(proposed: number, time: number, tEnd: number): number {
  const f = Math.fround;
  const remaining = f(f(tEnd) - f(time));
  return f(proposed) >= f(f(0.99) * remaining) ? remaining : f(proposed);
}

export class SimulationFailure extends Error {
  override name = 'SimulationFailure';
}

const MAX_RETRIES = 6;
/** fixed-point iterations on the initial state of an inhomogeneous elastic scene */
const INITIAL_ELASTIC_ITERATIONS = 40;
const DEFAULT_CHUNK = 64;
/**
 * advanceUntil's chunks end on multiples of this many steps, and host feedback from readbacks (the
 * iterative elasticity's iterations per step, the thermal coupling's temperature) takes effect only at
 * chunk starts that are multiples of it, computed from the steps before the previous multiple. With at
 * most two chunks in flight those steps have always been read back by then, so the feedback depends on
 * step numbers alone, not on when readbacks arrive or where a run paused: a resumed run takes the same
 * steps bit for bit (issue #25).
 */
export const FEEDBACK_BLOCK = 64;

/** A copy of the stepper's declared state (stepper.stateBuffers(), same order). */
interface Snapshot {
  buffers: GPUBuffer[];
  /** submitted-step count of the state the snapshot holds */
  step: number;
  /** host values (hostState()) when the snapshot was taken, before that chunk's feedback */
  host: Record<string, unknown>;
}

/** The solver state as checkpoints hold it: the declared buffers' raw bytes (as float32 words) and host counters. */
export interface SavedState {
  fields: [string, Float32Array][];
  /** host values (plain JSON): step counters, the iterative elasticity's iteration count and the residuals it adapts from */
  counters: Record<string, unknown>;
}

export class Simulation implements SceneSimulation {
  readonly model = 'cahnHilliard';
  readonly grid: Grid;
  readonly stepper: SceneStepper;
  /** most recent observables, or undefined before the first readback */
  latest: Observables | undefined;
  /** observables of every step read back so far are passed to these listeners, in order */
  private readonly listeners: ((o: Observables) => void)[] = [];
  /** called with the step number before each chunk is recorded (host writes that apply from that step) */
  private readonly chunkListeners: ((step: number) => void)[] = [];
  /** iterative elasticity: the relative residual of the last state of each FEEDBACK_BLOCK, by step */
  private readonly blockResiduals = new Map<number, number>();
  /** iterations the elastic solve needed at the same states (conjugate gradients' feedback) */
  private readonly blockIterations = new Map<number, number>();
  private lastAdaptedStep = -1;
  private readonly ring: ReadbackRing;
  private readonly snapshots: Snapshot[];
  private snapshotParity = 0;
  /** the stepper's declared state (StateBuffers), in the order snapshots and checkpoints keep it */
  private readonly state: StateBuffers;
  /**
   * A finished run's continuation point: the snapshot of the chunk in which the run ended (taken before
   * the step that landed on tEnd), copied when the end is first seen; see saveState().
   */
  private continuation: Snapshot | undefined;
  private keepsContinuation = false;
  /** steps whose observables have been handed out, and steps recorded into command buffers */
  private processedSteps = 0;
  private submittedSteps = 0;
  private retries = 0;
  /** largest step (internal units) since a blow-up; Infinity: the scene's dtMax */
  private stepLimit = Infinity;
  /**
   * Intermediate times (internal units, ascending, before tEnd) the run lands on, as it lands on tEnd
   * (landOn: the field frames of `spinode run`); empty: only tEnd.
   */
  private landings: number[] = [];
  /** finish() has ended the run where it stood: a state it records is final, even on a landing time */
  private finishing = false;
  /** bumped by every rollback; readbacks from older generations are ignored */
  private generation = 0;
  private pendingChunks: Promise<void>[] = [];
  /** control state seen in the last readback */
  private control: ControlState | undefined;
  /** layout of the stepper's control buffer: EtdControl (ETDRK4, which counts accepted steps apart from calls) or StepControl */
  private readonly controlLayout: typeof StepControl | typeof EtdControl;
  private failureState: SimulationFailure | undefined;
  private disposed = false;
  /** per-field output buffers of encodeField (derived fields) */
  private readonly fieldOutputs = new Map<FieldName, GPUBuffer>();
  /** the particle indicator psi (f32, uploaded once) when the scene has a geometry */
  private readonly indicator: GPUBuffer | undefined;
  /** reactive area per volume (scene units, 1/length) of a composite electrode's confined reaction */
  private readonly reactionSites: GPUBuffer | undefined;

  private constructor(
    readonly gpu: GpuContext,
    readonly spec: Spec,
    cache: PipelineCache,
  ) {
    this.grid = {
      shape: [...spec.shape],
      dims: spec.dims,
      cellCount: spec.shape.reduce((a, b) => a * b, 1),
      size: [...spec.size],
      spacing: [...spec.spacing],
    };
    this.stepper = createStepper(gpu, spec, cache);
    const upload = (name: FieldName, values: Float64Array | undefined) => {
      if (!values) return undefined;
      const buffer = gpu.device.createBuffer({ label: `Simulation.field.${name}`, size: values.length * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
      gpu.device.queue.writeBuffer(buffer, 0, Float32Array.from(values));
      return buffer;
    };
    this.indicator = upload('psi', particleIndicator(spec));
    this.reactionSites = upload('reaction_sites', reactionSiteDensity(spec));
    this.controlLayout = this.stepper instanceof CahnHilliardStepper && this.stepper.integrator === 'etdrk4' ? EtdControl : StepControl;
    this.ring = new ReadbackRing(gpu.device, this.controlLayout.byteSize + HISTORY_CAPACITY * HistoryRecord.arrayStride, 4, 'Simulation.history');
    this.state = this.stepper.stateBuffers();
    this.snapshots = [0, 1].map((i) => this.createSnapshot(`snapshot${i}`));
  }

  /**
   * Build the pipelines and buffers and upload the initial state. Shader compilation or validation
   * errors surface here as an exception (never as a run that silently does nothing).
   */
  static async create(
    gpu: GpuContext,
    spec: Spec,
    /** `continuation`: keep a finished run's continuation state for saveState() (one more copy of the state, allocated when the run ends) */
    options: { cache?: PipelineCache; continuation?: boolean } = {},
  ): Promise<Simulation> {
    const sim = await withErrorScope(gpu.device, () => {
      const s = new Simulation(gpu, spec, options.cache ?? new PipelineCache(gpu.device));
      s.keepsContinuation = options.continuation ?? false;
      s.reset();
      return s;
    });
    await gpu.device.queue.onSubmittedWorkDone();
    return sim;
  }

  private createSnapshot(name: string): Snapshot {
    const device = this.gpu.device;
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    return { buffers: this.state.map(([field, like]) => device.createBuffer({ label: `Simulation.${name}.${field}`, size: like.size, usage })), step: -1, host: {} };
  }

  /** Record copies of the declared state buffers, `from` -> `to` (live state or snapshots). */
  private static copyAll(encoder: GPUCommandEncoder, from: GPUBuffer[], to: GPUBuffer[]): void {
    from.forEach((source, i) => encoder.copyBufferToBuffer(source, 0, to[i], 0, source.size));
  }

  private get live(): GPUBuffer[] {
    return this.state.map(([, buffer]) => buffer);
  }

  /** Back to the initial condition. */
  reset(): void {
    const control = this.spec.internal.control;
    this.stepper.initialize(initialConcentration(this.spec), control.kind === 'fixed' ? control.dt : control.dtInitial);
    const fixedPoint = this.stepper.elasticity?.fixedPoint;
    if (fixedPoint) {
      // relax the strain of the initial state before the first step (queued, not waited for)
      fixedPoint.reset();
      const encoder = this.gpu.device.createCommandEncoder({ label: 'Simulation.initialElasticity' });
      fixedPoint.encodeIterations(encoder, Math.min(INITIAL_ELASTIC_ITERATIONS, this.spec.elasticity!.solver.maxIterations));
      this.gpu.device.queue.submit([encoder.finish()]);
    }
    this.processedSteps = 0;
    this.submittedSteps = 0;
    this.retries = 0;
    this.stepLimit = Infinity;
    this.stepper.setStepLimit(Infinity);
    this.blockResiduals.clear();
    this.blockIterations.clear();
    this.lastAdaptedStep = -1;
    this.generation++;
    this.latest = undefined;
    this.control = undefined;
    this.failureState = undefined;
    this.finishing = false;
    this.dropContinuation();
  }

  /**
   * Call `listener(step)` before every chunk is recorded, `step` being the step it starts from; a
   * queue.writeBuffer made there applies from that step on. Chunks of advanceUntil start at every
   * multiple of FEEDBACK_BLOCK, and by then the observables of all steps before the previous multiple
   * have been handed out.
   */
  onChunk(listener: (step: number) => void): () => void {
    this.chunkListeners.push(listener);
    return () => {
      const i = this.chunkListeners.indexOf(listener);
      if (i >= 0) this.chunkListeners.splice(i, 1);
    };
  }

  onObservables(listener: (o: Observables) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** The f32 concentration buffer (x fastest), updated in place by every step. */
  fieldBuffer(name: 'c'): GPUBuffer {
    if (name !== 'c') throw new Error(`no field "${name}"`);
    return this.stepper.buffers.concentration;
  }

  /** The point fields this scene offers to views and writers (DESIGN.md 4.2 names). */
  fieldNames(): FieldName[] {
    const names: FieldName[] = ['c', 'mu'];
    if (this.indicator) names.push('psi');
    if ('electrostatics' in this.stepper && this.stepper.electrostatics) names.push('phi');
    if (this.reactionSites) names.push('reaction_sites');
    if (this.stepper.elasticity) names.push(...STRESS_COMPONENTS, ...STRESS_INVARIANTS);
    return names;
  }

  /**
   * Record into `encoder` what computes field `name` from the current state and return the f32 buffer
   * (cellCount values, x fastest, scene units) that holds it once the encoder is submitted. Derived
   * fields are computed only when asked for (a view or an output frame), never per step. The buffer
   * is owned by the simulation and reused by the next call for the same field.
   */
  encodeField(encoder: GPUCommandEncoder, name: FieldName): GPUBuffer {
    if (!this.fieldNames().includes(name)) throw new Error(`field "${name}" is not available in this scene (available: ${this.fieldNames().join(', ')})`);
    const b = this.stepper.buffers;
    if (name === 'c') return b.concentration;
    if (name === 'psi') return this.indicator!;
    if (name === 'reaction_sites') return this.reactionSites!;
    const out = this.fieldOutput(name);
    if (name === 'mu') {
      this.stepper.encodeChemicalPotential(encoder, out);
      return out;
    }
    if (name === 'phi') {
      (this.stepper as CahnHilliardStepper).encodeElectricPotential(encoder, out);
      return out;
    }
    const elastic = this.stepper.elasticity!;
    elastic.encodeStress(encoder, b.concentration, b.spectrum, b.control);
    const source = elastic.fieldLocation(name as StressFieldName);
    encoder.copyBufferToBuffer(source.buffer, source.offset, out, 0, source.bytes);
    return out;
  }

  /** The simulation's f32 buffer for derived field `name` (created on first use, then reused). */
  private fieldOutput(name: FieldName): GPUBuffer {
    let out = this.fieldOutputs.get(name);
    if (!out) {
      out = this.gpu.device.createBuffer({ label: `Simulation.field.${name}`, size: this.grid.cellCount * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
      this.fieldOutputs.set(name, out);
    }
    return out;
  }

  /** Compute field `name` of the current state and read it back (waits for the GPU: outputs, not per step). */
  async readField(name: FieldName): Promise<Float32Array> {
    const encoder = this.gpu.device.createCommandEncoder({ label: `Simulation.readField.${name}` });
    const buffer = this.encodeField(encoder, name);
    this.gpu.device.queue.submit([encoder.finish()]);
    return readFloat32(this.gpu.device, buffer, this.grid.cellCount);
  }

  /** Read the concentration field (waits for the GPU: for outputs, never per step). */
  readConcentration(): Promise<Float32Array> {
    return readFloat32(this.gpu.device, this.stepper.buffers.concentration, this.grid.cellCount);
  }

  /** Set when the run could not be continued even with smaller steps; nothing advances after that. */
  get failure(): SimulationFailure | undefined {
    return this.failureState;
  }

  get finished(): boolean {
    return this.control?.status === STATUS.done;
  }

  /**
   * Continue a finished run, in this process, to the later end time `tEnd` (scene units): the clock and
   * the state go on from where the run ended, with the step its controller had chosen before landing,
   * landed on the new end by the rule a resumed checkpoint uses (landingStep). Self-convergence studies
   * land exactly on each check time this way (scripts/converge-bm1a.ts). The final state's record is
   * handed out again as the first one of the continuation. Only for the Cahn-Hilliard stepper.
   */
  extendTo(tEnd: number): void {
    const stepper = this.stepper;
    if (!(stepper instanceof CahnHilliardStepper)) throw new Error('extendTo: only Cahn-Hilliard scenes can be extended');
    if (!this.finished || !this.control) throw new Error('extendTo: the run has not finished');
    const internalEnd = tEnd / this.spec.scales.time;
    if (!(internalEnd > this.control.time)) throw new Error(`extendTo: t = ${tEnd} is not after the end of the run`);
    stepper.setEndTime(internalEnd);
    this.finishing = false;
    const device = this.gpu.device;
    const control = this.stepper.buffers.control;
    device.queue.writeBuffer(control, StepControl.offsetOf('status'), new Uint32Array([STATUS.running]));
    const proposed = this.control.dtProposed > 0 ? this.control.dtProposed : this.control.dtPrev;
    device.queue.writeBuffer(control, StepControl.offsetOf('dt'), new Float32Array([landingStep(proposed, this.control.time, internalEnd)]));
    this.control = { ...this.control, status: STATUS.running };
  }

  /**
   * Land the run on each of `times` (scene units) as it lands on tEnd: the step that would pass the next
   * one is shortened to end on it (step_control.wgsl's landing, with the landing time as its end), the
   * state there is recorded, and advanceUntil returns 'landed'. Its next call goes on from that state
   * with the step the controller had chosen before shortening it (StepControl.dtProposed), so a landing
   * does not shrink the adaptive step for the rest of the run. Times at or after tEnd (or at or before
   * the current time) are ignored. Call before advancing: after create(), or after restoreState(), whose
   * state's step it lands afresh (as the GPU did when the checkpointed run chose it).
   * Only the Cahn-Hilliard steppers land (their step controls, first-order and ETDRK4, end a run the same
   * way at any end time); the reaction steppers return false and leave the times to the caller.
   */
  landOn(times: number[]): boolean {
    const stepper = this.stepper;
    if (!(stepper instanceof CahnHilliardStepper)) return false;
    const scale = this.spec.scales.time;
    const tEnd = this.spec.internal.tEnd;
    this.landings = times
      .map((t) => t / scale)
      .filter((t) => t < tEnd - tEnd * 1e-6)
      .sort((a, b) => a - b);
    const control = this.spec.internal.control;
    const time = this.control?.time ?? 0;
    const proposed = this.control ? (this.control.dtProposed > 0 ? this.control.dtProposed : this.control.dt) : control.kind === 'fixed' ? control.dt : control.dtInitial;
    const end = this.nextLanding(time);
    stepper.setEndTime(end);
    if (this.control?.status === STATUS.done || this.control?.status === STATUS.finishing) return true; // advanceUntil goes on from there
    const dt = landingStep(proposed, time, end);
    this.gpu.device.queue.writeBuffer(stepper.buffers.control, StepControl.offsetOf('dt'), new Float32Array([dt]));
    if (this.control) this.control = { ...this.control, dt };
    return true;
  }

  /** The end time (internal units) a state at `time` lands on next: the first landing after it, else tEnd. */
  private nextLanding(time: number): number {
    // "after": further away than the GPU's own closeness test (remaining <= end * 1e-6 is arrived)
    return this.landings.find((t) => Math.fround(t) - time > Math.fround(t) * 1e-6) ?? this.spec.internal.tEnd;
  }

  /**
   * Whether a state at `time` (internal units) that ended the run is on an intermediate landing time (not
   * on tEnd, nor a state that finish() ended: a step limit that happened to fall on a landing).
   */
  private isLanding(time: number): boolean {
    if (this.finishing) return false;
    return this.landings.some((t) => Math.abs(Math.fround(t) - time) <= Math.fround(t) * 1e-6);
  }

  /** Whether the run has stopped on an intermediate landing time. */
  private get landed(): boolean {
    return this.finished && this.control !== undefined && this.isLanding(this.control.time);
  }

  /**
   * Go on from an intermediate landing (nothing in flight): the same state, running again, towards the
   * next landing time with the step chosen before the landing. Calls submitted after the landing changed
   * nothing (the control ignores them once done, and its call count `step` stops): they are taken back,
   * so that chunk boundaries and step feedback depend on the control's counts only, however many calls
   * were in flight when the landing was read.
   * The landed state's record (status done, no step) was not handed out: the next call records it again,
   * running, with the step taken from it, and that record is handed out.
   */
  private continueFromLanding(): void {
    const stepper = this.stepper as CahnHilliardStepper;
    const c = this.control!;
    const end = this.nextLanding(c.time);
    stepper.setEndTime(end);
    const proposed = c.dtProposed > 0 ? c.dtProposed : c.dtPrev;
    const dt = landingStep(proposed, c.time, end);
    const device = this.gpu.device;
    device.queue.writeBuffer(stepper.buffers.control, StepControl.offsetOf('status'), new Uint32Array([STATUS.running]));
    device.queue.writeBuffer(stepper.buffers.control, StepControl.offsetOf('dt'), new Float32Array([dt]));
    this.control = { ...c, status: STATUS.running, dt };
    this.submittedSteps = c.step;
    this.processedSteps = c.step;
    // the continuation a longer run starts from is the one kept at tEnd, not at this landing
    this.dropContinuation();
  }

  /** Record and submit `steps` steps; never blocks. Observables arrive through onObservables/latest. */
  advance(steps: number): void {
    const pending = this.submitChunk(steps);
    this.pendingChunks.push(pending);
    void pending.finally(() => {
      this.pendingChunks = this.pendingChunks.filter((p) => p !== pending);
    });
  }

  /**
   * Run until the scene's end time, handing every step's observables to the listeners. Stops early
   * (without finishing) after `maxSteps` more steps or when `pauseWhen()` turns true after a readback;
   * with at most two chunks in flight, the state is then at most two chunks past that point, and
   * `current` tells exactly where. Rejects with SimulationFailure when the run cannot continue even
   * with smaller steps. `maxSteps` counts accepted steps: with ETDRK4, which rejects attempts, the GPU
   * control pauses itself on the limit (EtdControl.stateLimit), and calls after it change nothing.
   */
  async advanceUntil(options: { maxSteps?: number; chunk?: number; pauseWhen?: () => boolean } = {}): Promise<'done' | 'paused' | 'limit' | 'landed'> {
    const chunk = options.chunk ?? DEFAULT_CHUNK;
    if (this.landed && !this.failure) this.continueFromLanding();
    const etd = this.controlLayout === EtdControl;
    // first order: one call is one step, so the host counts; ETDRK4: the GPU counts accepted steps
    const stepLimit = options.maxSteps === undefined || etd ? Infinity : this.submittedSteps + options.maxSteps;
    const stateLimit = options.maxSteps === undefined ? NO_STATE_LIMIT : Math.min(NO_STATE_LIMIT, (this.control?.state ?? 0) + options.maxSteps);
    if (etd) this.setStateLimit(stateLimit);
    const limitReached = () => (etd ? this.control?.status === STATUS.paused : this.submittedSteps >= stepLimit);
    const inFlight: Promise<void>[] = [];
    let outcome: 'done' | 'paused' | 'limit' | undefined;
    for (;;) {
      if (this.failure) break;
      // A rollback while draining takes back submitted steps: the limit is then no longer reached.
      if (outcome === 'limit' && !limitReached()) outcome = undefined;
      if (outcome === undefined) {
        if (this.finished) outcome = 'done';
        else if (options.pauseWhen?.()) outcome = 'paused';
        else if (limitReached()) outcome = 'limit';
      }
      if (outcome !== undefined && inFlight.length === 0) {
        // a pause on a state that has landed (on tEnd or a landOn time) but is not yet recorded as such:
        // record it (one more call), so that a checkpoint never holds it half-finished (a resume would find
        // the clock at tEnd and a run that never said done)
        if (outcome === 'paused' && this.control?.status === STATUS.finishing && !this.failure) {
          outcome = undefined;
          inFlight.push(this.submitChunk(1));
          continue;
        }
        break;
      }
      // near a landing, calls in flight may reach it: wait for them rather than queue calls that would idle
      const nearLanding = this.landings.length > 0 ? this.callsToLanding() : Infinity;
      if (outcome !== undefined || inFlight.length >= 2 || (inFlight.length > 0 && nearLanding <= 0)) {
        await inFlight.shift();
        continue;
      }
      const toBoundary = FEEDBACK_BLOCK - (this.submittedSteps % FEEDBACK_BLOCK);
      // ETDRK4 near its limit: no more calls than the steps still missing (at least one), so that few run idle
      const unread = this.submittedSteps - this.processedSteps;
      const left = etd ? Math.max(1, stateLimit - (this.control?.state ?? 0) - unread) : stepLimit - this.submittedSteps;
      inFlight.push(this.submitChunk(Math.min(chunk, left, toBoundary, Math.max(1, nearLanding))));
    }
    if (this.failure) throw this.failure;
    if (this.landed) return 'landed';
    return this.finished ? 'done' : outcome!;
  }

  /**
   * Calls not yet submitted that the state surely needs before it lands on its next end time (landOn),
   * counted from the latest state read back: its step dt at most doubles per step (step_control.wgsl),
   * so reaching the end, `remaining` away, takes at least log2(remaining / dt + 1) steps, and one call more
   * records the landed state. Chunks no longer than this idle at most a few calls after a landing.
   */
  private callsToLanding(): number {
    const c = this.control;
    if (!c) return Infinity;
    const unread = this.submittedSteps - this.processedSteps;
    if (c.status === STATUS.finishing) return 1 - unread; // landed: one call records it
    if (c.status !== STATUS.running) return Infinity;
    const remaining = Math.fround(this.nextLanding(c.time)) - c.time;
    const steps = c.dt > 0 ? Math.ceil(Math.log2((0.99 * remaining) / c.dt + 1)) : 1;
    return Math.max(1, steps) + 1 - unread;
  }

  /** ETDRK4: pause on reaching accepted step `limit` (NO_STATE_LIMIT: never); a run paused below it goes on. */
  private setStateLimit(limit: number): void {
    const device = this.gpu.device;
    const control = this.stepper.buffers.control;
    device.queue.writeBuffer(control, EtdControl.offsetOf('stateLimit'), new Uint32Array([limit]));
    if (this.control?.status === STATUS.paused && this.control.state < limit) {
      device.queue.writeBuffer(control, EtdControl.offsetOf('status'), new Uint32Array([STATUS.running]));
      this.control = { ...this.control, status: STATUS.running };
    }
  }

  /** Run to the scene's end time (or `maxSteps` more steps), then record the final state. */
  async run(options: { maxSteps?: number; chunk?: number } = {}): Promise<Observables> {
    let outcome = await this.advanceUntil(options);
    while (outcome === 'landed') outcome = await this.advanceUntil(options);
    if (outcome !== 'done') await this.finish();
    return this.latest!;
  }

  /** Steps recorded into submitted command buffers so far: work queued now (e.g. writeBuffer) applies from this step on. */
  get submittedStep(): number {
    return this.submittedSteps;
  }

  /**
   * Step number (accepted steps), time and rejected attempts of the state now on the GPU (exact once
   * nothing is in flight).
   */
  get current(): { step: number; time: number; dt: number; rejected: number } {
    const c = this.control;
    const t = this.spec.scales.time;
    return c ? { step: c.state, time: c.time * t, dt: c.dt * t, rejected: c.rejected } : { step: 0, time: 0, dt: 0, rejected: 0 };
  }

  /** Mark the current state as final (status FINISHING) and record its observables. */
  async finish(): Promise<void> {
    const device = this.gpu.device;
    this.finishing = true;
    // The final state is checked like every other: if it fails, the rollback retries it until it
    // passes or the run fails (never a silent return with the state unrecorded).
    while (this.control?.status !== STATUS.done && !this.disposed) {
      if (this.failure) throw this.failure;
      device.queue.writeBuffer(this.stepper.buffers.control, StepControl.offsetOf('status'), new Uint32Array([STATUS.finishing]));
      await this.submitChunk(1, { stressFirst: true });
    }
  }

  /**
   * The complete solver state, for checkpoints (waits for the GPU; call while paused): every buffer the
   * stepper declares (stateBuffers(), issue #25) and the host values that steer the next steps. A
   * finished run of a simulation created with `continuation: true` also returns the state it can be
   * extended from: the start of the chunk in which it ended, whose step_control holds the step its
   * controller chose before landing on tEnd (restoreState continues from there as if the run had never
   * stopped).
   */
  async saveState(): Promise<SavedState & { continuation?: SavedState }> {
    const device = this.gpu.device;
    // on an intermediate landing (landOn): save the state as the run goes on from it, running again
    if (this.landed && !this.failure) this.continueFromLanding();
    const fields: [string, Float32Array][] = [];
    for (const [name, buffer] of this.state) fields.push([name, await readFloat32(device, buffer)]);
    const control = fields.find(([name]) => name === 'step_control')![1]; // u32/f32 struct kept as raw bits
    // `current` then tells the clock of the saved state (after a final rollback no readback did).
    this.control = decodeControl(control.slice().buffer, 0, this.controlLayout);
    const saved: SavedState & { continuation?: SavedState } = { fields, counters: { processedSteps: this.processedSteps, submittedSteps: this.submittedSteps, ...this.hostState() } };
    const from = this.continuation;
    if (from && this.finished) {
      const cont: [string, Float32Array][] = [];
      for (let i = 0; i < this.state.length; i++) cont.push([this.state[i][0], await readFloat32(device, from.buffers[i])]);
      const start = decodeControl(cont.find(([name]) => name === 'step_control')![1].slice().buffer, 0, this.controlLayout);
      // A start already on tEnd (the chunk's readback was skipped, so the snapshot is the landed state)
      // is not on the trajectory of a longer run: then there is no continuation.
      const tEnd = this.spec.internal.tEnd;
      if (!(start.time >= tEnd - tEnd * 1e-6)) saved.continuation = { fields: cont, counters: { processedSteps: start.recorded, submittedSteps: from.step, ...from.host } };
    }
    return saved;
  }

  /** Host values that steer the next steps: the iterative elasticity's iterations per step and the residuals they adapt from. */
  private hostState(): Record<string, unknown> {
    // JSON has no Infinity: no limit is written as null
    const limit = { stepLimit: Number.isFinite(this.stepLimit) ? this.stepLimit : null };
    const fixedPoint = this.stepper.elasticity?.fixedPoint;
    if (!fixedPoint) return limit;
    const residuals = [...this.blockResiduals].filter(([, r]) => Number.isFinite(r));
    return { ...limit, elasticIterationsPerStep: fixedPoint.iterationsPerStep, elasticBlockResiduals: residuals, elasticBlockIterations: [...this.blockIterations] };
  }

  /**
   * Continue from a saveState() result: the run goes on bit for bit as if never interrupted. A state
   * that had finished (status done) is made running again, and the step taken from it is the one its
   * controller chose before any landing on tEnd (StepControl.dtProposed), landed on this scene's tEnd by
   * the GPU's own rule: so a run resumed with a later tEnd takes exactly the steps of one uninterrupted
   * run. Every declared buffer must be in `fields`.
   */
  restoreState(fields: Map<string, Float32Array>, counters: Record<string, unknown>): void {
    const device = this.gpu.device;
    const missing = this.state.filter(([name]) => !fields.has(name)).map(([name]) => name);
    if (missing.length) throw new Error(`the checkpoint has no ${missing.map((m) => `"${m}"`).join(', ')} (written by an older spinode, or for another scene)`);
    for (const [name, buffer] of this.state) {
      const data = fields.get(name)!;
      if (data.byteLength !== buffer.size) throw new Error(`checkpoint field "${name}" holds ${data.byteLength} bytes, this scene needs ${buffer.size}`);
      device.queue.writeBuffer(buffer, 0, data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
    }
    const raw = fields.get('step_control')!.slice().buffer;
    const view = new DataView(raw);
    const at = (name: string) => StepControl.offsetOf(name);
    const finished = view.getUint32(at('status'), true) !== STATUS.running;
    view.setUint32(at('status'), STATUS.running, true);
    const proposed = view.getFloat32(at('dtProposed'), true);
    if (proposed > 0) view.setFloat32(at('dt'), landingStep(proposed, view.getFloat32(at('time'), true), this.spec.internal.tEnd), true);
    this.processedSteps = Number(counters.processedSteps);
    this.submittedSteps = Number(counters.submittedSteps);
    if (finished) {
      // A finished state has its final record written and no-op steps submitted after it: record the state
      // again as a running one, and count steps from it (a continuation state avoids this guess).
      const step = view.getUint32(at('step'), true);
      view.setUint32(at('recorded'), step, true);
      this.processedSteps = step;
      this.submittedSteps = step;
    }
    device.queue.writeBuffer(this.stepper.buffers.control, 0, raw);
    this.restoreHostState(counters);
    this.lastAdaptedStep = -1;
    this.control = decodeControl(raw, 0, this.controlLayout);
    this.failureState = undefined;
    this.finishing = false;
    this.dropContinuation();
    this.generation++;
  }

  /** Back to hostState() values (a checkpoint, or the snapshot a rollback returns to). */
  private restoreHostState(host: Record<string, unknown>): void {
    this.stepLimit = typeof host.stepLimit === 'number' && host.stepLimit > 0 ? host.stepLimit : Infinity;
    this.stepper.setStepLimit(this.stepLimit);
    const fixedPoint = this.stepper.elasticity?.fixedPoint;
    if (fixedPoint && Number.isInteger(host.elasticIterationsPerStep)) fixedPoint.iterationsPerStep = Number(host.elasticIterationsPerStep);
    this.blockResiduals.clear();
    for (const [step, residual] of (host.elasticBlockResiduals as [number, number][] | undefined) ?? []) this.blockResiduals.set(step, residual);
    this.blockIterations.clear();
    for (const [step, count] of (host.elasticBlockIterations as [number, number][] | undefined) ?? []) this.blockIterations.set(step, count);
  }

  private dropContinuation(): void {
    for (const buffer of this.continuation?.buffers ?? []) buffer.destroy();
    this.continuation = undefined;
  }

  /**
   * The run has ended in the chunk that started from `snapshot`: keep that state (copied before any later
   * chunk reuses the snapshot) as the point a later, longer run continues from.
   */
  private keepContinuation(snapshot: Snapshot): void {
    if (this.continuation || !this.keepsContinuation) return;
    const kept = this.createSnapshot('continuation');
    kept.step = snapshot.step;
    kept.host = snapshot.host;
    const encoder = this.gpu.device.createCommandEncoder({ label: 'Simulation.continuation' });
    Simulation.copyAll(encoder, snapshot.buffers, kept.buffers);
    this.gpu.device.queue.submit([encoder.finish()]);
    this.continuation = kept;
  }

  /**
   * Record `steps` steps. With elasticity, the stress observables of every state whose step number is a
   * multiple of output.stressEvery (and, with `stressFirst`, of the first state) are evaluated before
   * the step taken from it, so step_control files them into that state's history record.
   */
  private submitChunk(steps: number, options: { stressFirst?: boolean } = {}): Promise<void> {
    if (this.disposed || this.failureState) return Promise.resolve();
    const device = this.gpu.device;
    const b = this.stepper.buffers;
    const encoder = device.createCommandEncoder({ label: 'Simulation.chunk' });
    const snapshot = this.snapshots[this.snapshotParity];
    this.snapshotParity ^= 1;
    snapshot.step = this.submittedSteps;
    snapshot.host = this.hostState();
    Simulation.copyAll(encoder, this.live, snapshot.buffers);
    // host feedback for the chunk (after the snapshot, which holds the state before it)
    this.adaptElasticIterations(this.submittedSteps);
    for (const l of this.chunkListeners) l(this.submittedSteps);
    const elastic = this.stepper.elasticity;
    const stressEvery = this.spec.scene.output.stressEvery;
    for (let i = 0; i < steps; i++) {
      const state = this.submittedSteps + i;
      if (elastic && (state % stressEvery === 0 || (i === 0 && options.stressFirst))) {
        elastic.encodeObservables(encoder, b.concentration, b.spectrum, b.control);
      }
      this.stepper.encodeStep(encoder);
    }
    this.submittedSteps += steps;
    const data = this.ring.copySegments(encoder, [
      { source: b.control, bytes: this.controlLayout.byteSize },
      { source: b.history, bytes: HISTORY_CAPACITY * HistoryRecord.arrayStride },
    ]);
    device.queue.submit([encoder.finish()]);
    this.ring.submitted();
    if (!data) return Promise.resolve(); // all readback slots busy: a later chunk's readback covers these steps
    const generation = this.generation;
    return data.then(
      (buf) => {
        if (generation === this.generation) this.process(buf, snapshot);
      },
      (error: unknown) => {
        if (!this.disposed) throw error; // mapping is aborted when the simulation is disposed mid-flight
      },
    );
  }

  private emit(data: ArrayBuffer, from: number, to: number): void {
    const offset = this.controlLayout.byteSize;
    for (let step = Math.max(from, to - HISTORY_CAPACITY); step < to; step++) {
      if (recordKind(data, offset, step % HISTORY_CAPACITY) !== 0) continue; // a rejected attempt: no new state
      const o = decodeRecord(data, offset, step % HISTORY_CAPACITY, this.spec);
      // an intermediate landing's record (done, dt 0): handed out when the run goes on from it, with its step
      if (o.status === 'done' && this.isLanding(o.time / this.spec.scales.time)) continue;
      if ((o.step + 1) % FEEDBACK_BLOCK === 0 && this.stepper.elasticity?.fixedPoint) {
        this.blockResiduals.set(o.step, o.elasticResidual);
        this.blockIterations.set(o.step, o.elasticIterations);
      }
      this.latest = o;
      for (const l of this.listeners) l(o);
    }
    this.processedSteps = Math.max(this.processedSteps, to);
  }

  private process(data: ArrayBuffer, snapshot: Snapshot): void {
    if (this.disposed) return;
    const control = decodeControl(data, 0, this.controlLayout);
    if (control.status !== STATUS.failed) {
      // an end (tEnd or finish()) keeps the state a longer run continues from; a pause at a step limit is exact itself
      if (control.status !== STATUS.running && control.status !== STATUS.paused) this.keepContinuation(snapshot);
      this.control = control;
      this.retries = 0;
      this.emit(data, this.processedSteps, control.recorded);
      return;
    }
    // Keep what came before this chunk; drop the chunk and retry it from its snapshot.
    this.emit(data, this.processedSteps, Math.min(control.recorded, snapshot.step));
    this.rollback(snapshot, control);
  }

  /**
   * Inhomogeneous elasticity: give each time step as many fixed-point iterations as keep the residual
   * within the scene's tolerance (doubling when above, one fewer when far below). Decided before the
   * chunk starting at `step` when that is a multiple of FEEDBACK_BLOCK, from the residual of the last
   * state of the block before the previous one (read back by then), so that the counts depend on step
   * numbers only.
   * Conjugate gradients (which stop on their own when converged) get one iteration more than the
   * worst solve of that step needed (ElasticFixedPoint.adaptIterations).
   */
  private adaptElasticIterations(step: number): void {
    const fixedPoint = this.stepper.elasticity?.fixedPoint;
    // once per block: a retry after a rollback keeps the count chosen for it
    if (!fixedPoint || step % FEEDBACK_BLOCK !== 0 || step <= this.lastAdaptedStep) return;
    this.lastAdaptedStep = step;
    // the block's last state read back: state step - FEEDBACK_BLOCK - 1, unless a protocol switch held
    // steps (calls that make no state, so the states lag the calls): then the latest block state before it.
    // Without holds the two are the same record; with them, an exact lookup never matched again after the
    // first switch and the iterations per step froze (a sulfide cycling run kept 1 CG iteration, residual 4 %).
    let at = -1;
    for (const k of this.blockResiduals.keys()) if (k <= step - FEEDBACK_BLOCK - 1 && k > at) at = k;
    const residual = this.blockResiduals.get(at);
    const needed = this.blockIterations.get(at) ?? fixedPoint.iterationsPerStep;
    for (const k of this.blockResiduals.keys()) if (k <= at) this.blockResiduals.delete(k);
    for (const k of this.blockIterations.keys()) if (k <= at) this.blockIterations.delete(k);
    if (residual === undefined || !Number.isFinite(residual)) return;
    const { tolerance, maxIterations } = this.spec.elasticity!.solver;
    fixedPoint.adaptIterations(residual, needed, tolerance, maxIterations);
  }

  /** Restore `snapshot` (the state before the failed chunk) and retry with a 4^retries smaller step. */
  private rollback(snapshot: Snapshot, failed: ControlState): void {
    this.retries++;
    this.generation++; // readbacks of chunks submitted before the rollback are stale
    const device = this.gpu.device;
    const b = this.stepper.buffers;
    const encoder = device.createCommandEncoder({ label: 'Simulation.rollback' });
    Simulation.copyAll(encoder, snapshot.buffers, this.live);
    device.queue.submit([encoder.finish()]);
    this.dropContinuation();
    // host values as they were at the snapshot: the retried chunk gets the same feedback again
    this.restoreHostState(snapshot.host);
    this.lastAdaptedStep = snapshot.step - 1;
    if (this.retries > MAX_RETRIES) {
      // Give up, leaving the last good state (the snapshot) on the GPU for saveState() and the
      // checkpoint of the failed run; its exact clock is in the restored control buffer.
      this.submittedSteps = snapshot.step;
      this.processedSteps = Math.min(this.processedSteps, snapshot.step);
      this.control = { ...failed, status: STATUS.running, step: snapshot.step };
      const at = this.latest ? `t = ${this.latest.time.toPrecision(6)} (step ${this.latest.step})` : 'the start';
      this.failureState = new SimulationFailure(
        `the solution blew up (NaN/Inf or c outside its bounds) after ${at}, even with steps ${4 ** MAX_RETRIES}x smaller; ` +
          'check the scene (mobility, stabilizer, time.control) or lower time.control.tolerance',
      );
      return;
    }
    // A smaller step, and no error estimate for the first step after the restart (dtPrev = 0). The
    // controller may not exceed it from now on (restoreHostState above put back the limit of the snapshot;
    // the failed steps were all within it, so the limit shrinks 4x per retry: 4^retries overall).
    const restartDt = Math.max(failed.dtPrev, failed.dt, 1e-12) / 4;
    this.stepLimit = Math.min(this.stepLimit, restartDt);
    this.stepper.setStepLimit(this.stepLimit);
    device.queue.writeBuffer(b.control, StepControl.offsetOf('dt'), new Float32Array([restartDt, 0]));
    device.queue.writeBuffer(b.control, StepControl.offsetOf('dtProposed'), new Float32Array([restartDt]));
    this.submittedSteps = snapshot.step;
    this.processedSteps = Math.min(this.processedSteps, snapshot.step);
    this.control = { ...failed, status: STATUS.running, step: snapshot.step };
  }

  /** Wait until every submitted chunk has been read back (for tests and the viewport's reset). */
  async settle(): Promise<void> {
    await Promise.all(this.pendingChunks);
  }

  dispose(): void {
    this.disposed = true;
    this.ring.dispose();
    for (const buffer of this.fieldOutputs.values()) buffer.destroy();
    this.indicator?.destroy();
    this.reactionSites?.destroy();
    for (const s of this.snapshots) for (const buf of s.buffers) buf.destroy();
    this.dropContinuation();
    this.stepper.dispose();
  }
}
