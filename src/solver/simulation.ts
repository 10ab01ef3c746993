/**
 * A Simulation owns the GPU state of one scene and advances it. The step loop only records commands:
 * the clock and the step size live on the GPU (step_control.wgsl), observables come back through a
 * readback ring a few steps late, and nothing in the loop allocates or waits, except the bounded
 * back-pressure of run() (at most two chunks in flight) that keeps the CPU from racing ahead.
 *
 * Failure handling (DESIGN.md 3.2): before every chunk of steps the state is copied to one of two
 * snapshots. When a chunk reports NaN/Inf or c out of bounds, the state is restored from the
 * snapshot taken before that chunk and the chunk is retried with a 4x smaller step; after
 * MAX_RETRIES failures of the same chunk the run stops with a SimulationFailure.
 */
import { withErrorScope, type GpuContext } from '../gpu/device.ts';
import { readFloat32 } from '../gpu/buffers.ts';
import { PipelineCache } from '../gpu/pipelineCache.ts';
import { ReadbackRing } from '../gpu/readbackRing.ts';
import type { Spec } from '../scene/resolve.ts';
import { HISTORY_CAPACITY } from './cahnHilliard.ts';
import { createStepper, type SceneStepper } from './stepper.ts';
import { initialConcentration } from './initialCondition.ts';
import { HistoryRecord, STATUS, StepControl } from './layouts.ts';
import { STRESS_COMPONENTS, STRESS_INVARIANTS, type StressFieldName } from './elasticity.ts';
import { particleIndicator, reactionSiteDensity } from './geometry.ts';
import { decodeControl, decodeRecord, type ControlState, type Observables } from './observables.ts';

export type { Observables } from './observables.ts';

/** Point-field names of the output contract (DESIGN.md 4.2). */
export type FieldName =
  | 'c'
  | 'mu'
  | 'psi'
  | 'reaction_sites'
  | 'sigma_xx'
  | 'sigma_yy'
  | 'sigma_zz'
  | 'sigma_xy'
  | 'sigma_xz'
  | 'sigma_yz'
  | 'sigma_vm'
  | 'sigma_h'
  | 'sigma_1'
  | 'elastic_energy_density'
  | 'hotspot';

export class SimulationFailure extends Error {
  override name = 'SimulationFailure';
}

const MAX_RETRIES = 6;
/** fixed-point iterations on the initial state of an inhomogeneous elastic scene */
const INITIAL_ELASTIC_ITERATIONS = 40;
const DEFAULT_CHUNK = 64;

interface Snapshot {
  spectrum: GPUBuffer;
  concentration: GPUBuffer;
  previousIncrement: GPUBuffer;
  control: GPUBuffer;
  /** step number of the state the snapshot holds */
  step: number;
}

export interface Grid {
  shape: number[];
  dims: 2 | 3;
  cellCount: number;
  size: number[];
  spacing: number[];
}

export class Simulation {
  readonly grid: Grid;
  readonly stepper: SceneStepper;
  /** most recent observables, or undefined before the first readback */
  latest: Observables | undefined;
  /** observables of every step read back so far are passed to these listeners, in order */
  private readonly listeners: ((o: Observables) => void)[] = [];
  private readonly ring: ReadbackRing;
  private readonly snapshots: Snapshot[];
  private snapshotParity = 0;
  /** steps whose observables have been handed out, and steps recorded into command buffers */
  private processedSteps = 0;
  private submittedSteps = 0;
  private retries = 0;
  /** bumped by every rollback; readbacks from older generations are ignored */
  private generation = 0;
  private pendingChunks: Promise<void>[] = [];
  /** control state seen in the last readback */
  private control: ControlState | undefined;
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
    const b = this.stepper.buffers;
    this.ring = new ReadbackRing(gpu.device, StepControl.byteSize + HISTORY_CAPACITY * HistoryRecord.arrayStride, 4, 'Simulation.history');
    this.snapshots = [0, 1].map((i) => ({
      spectrum: this.cloneLayout(b.spectrum, `Simulation.snapshot${i}.spectrum`),
      concentration: this.cloneLayout(b.concentration, `Simulation.snapshot${i}.concentration`),
      previousIncrement: this.cloneLayout(b.previousIncrement, `Simulation.snapshot${i}.previousIncrement`),
      control: this.cloneLayout(b.control, `Simulation.snapshot${i}.control`),
      step: -1,
    }));
  }

  /**
   * Build the pipelines and buffers and upload the initial state. Shader compilation or validation
   * errors surface here as an exception (never as a run that silently does nothing).
   */
  static async create(gpu: GpuContext, spec: Spec, options: { cache?: PipelineCache } = {}): Promise<Simulation> {
    const sim = await withErrorScope(gpu.device, () => {
      const s = new Simulation(gpu, spec, options.cache ?? new PipelineCache(gpu.device));
      s.reset();
      return s;
    });
    await gpu.device.queue.onSubmittedWorkDone();
    return sim;
  }

  private cloneLayout(like: GPUBuffer, label: string): GPUBuffer {
    return this.gpu.device.createBuffer({ label, size: like.size, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
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
    this.generation++;
    this.latest = undefined;
    this.control = undefined;
    this.failureState = undefined;
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
   * with smaller steps.
   */
  async advanceUntil(options: { maxSteps?: number; chunk?: number; pauseWhen?: () => boolean } = {}): Promise<'done' | 'paused' | 'limit'> {
    const chunk = options.chunk ?? DEFAULT_CHUNK;
    const stepLimit = options.maxSteps === undefined ? Infinity : this.submittedSteps + options.maxSteps;
    const inFlight: Promise<void>[] = [];
    let outcome: 'done' | 'paused' | 'limit' | undefined;
    for (;;) {
      if (this.failure) break;
      // A rollback while draining takes back submitted steps: the limit is then no longer reached.
      if (outcome === 'limit' && this.submittedSteps < stepLimit) outcome = undefined;
      if (outcome === undefined) {
        if (this.finished) outcome = 'done';
        else if (options.pauseWhen?.()) outcome = 'paused';
        else if (this.submittedSteps >= stepLimit) outcome = 'limit';
      }
      if (outcome !== undefined && inFlight.length === 0) break;
      if (outcome !== undefined || inFlight.length >= 2) {
        await inFlight.shift();
        continue;
      }
      inFlight.push(this.submitChunk(Math.min(chunk, stepLimit - this.submittedSteps)));
    }
    if (this.failure) throw this.failure;
    return this.finished ? 'done' : outcome!;
  }

  /** Run to the scene's end time (or `maxSteps` more steps), then record the final state. */
  async run(options: { maxSteps?: number; chunk?: number } = {}): Promise<Observables> {
    const outcome = await this.advanceUntil(options);
    if (outcome !== 'done') await this.finish();
    return this.latest!;
  }

  /** Steps recorded into submitted command buffers so far: work queued now (e.g. writeBuffer) applies from this step on. */
  get submittedStep(): number {
    return this.submittedSteps;
  }

  /** Step and time of the state now on the GPU (exact once nothing is in flight). */
  get current(): { step: number; time: number; dt: number } {
    const c = this.control;
    const t = this.spec.scales.time;
    return c ? { step: c.step, time: c.time * t, dt: c.dt * t } : { step: 0, time: 0, dt: 0 };
  }

  /** Mark the current state as final (status FINISHING) and record its observables. */
  async finish(): Promise<void> {
    const device = this.gpu.device;
    // The final state is checked like every other: if it fails, the rollback retries it until it
    // passes or the run fails (never a silent return with the state unrecorded).
    while (this.control?.status !== STATUS.done && !this.disposed) {
      if (this.failure) throw this.failure;
      device.queue.writeBuffer(this.stepper.buffers.control, StepControl.offsetOf('status'), new Uint32Array([STATUS.finishing]));
      await this.submitChunk(1, { stressFirst: true });
    }
  }

  /** The complete solver state, for checkpoints (waits for the GPU; call while paused). */
  async saveState(): Promise<{ fields: [string, Float32Array][]; counters: Record<string, number> }> {
    const device = this.gpu.device;
    const b = this.stepper.buffers;
    const read = async (buf: GPUBuffer) => readFloat32(device, buf);
    const control = await read(b.control); // u32/f32 struct kept as raw bits
    // `current` then tells the clock of the saved state (after a final rollback no readback did).
    this.control = decodeControl(control.slice().buffer, 0);
    return {
      fields: [
        ['c', await read(b.concentration)],
        ['c_hat', await read(b.spectrum)],
        ['previous_increment', await read(b.previousIncrement)],
        ['step_control', control],
      ],
      counters: { processedSteps: this.processedSteps, submittedSteps: this.submittedSteps },
    };
  }

  /** Continue from a saveState() result: the run goes on bit for bit as if never interrupted. */
  restoreState(fields: Map<string, Float32Array>, counters: Record<string, unknown>): void {
    const device = this.gpu.device;
    const b = this.stepper.buffers;
    const put = (name: string, buf: GPUBuffer) => {
      const data = fields.get(name);
      if (!data || data.byteLength !== buf.size) throw new Error(`checkpoint field "${name}" is missing or has the wrong size for this scene`);
      device.queue.writeBuffer(buf, 0, data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
    };
    put('c', b.concentration);
    put('c_hat', b.spectrum);
    put('previous_increment', b.previousIncrement);
    put('step_control', b.control);
    this.processedSteps = Number(counters.processedSteps);
    this.submittedSteps = Number(counters.submittedSteps);
    this.control = decodeControl(fields.get('step_control')!.slice().buffer, 0);
    this.generation++;
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
    encoder.copyBufferToBuffer(b.spectrum, 0, snapshot.spectrum, 0, b.spectrum.size);
    encoder.copyBufferToBuffer(b.concentration, 0, snapshot.concentration, 0, b.concentration.size);
    encoder.copyBufferToBuffer(b.previousIncrement, 0, snapshot.previousIncrement, 0, b.previousIncrement.size);
    encoder.copyBufferToBuffer(b.control, 0, snapshot.control, 0, b.control.size);
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
      { source: b.control, bytes: StepControl.byteSize },
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
    const offset = StepControl.byteSize;
    for (let step = Math.max(from, to - HISTORY_CAPACITY); step < to; step++) {
      const o = decodeRecord(data, offset, step % HISTORY_CAPACITY, this.spec);
      this.latest = o;
      for (const l of this.listeners) l(o);
    }
    this.processedSteps = Math.max(this.processedSteps, to);
  }

  private process(data: ArrayBuffer, snapshot: Snapshot): void {
    if (this.disposed) return;
    const control = decodeControl(data, 0);
    if (control.status !== STATUS.failed) {
      this.control = control;
      this.retries = 0;
      this.emit(data, this.processedSteps, control.recorded);
      this.adaptElasticIterations();
      return;
    }
    // Keep what came before this chunk; drop the chunk and retry it from its snapshot.
    this.emit(data, this.processedSteps, Math.min(control.recorded, snapshot.step));
    this.rollback(snapshot, control);
  }

  /**
   * Inhomogeneous elasticity: give each time step as many iterations as keep the residual read back last
   * within the scene's tolerance (doubling when above; below it, conjugate gradients get one more than
   * their last solve needed, the basic scheme one fewer when far below).
   */
  private adaptElasticIterations(): void {
    const fixedPoint = this.stepper.elasticity?.fixedPoint;
    const residual = this.latest?.elasticResidual;
    if (!fixedPoint || residual === undefined || !Number.isFinite(residual)) return;
    const { tolerance, maxIterations } = this.spec.elasticity!.solver;
    if (residual > tolerance) fixedPoint.iterationsPerStep = Math.min(maxIterations, fixedPoint.iterationsPerStep * 2);
    else if (fixedPoint.options.scheme === 'conjugateGradient' && !fixedPoint.options.oneShot) {
      // CG reports the iterations its last solve needed (later ones were no-ops): record one more than that
      const needed = this.latest?.elasticIterations ?? fixedPoint.iterationsPerStep;
      fixedPoint.iterationsPerStep = Math.max(1, Math.min(maxIterations, needed + 1));
    } else if (residual < tolerance / 8) fixedPoint.iterationsPerStep = Math.max(1, fixedPoint.iterationsPerStep - 1);
  }

  /** Restore `snapshot` (the state before the failed chunk) and retry with a 4^retries smaller step. */
  private rollback(snapshot: Snapshot, failed: ControlState): void {
    this.retries++;
    this.generation++; // readbacks of chunks submitted before the rollback are stale
    const device = this.gpu.device;
    const b = this.stepper.buffers;
    const encoder = device.createCommandEncoder({ label: 'Simulation.rollback' });
    encoder.copyBufferToBuffer(snapshot.spectrum, 0, b.spectrum, 0, b.spectrum.size);
    encoder.copyBufferToBuffer(snapshot.concentration, 0, b.concentration, 0, b.concentration.size);
    encoder.copyBufferToBuffer(snapshot.previousIncrement, 0, b.previousIncrement, 0, b.previousIncrement.size);
    encoder.copyBufferToBuffer(snapshot.control, 0, b.control, 0, b.control.size);
    device.queue.submit([encoder.finish()]);
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
    // A smaller step, and no error estimate for the first step after the restart (dtPrev = 0).
    const restartDt = Math.max(failed.dtPrev, failed.dt, 1e-12) / 4; // compounds: 4^retries overall
    device.queue.writeBuffer(b.control, StepControl.offsetOf('dt'), new Float32Array([restartDt, 0]));
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
    for (const s of this.snapshots) for (const buf of [s.spectrum, s.concentration, s.previousIncrement, s.control]) buf.destroy();
    this.stepper.dispose();
  }
}
