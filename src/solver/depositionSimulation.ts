/**
 * An electrodeposition scene as the viewport runs it (issue 21): the GPU step (ElectrodepositionStepper,
 * src/solver/electrodeposition.ts) behind the SceneSimulation interface that Simulation offers for the
 * Cahn-Hilliard family. Fields xi, c (c~ = c_Li+/c0) and phi [V]; the fixed step of the scene (time.dt)
 * up to time.tEnd, or steps chosen for accuracy (time.control "accuracy", src/solver/depositionStepControl.ts:
 * each advance() takes its steps at the size proposed from the latest estimate read back, up to the first
 * step past time.tEnd).
 *
 * Observables without reading the state back: after each advance() a small kernel
 * (deposition_observables.wgsl) writes per-cell terms, FieldReducer sums / bounds them on the GPU, and the
 * 9 records (144 bytes) come back through a ReadbackRing, a few frames late, as Simulation's history
 * does. The same quantities as the CLI's full-readback depositionObservables (electrodepositionObservables.ts),
 * plus the phase field's own free energy W l0^2 int [g(xi) + (1/2) a(theta) |grad xi|^2] dA per metre of depth
 * (the double well and the anisotropic gradient energy; the electrochemical energy is not part of it).
 * Nothing is awaited; an advance() of any number of steps creates one encoder and one readback promise
 * (two after a reset: the initial state's record too), as Simulation's chunks do.
 */
import observablesSource from '../../shaders/electrodeposition/deposition_observables.wgsl?raw';
import voltsSource from '../../shaders/electrodeposition/potential_volts.wgsl?raw';
import { createStorageBuffer } from '../gpu/buffers.ts';
import { withErrorScope, type GpuContext } from '../gpu/device.ts';
import { dispatchSize } from '../gpu/dispatch.ts';
import { bindBuffers, PipelineCache } from '../gpu/pipelineCache.ts';
import { ReadbackRing } from '../gpu/readbackRing.ts';
import { decodeFieldStats, FieldReducer, REDUCTION_RECORD_BYTES, type FieldReduction, type FieldStats } from '../gpu/reduction.ts';
import { composeShader } from '../gpu/shaderSource.ts';
import { FARADAY } from '../physics/constants.ts';
import { electrodepositionInternal, type ElectrodepositionInternal, type ElectrodepositionParameters } from '../physics/electrodeposition.ts';
import { electrodepositionParameters, type ElectrodepositionScene } from '../scene/electrodepositionSchema.ts';
import { ElectrodepositionParams, ElectrodepositionStepper } from './electrodeposition.ts';
import { initialDeposition } from './electrodepositionInitial.ts';
import { shortCircuited, type DepositionObservables } from './electrodepositionObservables.ts';
import { depositionStepLimit, nextDepositionStep, stepEstimate, stepsToReach } from './depositionStepControl.ts';
import type { DepositionGrid } from './electrodepositionReference.ts';
import type { Observables } from './observables.ts';
import type { FieldName, Grid, SceneSimulation } from './sceneSimulation.ts';

const WORKGROUP_SIZE = 256;
/** per-cell terms of deposition_observables.wgsl, in its order */
const TERMS = ['gradient', 'tip', 'barrier', 'gradientEnergy', 'faceGradient', 'deposit'] as const;
/** reduction records: the terms, then xi, c~, the rate dxi/dt and the step's error estimate */
const RECORDS = [...TERMS, 'xi', 'c', 'rate', 'estimate'] as const;
type Reduced = Record<(typeof RECORDS)[number], FieldStats>;

export class DepositionSimulation implements SceneSimulation {
  readonly model = 'electrodeposition';
  readonly grid: Grid;
  readonly stepper: ElectrodepositionStepper;
  latest: Observables | undefined;
  /** steps of a fixed-step run: time.tEnd / time.dt (Infinity with the accuracy control: the clock ends the run) */
  readonly totalSteps: number;
  private readonly p: ElectrodepositionParameters;
  private readonly q: ElectrodepositionInternal;
  private readonly depositionGrid: DepositionGrid;
  /** the step whose state (read back) showed a short circuit; the run ends there */
  private shortCircuitStep: number | undefined;
  private readonly listeners: ((o: Observables) => void)[] = [];
  private readonly ring: ReadbackRing;
  private readonly results: GPUBuffer;
  private readonly terms: GPUBuffer;
  private readonly initialXi: GPUBuffer;
  private readonly volts: GPUBuffer;
  private readonly observe: { pipeline: GPUComputePipeline; group: GPUBindGroup; dispatch: [number, number] };
  private readonly toVolts: { pipeline: GPUComputePipeline; group: GPUBindGroup; dispatch: [number, number] };
  private readonly reductions: FieldReduction[];
  private submittedSteps = 0;
  /** the clock after the submitted steps [s], and the step the accuracy control proposes next [s] */
  private submittedTime = 0;
  private proposed: number;
  private readonly dtMax: number;
  /** the clock, the last step's size and the size of the step before it [s], at each step whose observables were requested */
  private readonly clock = new Map<number, { time: number; dt: number; before: number }>();
  /** the size of the last submitted step [s] */
  private lastDt = 0;
  /** bumped by reset(): readbacks of an earlier run are dropped */
  private generation = 0;
  private pending: Promise<void>[] = [];
  private disposed = false;

  private constructor(
    readonly gpu: GpuContext,
    readonly scene: ElectrodepositionScene,
    cache: PipelineCache,
  ) {
    const device = gpu.device;
    this.p = electrodepositionParameters(scene);
    this.q = electrodepositionInternal(this.p);
    const cellsPerAxis = [...scene.grid.cells];
    const cells = cellsPerAxis.reduce((a, b) => a * b, 1);
    const dims = cellsPerAxis.length as 2 | 3;
    this.grid = { shape: cellsPerAxis, dims, cellCount: cells, size: [...scene.grid.size], spacing: cellsPerAxis.map((n, a) => scene.grid.size[a]! / n) };
    this.depositionGrid = initialDeposition(scene).grid;
    const control = scene.time.control;
    this.totalSteps = control.kind === 'fixed' ? Math.ceil(scene.time.tEnd / scene.time.dt - 1e-9) : Infinity;
    this.proposed = scene.time.dt;
    this.dtMax = depositionStepLimit(scene);
    this.stepper = new ElectrodepositionStepper(gpu, this.depositionGrid, this.q, scene.time.dt / this.q.scales.time, { cache });
    const label = 'DepositionSimulation';
    this.terms = createStorageBuffer(gpu, `${label}.terms`, TERMS.length * cells * 4);
    this.initialXi = createStorageBuffer(gpu, `${label}.initialXi`, cells * 4);
    this.volts = createStorageBuffer(gpu, `${label}.phiVolts`, cells * 4);
    this.results = createStorageBuffer(gpu, `${label}.results`, RECORDS.length * REDUCTION_RECORD_BYTES);
    const dispatch = dispatchSize(Math.ceil(cells / WORKGROUP_SIZE), gpu.limits.maxComputeWorkgroupsPerDimension);
    const pass = (name: string, source: string, bound: GPUBuffer[], constants: Record<string, number> = {}) => {
      const pipeline = cache.compute(`${label}.${name}`, composeShader(source, { structs: [ElectrodepositionParams] }), 'main', { WORKGROUP_SIZE, ...constants });
      return { pipeline, group: bindBuffers(device, `${label}.${name}`, pipeline, bound), dispatch };
    };
    const s = this.stepper;
    this.observe = pass('observables', observablesSource, [s.xi, s.phi, this.initialXi, this.terms, s.params]);
    this.toVolts = pass('volts', voltsSource, [s.phi, this.volts, s.params], { PHI0: this.q.scales.potential });
    const reducer = new FieldReducer(gpu, cache);
    this.reductions = [
      ...TERMS.map((name, k) => reducer.prepare(`${label}.${name}`, this.terms, this.results, k, cells, k * cells)),
      reducer.prepare(`${label}.xi`, s.xi, this.results, TERMS.length, cells),
      reducer.prepare(`${label}.c`, s.c, this.results, TERMS.length + 1, cells),
      reducer.prepare(`${label}.rate`, s.rate, this.results, TERMS.length + 2, cells),
      reducer.prepare(`${label}.estimate`, s.estimate, this.results, TERMS.length + 3, cells),
    ];
    this.ring = new ReadbackRing(device, RECORDS.length * REDUCTION_RECORD_BYTES, 4, `${label}.observables`);
  }

  /** Build the pipelines and buffers and upload the initial state (shader errors surface here). */
  static async create(gpu: GpuContext, scene: ElectrodepositionScene, options: { cache?: PipelineCache } = {}): Promise<DepositionSimulation> {
    const sim = await withErrorScope(gpu.device, () => {
      const s = new DepositionSimulation(gpu, scene, options.cache ?? new PipelineCache(gpu.device));
      s.reset();
      return s;
    });
    await gpu.device.queue.onSubmittedWorkDone();
    return sim;
  }

  /** The run has ended: its end time, or a short circuit (the tip within SHORT_CIRCUIT_GAP of x = L) seen in a state read back. */
  get finished(): boolean {
    return this.submittedSteps >= this.totalSteps || this.submittedTime >= this.scene.time.tEnd || this.shortCircuitStep !== undefined;
  }

  /** Steps recorded so far (the state the fields show once the queue has run them). */
  get submittedStep(): number {
    return this.submittedSteps;
  }

  fieldNames(): FieldName[] {
    return ['xi', 'c', 'phi'];
  }

  encodeField(encoder: GPUCommandEncoder, name: FieldName): GPUBuffer {
    if (name === 'xi') return this.stepper.xi;
    if (name === 'c') return this.stepper.c;
    if (name === 'phi') {
      const compute = encoder.beginComputePass({ label: 'DepositionSimulation.volts' });
      compute.setPipeline(this.toVolts.pipeline);
      compute.setBindGroup(0, this.toVolts.group);
      compute.dispatchWorkgroups(...this.toVolts.dispatch);
      compute.end();
      return this.volts;
    }
    throw new Error(`field "${name}" is not available in this scene (available: ${this.fieldNames().join(', ')})`);
  }

  onObservables(listener: (o: Observables) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /**
   * Back to the initial state (same GPU objects). As Simulation does, the initial state's observables
   * (step 0) come with the first advance() after it, so that listeners registered after create() or
   * reset() see them.
   */
  reset(): void {
    const { state } = initialDeposition(this.scene);
    this.stepper.upload(state);
    this.gpu.device.queue.writeBuffer(this.initialXi, 0, Float32Array.from(state.xi));
    this.submittedSteps = 0;
    this.submittedTime = 0;
    this.proposed = this.scene.time.dt;
    this.stepper.setDt(this.proposed / this.q.scales.time);
    this.clock.clear();
    this.lastDt = this.proposed;
    this.clock.set(0, { time: 0, dt: this.proposed, before: this.proposed });
    this.shortCircuitStep = undefined;
    this.generation++;
    this.latest = undefined;
  }

  /** Record and submit up to `steps` steps (fewer at the end time) and the observables of the state they reach. */
  advance(steps: number): void {
    if (this.disposed || this.finished) return;
    let n = Math.min(Math.max(0, Math.floor(steps)), this.totalSteps - this.submittedSteps);
    if (n <= 0) return;
    let dt = this.scene.time.dt;
    if (this.scene.time.control.kind === 'accuracy') {
      // the proposed step, up to the first step past t_end (as the CLI's run)
      dt = this.proposed;
      n = Math.min(n, stepsToReach(this.submittedTime, this.scene.time.tEnd, dt));
      this.stepper.setDt(dt / this.q.scales.time);
    }
    const encoder = this.gpu.device.createCommandEncoder({ label: 'DepositionSimulation.advance' });
    // queue order: the results buffer is copied out before the next reduction overwrites it
    const reads: [Promise<ArrayBuffer> | null, number][] = [];
    if (this.submittedSteps === 0) reads.push([this.encodeObservables(encoder), 0]);
    this.stepper.encodeSteps(encoder, n);
    this.submittedSteps += n;
    this.submittedTime = this.scene.time.control.kind === 'fixed' ? this.submittedSteps * dt : this.submittedTime + n * dt;
    this.clock.set(this.submittedSteps, { time: this.submittedTime, dt, before: n > 1 ? dt : this.lastDt });
    this.lastDt = dt;
    reads.push([this.encodeObservables(encoder), this.submittedSteps]);
    this.gpu.device.queue.submit([encoder.finish()]);
    this.ring.submitted();
    for (const [data, step] of reads) this.receive(data, step);
  }

  /** Record the reductions of the current state and the copy of their records into a readback slot (null: none free). */
  private encodeObservables(encoder: GPUCommandEncoder): Promise<ArrayBuffer> | null {
    const compute = encoder.beginComputePass({ label: 'DepositionSimulation.observables' });
    compute.setPipeline(this.observe.pipeline);
    compute.setBindGroup(0, this.observe.group);
    compute.dispatchWorkgroups(...this.observe.dispatch);
    for (const r of this.reductions) r.encode(compute);
    compute.end();
    return this.ring.copy(encoder, this.results);
  }

  private receive(data: Promise<ArrayBuffer> | null, step: number): void {
    if (!data) return; // every slot in flight: this state goes unobserved, a later one is read back
    const generation = this.generation;
    const done = data.then(
      (buffer) => {
        if (this.disposed || generation !== this.generation) return;
        // after a short circuit the states the queue still ran are not shown: the run ended there
        if (this.shortCircuitStep !== undefined && step > this.shortCircuitStep) return;
        this.adapt(buffer, step);
        const o = this.decode(buffer, step);
        if (o.deposition?.shortCircuit) this.shortCircuitStep = step;
        this.latest = o;
        for (const l of this.listeners) l(o);
      },
      (error: unknown) => {
        if (!this.disposed) throw error; // mapping is aborted when the simulation is disposed mid-flight
      },
    );
    this.pending.push(done);
    void done.finally(() => {
      this.pending = this.pending.filter((x) => x !== done);
    });
  }

  /**
   * The accuracy control: the step proposed from the estimate of the last step before `step` (valid from step 2;
   * stepEstimate). The estimate is a few frames old when it arrives; the steps
   * submitted meanwhile took the previous proposal.
   */
  private adapt(buffer: ArrayBuffer, step: number): void {
    const control = this.scene.time.control;
    const taken = this.clock.get(step);
    if (control.kind !== 'accuracy' || step < 2 || !taken) return;
    const estimate = stepEstimate(decodeFieldStats(buffer, RECORDS.indexOf('estimate')).max, taken.dt, taken.before, this.proposed);
    this.proposed = nextDepositionStep(this.proposed, estimate, control.tolerance, this.dtMax);
  }

  /** The reductions of the state after `step` steps, in SI (the definitions of depositionObservables). */
  private decode(buffer: ArrayBuffer, step: number): Observables {
    const r = Object.fromEntries(RECORDS.map((name, k) => [name, decodeFieldStats(buffer, k)])) as Reduced;
    const { p, q } = this;
    const [nx, ny, nz = 1] = this.grid.shape;
    const threeD = this.grid.dims === 3;
    const l0 = q.scales.length;
    const lengths = this.depositionGrid.lengths;
    const h = lengths[0] / nx;
    // the electrode's width (2D) or area (3D), internal units
    const width = lengths[1] * (threeD ? lengths[2]! : 1);
    // the cell's area (2D, per unit depth) or volume (3D)
    const area = threeD ? h * h * h : h * h;
    // step 0 has no step behind it: its rate (and phi, the initial linear guess) is not a solution yet
    const started = step > 0;
    // energies per metre of depth (3D: of the box): W l0^2 (W l0^3) times the internal integrals (W = kappa0 = 1 there)
    const energy = p.barrierHeight * l0 * l0 * (threeD ? l0 : 1) * area;
    const deposition: DepositionObservables = {
      tipX: r.tip.max * l0,
      interfaceLengthPerWidth: (r.gradient.sum * area) / width,
      depositedLithium: (p.siteDensity * r.deposit.sum * area * l0) / width,
      currentDensity: started ? (p.electrons * FARADAY * p.siteDensity * r.rate.sum * area * l0) / (width * q.scales.time) : 0,
      electrolyteCurrentDensity: started ? ((p.conductivity.electrolyte * r.faceGradient.sum) / (ny * nz)) * (q.scales.potential / l0) : 0,
      cMin: r.c.min,
      cMax: r.c.max,
      xiMin: r.xi.min,
      xiMax: r.xi.max,
      barrierEnergy: r.barrier.sum * energy,
      gradientEnergy: r.gradientEnergy.sum * energy,
    };
    if (shortCircuited(deposition.tipX, lengths[0] * l0, l0)) deposition.shortCircuit = true;
    const cells = this.grid.cellCount;
    const clock = this.clock.get(step) ?? { time: step * this.scene.time.dt, dt: this.scene.time.dt, before: this.scene.time.dt };
    // this state's entry and those of states that went unobserved (no readback slot was free)
    for (const k of this.clock.keys()) if (k <= step) this.clock.delete(k);
    const done = step >= this.totalSteps || clock.time >= this.scene.time.tEnd;
    return {
      step,
      time: clock.time,
      dt: done ? 0 : clock.dt,
      freeEnergy: deposition.barrierEnergy + deposition.gradientEnergy,
      bulkEnergy: deposition.barrierEnergy,
      gradientEnergy: deposition.gradientEnergy,
      // integral of c~ over the box [m^2 per metre of depth; m^3 in 3D]
      mass: r.c.sum * area * l0 * l0 * (threeD ? l0 : 1),
      cMean: r.c.sum / cells,
      cMin: r.c.min,
      cMax: r.c.max,
      truncationError: NaN,
      elasticEnergy: 0,
      sigmaVmMax: NaN,
      sigma1Max: NaN,
      hotspotFraction: NaN,
      sigma1Particle: NaN,
      sigma1Matrix: NaN,
      interfaceTension: NaN,
      elasticResidual: 0,
      elasticIterations: 0,
      status: done || deposition.shortCircuit ? 'done' : 'running',
      // no cell voltage: the electrode is held at a potential (the voltage plot stays off)
      voltage: 0,
      current: deposition.currentDensity,
      capacity: 0,
      deposition,
    };
  }

  async settle(): Promise<void> {
    await Promise.all(this.pending);
  }

  dispose(): void {
    this.disposed = true;
    this.ring.dispose();
    for (const r of this.reductions) r.dispose();
    for (const b of [this.terms, this.initialXi, this.volts, this.results]) b.destroy();
    this.stepper.dispose();
  }
}
