/**
 * `spinode run SCENE [--out DIR] [--t-end T] [--steps N] [--set path=json]... [--resume DIR]`
 * (DESIGN.md 4.1, 4.2). Writes run.json, timeseries.csv (every step's record, decimated by
 * output.timeseriesEvery), fields/NNNNNNNN.vti + fields.vti.series, snapshots/NNNNNNNN.png, a
 * free-energy plot, and checkpoint/ (atomically, every --checkpoint-every seconds and on SIGINT/SIGTERM).
 * Exit codes: 0 done, 1 runtime failure (last good state checkpointed), 2 bad input, 130 interrupted.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { acquireNodeGpu } from '../gpu/nodeGpu.ts';
import type { GpuContext } from '../gpu/device.ts';
import type { PipelineCache } from '../gpu/pipelineCache.ts';
import { formatBytes } from '../gpu/buffers.ts';
import { resolveScene, SceneError, type Spec } from '../scene/resolve.ts';
import { interfaceWarnings } from '../scene/warnings.ts';
import { Simulation, SimulationFailure, type Observables } from '../solver/simulation.ts';
import { estimateMemory } from '../solver/memory.ts';
import { chemicalPotentialField } from '../solver/chemicalPotential.ts';
import { chrChemicalPotentialField } from '../solver/chrChemicalPotential.ts';
import { transportReport } from '../analysis/sceneTransport.ts';
import { compositeReport, elasticIndicator, particleIndicator } from '../solver/geometry.ts';
import { outputLayout } from '../io/outputLayout.ts';
import { RunJson } from '../io/runJson.ts';
import { TimeseriesWriter } from '../io/timeseriesWriter.ts';
import { timeseriesColumns } from '../io/timeseries.ts';
import { encodeVti } from '../io/vti.ts';
import { encodeVtkSeries, type SeriesEntry } from '../io/vtkSeries.ts';
import { encodeFieldPng } from '../io/png.ts';
import { writeCheckpoint, readCheckpoint, CheckpointError } from '../io/checkpoint.ts';
import { writeFileAtomic } from '../io/atomicWrite.ts';
import { sceneHash } from '../io/sceneHash.ts';
import { readRunJson } from '../io/runJson.ts';
import { writeQoiJson } from '../io/qoiJson.ts';
import { createProgress } from '../io/progress.ts';
import { renderLinePlotPng } from '../io/linePlot.ts';
import { BoundedCurve } from '../analysis/boundedCurve.ts';
import { findHotspots, HotspotTracker } from '../analysis/hotspots.ts';
import { cellPhases, criterionStress, hasStrength, phaseStrengths } from '../analysis/phaseStrength.ts';
import { hotspotCsvHeader, hotspotCsvRows } from '../io/hotspotsCsv.ts';
import { encodeHotspotPng } from '../io/hotspotImage.ts';
import { applyOverride, loadSceneArgument } from './sceneArgument.ts';
import { embedMaskFile } from './maskFile.ts';
import { InputError } from './inputError.ts';
import { checkDepositionResume, parseElectrodepositionScene, runElectrodeposition } from './electrodepositionRun.ts';
import { isElectrodepositionScene } from '../scene/electrodepositionSchema.ts';
import { ProtocolController } from '../solver/protocolController.ts';
import { electrochemistryReport } from './electrochemistryReport.ts';
import { ThermalCoupling, thermalSetup, type ThermalCouplingState } from '../solver/thermalCoupling.ts';
import { AllenCahnReactionStepper } from '../solver/allenCahnReaction.ts';
import { CahnHilliardReactionStepper } from '../solver/cahnHilliardReaction.ts';
import { readFloat32 } from '../gpu/buffers.ts';
import { CycleStressHistory, cycleAt } from '../analysis/cycleStressHistory.ts';
import { writeStressHistory } from './stressHistoryReport.ts';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_RUNTIME_FAILURE } from './exitCodes.ts';
import { watchInterrupts } from './interruptWatch.ts';

export interface RunOptions {
  out?: string;
  tEnd?: string;
  steps?: string;
  untilStep?: string;
  set?: string[];
  resume?: string;
  checkpointEvery?: string;
  quiet?: boolean;
}

function positiveNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!Number.isFinite(v) || v <= 0) throw new InputError(`${flag} ${text}: expected a positive number`);
  return v;
}

function resolveOrExplain(json: unknown, source: string): Spec {
  try {
    return resolveScene(json);
  } catch (e) {
    if (e instanceof SceneError) throw new InputError(`${source}: invalid scene:\n  ${e.lines().join('\n  ')}`);
    throw e;
  }
}

/** Whether stderr reaches a terminal (bin/spinode runs the command with stderr through a filter and says so). */
function stderrIsTerminal(): boolean {
  const told = process.env.SPINODE_STDERR_TTY;
  return told === undefined ? Boolean(process.stderr.isTTY) : told === '1';
}

/**
 * stderr as the progress bar should see it: behind bin/spinode's filter it is a pipe to a terminal, so
 * the bar (cli-progress, which asks the stream) gets a stream that says it is one, with the terminal's width.
 */
function progressStream(): NodeJS.WritableStream {
  if (process.stderr.isTTY || !stderrIsTerminal()) return process.stderr;
  const columns = Number(process.env.COLUMNS) || 80;
  return Object.assign(Object.create(process.stderr) as NodeJS.WriteStream, { isTTY: true, columns, write: process.stderr.write.bind(process.stderr) });
}

/**
 * Times at which fields are written: log-spaced over three decades up to tEnd (coarsening is logarithmic).
 * With `output.landOnFrames`, runs whose stepper lands on times (Simulation.landOn: the Cahn-Hilliard
 * steppers) end a step on each of them, so each frame holds the state at its time; otherwise (and for the
 * reaction steppers) a frame is written at the first pause after its time (docs/outputs.md, "fields/NNNNNNNN.vti").
 */
export function frameTimes(tEnd: number, frames: number): number[] {
  if (frames <= 0) return [];
  if (frames === 1) return [tEnd];
  return Array.from({ length: frames }, (_, i) => tEnd * 10 ** (-3 + (3 * i) / (frames - 1)));
}

/**
 * What a caller that runs many scenes in one process shares between them (`spinode sweep run
 * --in-process`): the GPU device, the compiled pipelines, and where the run's console lines go.
 */
export interface SharedRunContext {
  gpu: GpuContext;
  cache: PipelineCache;
  /** the run's console text (warnings, the summary line, a failure line) */
  say: (text: string) => void;
}

export async function runCommand(sceneArg: string, options: RunOptions, argv: string[], shared?: SharedRunContext): Promise<number> {
  const say = shared?.say ?? ((text: string) => void process.stderr.write(text));
  // ---- everything that can be wrong with the input is checked before any GPU work
  const { json, source } = loadSceneArgument(sceneArg);
  for (const s of options.set ?? []) applyOverride(json, s);
  embedMaskFile(json, source);
  const tEndOverride = positiveNumber('--t-end', options.tEnd);
  if (tEndOverride !== undefined) applyOverride(json, `time.tEnd=${tEndOverride}`);
  const maxSteps = positiveNumber('--steps', options.steps);
  if (maxSteps !== undefined && !Number.isInteger(maxSteps)) throw new InputError(`--steps ${options.steps}: expected a whole number`);
  const untilStep = positiveNumber('--until-step', options.untilStep);
  if (untilStep !== undefined && !Number.isInteger(untilStep)) throw new InputError(`--until-step ${options.untilStep}: expected a whole number`);
  const checkpointEvery = positiveNumber('--checkpoint-every', options.checkpointEvery) ?? 300;
  if (isElectrodepositionScene(json)) {
    if (maxSteps !== undefined || untilStep !== undefined) throw new InputError('--steps and --until-step are not available for electrodeposition scenes yet (docs/electrodeposition.md)');
    const scene = parseElectrodepositionScene(json, source);
    const hashes = { sceneHash: await sceneHash(scene), sceneHashWithoutEnd: await sceneHash({ ...scene, time: { ...scene.time, tEnd: undefined } }) };
    const outDir = options.resume ?? options.out ?? join('runs', scene.name);
    let resume: Awaited<ReturnType<typeof readCheckpoint>> | undefined;
    if (options.resume) {
      try {
        resume = await readCheckpoint(outputLayout(outDir).checkpoint);
      } catch (e) {
        if (e instanceof CheckpointError) throw new InputError(`--resume ${options.resume}: ${e.message}`);
        throw e;
      }
      checkDepositionResume(resume, scene, hashes, options.resume);
    }
    const gpu: GpuContext = shared?.gpu ?? (await acquireNodeGpu({ label: 'spinode-run' }));
    const progress = options.quiet ? undefined : createProgress({ tEnd: scene.time.tEnd, units: 's', isTTY: stderrIsTerminal(), stream: progressStream() });
    try {
      // --quiet keeps the error, warning and interruption lines
      const sayRun = options.quiet ? (text: string) => (/^(error|warning|interrupted)\b/.test(text) ? say(text) : undefined) : say;
      return await runElectrodeposition(scene, outDir, argv, sayRun, { gpu, cache: shared?.cache, progress }, { ...hashes, every: checkpointEvery, resume });
    } finally {
      progress?.stop();
      if (!shared) gpu.dispose();
    }
  }
  const spec = resolveOrExplain(json, source);
  for (const w of interfaceWarnings(spec)) say(`warning: ${w}\n`);
  const hash = await sceneHash(spec.scene);
  // the scene but its end time: a finished run may be extended to a later t_end
  const hashWithoutEnd = await sceneHash({ ...spec.scene, time: { ...spec.scene.time, tEnd: undefined } });
  const outDir = options.resume ?? options.out ?? join('runs', spec.scene.name);
  const layout = outputLayout(outDir);
  let resumeFrom: Awaited<ReturnType<typeof readCheckpoint>> | undefined;
  if (options.resume) {
    try {
      resumeFrom = await readCheckpoint(layout.checkpoint);
    } catch (e) {
      if (e instanceof CheckpointError) throw new InputError(`--resume ${options.resume}: ${e.message}`);
      throw e;
    }
    const sameButEnd = resumeFrom.meta.controller.sceneHashWithoutEnd === hashWithoutEnd;
    if (resumeFrom.meta.sceneHash !== hash && !sameButEnd) {
      const previous = await readRunJson(layout.runJson).catch(() => undefined);
      throw new InputError(
        `--resume ${options.resume}: the checkpoint belongs to a different scene (${previous ? `run.json says "${(previous.scene as { name?: string }).name}"` : 'hash mismatch'}); give the same SCENE and --set options as the original run (only --t-end may differ)`,
      );
    }
    if (resumeFrom.meta.controller.protocolComplete === true) {
      throw new InputError(`--resume ${options.resume}: the run ended with its protocol complete; there is nothing to continue (add protocol steps or cycles in a new run)`);
    }
    const tEnd = spec.scene.time.tEnd;
    if (resumeFrom.meta.time >= tEnd * (1 - 1e-6)) {
      throw new InputError(
        `--resume ${options.resume}: the run already reached t = ${resumeFrom.meta.time} (t_end ${tEnd}); give a later --t-end to extend it`,
      );
    }
    if (untilStep !== undefined && untilStep <= resumeFrom.meta.step) {
      throw new InputError(`--until-step ${untilStep}: the checkpoint is already at step ${resumeFrom.meta.step}`);
    }
  }

  // ---- GPU: check the memory the scene needs against the device before allocating
  const gpu: GpuContext = shared?.gpu ?? (await acquireNodeGpu({ label: 'spinode-run' }));
  try {
    const memory = estimateMemory(spec);
    const perBuffer = Math.min(gpu.limits.maxStorageBufferBindingSize, gpu.limits.maxBufferSize);
    if (memory.largestBuffer > perBuffer) {
      throw new InputError(
        `grid ${spec.shape.join(' x ')} is too large for this device: it needs ${formatBytes(memory.largestBuffer)} in one buffer ` +
          `(${formatBytes(memory.total)} in all) but "${gpu.adapterInfo.description || gpu.adapterInfo.vendor}" allows ${formatBytes(perBuffer)} per buffer`,
      );
    }
    return await execute(gpu, spec, { hash, hashWithoutEnd }, layout, { maxSteps, untilStep, checkpointEvery, resumeFrom, argv, quiet: options.quiet ?? false, say, cache: shared?.cache });
  } finally {
    if (!shared) gpu.dispose();
  }
}

interface ExecuteOptions {
  /** --steps: at most this many steps in this invocation */
  maxSteps?: number;
  /** --until-step: stop at this absolute step number */
  untilStep?: number;
  checkpointEvery: number;
  resumeFrom?: Awaited<ReturnType<typeof readCheckpoint>>;
  argv: string[];
  quiet: boolean;
  say: (text: string) => void;
  /** compiled pipelines shared with other runs in this process */
  cache?: PipelineCache;
}

/** Checkpoint field names of a finished run's continuation state (Simulation.saveState) carry this prefix. */
const CONTINUATION = 'continuation_';

async function execute(gpu: GpuContext, spec: Spec, hashes: { hash: string; hashWithoutEnd: string }, layout: ReturnType<typeof outputLayout>, options: ExecuteOptions): Promise<number> {
  const hash = hashes.hash;
  const say = options.say;
  mkdirSync(layout.fieldsDir, { recursive: true });
  mkdirSync(layout.snapshotsDir, { recursive: true });
  const sim = await Simulation.create(gpu, spec, { continuation: true, cache: options.cache });
  // electrochemistry: the cycler between chunks, voltage/current/capacity columns (docs/outputs.md)
  const protocol = ProtocolController.for(sim.stepper);
  const report = electrochemistryReport(spec);
  const elastic = spec.elasticity !== undefined;
  // thermal coupling (issue #11): the lumped temperature drives the kinetics, updated between chunks
  const thermalInputs = thermalSetup(spec);
  const stepper = sim.stepper;
  const thermal =
    thermalInputs && stepper instanceof AllenCahnReactionStepper
      ? new ThermalCoupling(thermalInputs, { setTemperature: (kelvin) => stepper.setTemperature(kelvin), submittedStep: () => sim.submittedStep })
      : undefined;
  if (thermalInputs && !thermal) throw new InputError('thermal: the thermal coupling needs an ACR electrochemistry scene (model.reaction.mode "acr")');
  for (const w of thermal?.warnings ?? []) say(`warning: ${w}\n`);
  // inhomogeneous moduli: the fixed point's relative residual and running iteration count per row
  const iterativeElasticity = spec.elasticity !== undefined && !spec.elasticity.homogeneous;
  // a CHR particle in an electrolyte or pore (issue 19): stress by region per row, the history over cycles
  const firstHotspotTime = stepper instanceof CahnHilliardReactionStepper ? stepper.hotspotFirstTime : undefined;
  const stressHistory = protocol && firstHotspotTime ? new CycleStressHistory() : undefined;
  const regionColumns = firstHotspotTime ? ['sigma_1_particle_max', 'sigma_1_electrolyte_max', 'interface_tension_max'] : [];
  const columns = timeseriesColumns({
    electrochemistry: protocol !== undefined,
    elasticity: elastic,
    extra: [...(thermal ? ['temperature'] : []), ...(iterativeElasticity ? ['elastic_residual', 'elastic_iterations'] : []), ...regionColumns],
  });
  // hot spots (issue #10): regions of the GPU indicator at every field frame, followed across frames
  // each phase of a particle in a matrix against its own strength; regions grouped within one phase
  const strengths = phaseStrengths(spec.elasticity);
  const strength = hasStrength(strengths);
  const hotspotPhases = spec.elasticity?.matrixStiffness ? cellPhases(elasticIndicator(spec)!) : undefined;
  const hotspotTracker = strength ? new HotspotTracker() : undefined;
  const hotspotsCsv = join(layout.root, 'hotspots.csv');
  if (strength && (!options.resumeFrom || !existsSync(hotspotsCsv))) await writeFile(hotspotsCsv, hotspotCsvHeader());
  const every = spec.scene.output.timeseriesEvery;
  const resume = options.resumeFrom;
  let series: SeriesEntry[] = [];
  if (resume) {
    // A finished run is continued from the state before its landing on t_end (the continuation), so that
    // a later t_end gives exactly the steps of one uninterrupted run; otherwise from the saved state.
    const continuation = resume.meta.controller.continuation as Record<string, unknown> | undefined;
    if (continuation) {
      const fields = new Map([...resume.fields].filter(([name]) => name.startsWith(CONTINUATION)).map(([name, v]) => [name.slice(CONTINUATION.length), v]));
      sim.restoreState(fields, continuation);
    } else {
      sim.restoreState(new Map([...resume.fields].filter(([name]) => !name.startsWith(CONTINUATION))), resume.meta.controller);
    }
    // frames after the state we continue from are not on the new trajectory (the landing on the old t_end)
    const from = sim.current.step;
    const stale = ((resume.meta.controller.series as SeriesEntry[] | undefined) ?? []).filter((e) => Number(e.name.slice(0, 8)) > from);
    for (const e of stale) {
      const step = Number(e.name.slice(0, 8));
      for (const file of [layout.fieldFile(step), layout.snapshotFile(step), layout.snapshotFile(step).replace(/\.png$/, '_sigma_1.png'), layout.snapshotFile(step).replace(/\.png$/, '_hotspot.png')]) rmSync(file, { force: true });
    }
    series = ((resume.meta.controller.series as SeriesEntry[] | undefined) ?? []).filter((e) => !stale.includes(e));
    protocol?.restore(resume.meta.controller.protocol); // the cycler's position (electrochemistry)
    stressHistory?.restore(resume.meta.controller.stressHistory);
    // the lumped body's temperature and heat (at the continuation's start when continuing from there)
    thermal?.restore(((continuation ?? resume.meta.controller).thermal ?? resume.meta.controller.thermal) as ThermalCouplingState | undefined);
  }
  thermal?.start();
  // before chunks at multiples of 64 steps: advance the lumped thermal model, write the new temperature (no waiting)
  if (thermal) sim.onChunk((step) => thermal.beforeChunk(step));
  const startStep = sim.current.step;
  const timeseries = resume ? await TimeseriesWriter.resume(layout.timeseries, columns, startStep - 1) : await TimeseriesWriter.create(layout.timeseries, columns);
  const run = await RunJson.start(layout.runJson, {
    scene: spec.scene,
    sceneHash: hash,
    adapter: gpu.adapterInfo,
    command: ['spinode', ...options.argv],
    resumedFrom: resume ? { checkpoint: layout.checkpoint, step: startStep } : undefined,
    steps: startStep,
    rejectedSteps: sim.current.rejected,
    time: sim.current.time,
    electrochemistry: report && thermal ? { ...report, thermal: thermal.report() } : report,
    transport: transportReport(spec),
    composite: compositeReport(spec),
  });
  const units = spec.scene.units === 'SI' ? 's' : '';
  // --steps counts the steps of this invocation, --until-step the run's step number; the earlier one wins
  const limits = [options.maxSteps === undefined ? undefined : startStep + options.maxSteps, options.untilStep].filter((v): v is number => v !== undefined);
  const stepLimit = limits.length ? Math.min(...limits) : undefined;
  const progress = options.quiet
    ? undefined
    : createProgress({ tEnd: spec.scene.time.tEnd, stepEnd: stepLimit, units, isTTY: stderrIsTerminal(), stream: progressStream() });
  // field frames' times (the states landed there have a row however the rows are decimated)
  const frames = frameTimes(spec.scene.time.tEnd, spec.scene.output.fieldFrames);
  // the state has reached frame time t: in float32 a landed clock may end a rounding below it (step_control.wgsl's test)
  const reached = (time: number, t: number) => time >= t - t * 1e-6;
  const onFrameTime = (time: number) => every > 1 && frames.some((t) => Math.abs(time - t) <= t * 1e-6);
  let lastEnergy: [number, number] | undefined;
  const energy = new BoundedCurve(); // the free-energy plot, in bounded memory however long the run
  const voltageCurve = new BoundedCurve(); // electrochemistry: voltage vs capacity
  sim.onObservables((o: Observables) => {
    if (o.step % every === 0 || o.status !== 'running' || onFrameTime(o.time)) {
      timeseries.append({
        step: o.step, time: o.time, dt: o.dt, free_energy: o.freeEnergy, mass: o.mass, c_mean: o.cMean, c_min: o.cMin, c_max: o.cMax,
        ...(elastic ? { elastic_energy: o.elasticEnergy, sigma_vm_max: o.sigmaVmMax, sigma_1_max: o.sigma1Max, hotspot_fraction: o.hotspotFraction, bulk_energy: o.bulkEnergy, gradient_energy: o.gradientEnergy } : {}),
        ...(iterativeElasticity ? { elastic_residual: o.elasticResidual, elastic_iterations: o.elasticIterations } : {}),
        ...(protocol ? { voltage: o.voltage, current: o.current, capacity: o.capacity } : {}),
        ...(thermal ? { temperature: thermal.temperatureAt(o.step) } : {}),
        ...(firstHotspotTime ? { sigma_1_particle_max: o.sigma1Particle, sigma_1_electrolyte_max: o.sigma1Matrix, interface_tension_max: o.interfaceTension } : {}),
      });
    }
    energy.add(o.time, o.freeEnergy);
    lastEnergy = [o.time, o.freeEnergy];
    progress?.update({ step: o.step, time: o.time });
    thermal?.observe(o);
    if (protocol) {
      protocol.observe(o);
      stressHistory?.observe(o, cycleAt(protocol.switches, o.time));
      if (o.status !== 'done') voltageCurve.add(o.capacity, o.voltage);
    }
  });

  // output.landOnFrames: the steps land on the frame times (the step before each is shortened to end on it),
  // where the stepper can
  const landing = spec.scene.output.landOnFrames && sim.landOn(frames);
  let nextFrame = frames.findIndex((t) => !reached(sim.current.time, t));
  if (nextFrame < 0) nextFrame = frames.length;
  const interrupts = watchInterrupts();
  let lastCheckpoint = performance.now();

  // a CHR particle's snapshots grey out the surrounding box (psi < 1/2), whose c is only a numerical extension
  const chr = spec.scene.model.reaction?.mode === 'chr';
  const particle = chr ? particleIndicator(spec) : undefined;
  const writeFrame = async () => {
    const { step, time } = sim.current;
    const c = await sim.readConcentration();
    const mu = chr ? chrChemicalPotentialField(spec, c) : chemicalPotentialField(spec, c);
    const pointData: [string, Float32Array][] = [['c', c], ['mu', mu]];
    // mu above: the float64 twin (with the uniform mean-strain term of homogeneous elasticity, or the CHR
    // particle's smoothed-boundary form and free-particle coherency term)
    for (const name of sim.fieldNames()) if (name !== 'c' && name !== 'mu') pointData.push([name, await sim.readField(name)]);
    await writeFileAtomic(layout.fieldFile(step), encodeVti({ shape: spec.shape as [number, number], spacing: spec.spacing, pointData, time, step }), { durable: false });
    series = [...series.filter((e) => e.name !== `${layout.fieldFile(step).split('/').pop()}`), { name: layout.fieldFile(step).split('/').pop()!, time }];
    await writeFileAtomic(layout.fieldsSeries, encodeVtkSeries(series), { durable: false });
    const { png } = encodeFieldPng(c, spec.shape, { name: 'c', colormap: 'viridis', range: { min: 0, max: 1 }, mask: particle, scale: Math.max(1, Math.floor(512 / spec.shape[0])), text: { step: String(step), time: String(time) } });
    await writeFile(layout.snapshotFile(step), png);
    const field = (name: string) => pointData.find(([n]) => n === name)?.[1];
    const sigma1 = field('sigma_1');
    if (sigma1) {
      const stressPng = encodeFieldPng(sigma1, spec.shape, { name: 'sigma_1', colormap: 'rdbu', range: 'symmetric', scale: Math.max(1, Math.floor(512 / spec.shape[0])), text: { step: String(step), time: String(time) } });
      await writeFile(layout.snapshotFile(step).replace(/\.png$/, '_sigma_1.png'), stressPng.png);
    }
    const indicator = field('hotspot');
    if (hotspotTracker && indicator && sigma1) {
      const criterion = criterionStress(sigma1, field('sigma_vm'), strengths, hotspotPhases);
      const regions = hotspotTracker.update(findHotspots(indicator, criterion, spec.shape, spec.spacing, true, hotspotPhases), time);
      await appendFile(hotspotsCsv, hotspotCsvRows(step, time, regions));
      const outlined = encodeHotspotPng(sigma1, indicator, spec.shape, { scale: Math.max(1, Math.floor(512 / spec.shape[0])), text: { step: String(step), time: String(time) } });
      await writeFile(layout.snapshotFile(step).replace(/\.png$/, '_hotspot.png'), outlined);
    }
  };
  let protocolComplete = false;
  const checkpoint = async () => {
    const state = await sim.saveState();
    // the thermal coupling as it was at the continuation's earlier start
    if (thermal && state.continuation) state.continuation.counters.thermal = thermal.stateAt(Number(state.continuation.counters.submittedSteps));
    const { step, time, dt } = sim.current;
    timeseries.flush();
    const fields = [...state.fields, ...(state.continuation?.fields.map(([name, v]) => [`${CONTINUATION}${name}`, v] as [string, Float32Array]) ?? [])];
    const controller = {
      ...state.counters,
      sceneHashWithoutEnd: hashes.hashWithoutEnd,
      ...(state.continuation ? { continuation: state.continuation.counters } : {}),
      series,
      ...(protocol ? { protocol: protocol.state() } : {}),
      ...(thermal ? { thermal: thermal.state() } : {}),
      ...(stressHistory ? { stressHistory: stressHistory.state() } : {}),
      ...(protocolComplete ? { protocolComplete } : {}),
    };
    await writeCheckpoint(layout.checkpoint, { meta: { step, time, dt, sceneHash: hash, controller }, fields });
    await run.update({ steps: step, rejectedSteps: sim.current.rejected, time });
    lastCheckpoint = performance.now();
  };

  // A frame is due once the state has passed the next frame time; pauses for checkpoints or a signal
  // write none of their own (fieldFrames = 0 means the final state only).
  const writeDueFrame = async () => {
    let due = false;
    while (nextFrame < frames.length && reached(sim.current.time, frames[nextFrame])) {
      nextFrame++;
      due = true;
    }
    if (due) await writeFrame();
  };

  // The GPU holds the state once a protocol step has ended, until the host's poll sees it; the chunks in
  // flight by then run as held steps. With the iterative elasticity a held step still costs its solve
  // (~0.5 s at 24^3 on lavapipe), and two chunks of 64 held 3 minutes at every switch: short chunks then.
  const switchChunk = protocol && iterativeElasticity ? 8 : undefined;
  let status: 'done' | 'failed' | 'interrupted' = 'done';
  let error: string | undefined;
  try {
    if (!resume && frames.length > 0) await writeFrame(); // the initial state
    for (;;) {
      const remaining = stepLimit === undefined ? undefined : stepLimit - sim.current.step;
      const outcome = await sim.advanceUntil({
        maxSteps: remaining,
        chunk: switchChunk,
        pauseWhen: () =>
          interrupts.signal !== undefined ||
          (!landing && nextFrame < frames.length && (sim.latest?.time ?? 0) >= frames[nextFrame]) ||
          (performance.now() - lastCheckpoint) / 1000 > options.checkpointEvery ||
          (protocol?.due() ?? false),
      });
      // the end comes before a signal that arrived during the last chunk: the run has reached it, and an
      // "interrupted" checkpoint at t_end could not be resumed
      if (outcome === 'done' || outcome === 'limit') {
        if (outcome === 'limit') await sim.finish();
        await writeFrame(); // the final state
        await checkpoint(); // every run can be continued (issue #25)
        break;
      }
      if (interrupts.signal) {
        await writeDueFrame(); // else lost: the resumed run starts after its time
        await checkpoint();
        status = 'interrupted';
        break;
      }
      await writeDueFrame();
      if (outcome === 'landed') continue; // on a frame time: the next advanceUntil goes on from it
      // a cycled particle in an electrolyte: a frame at every cut-off as well (where the stress peaks)
      if (stressHistory && protocol?.due() && !series.some((e) => e.name === layout.fieldFile(sim.current.step).split('/').pop())) await writeFrame();
      if (protocol?.due() && !protocol.next(sim.current)) {
        protocolComplete = true;
        await sim.finish(); // the protocol is complete
        await writeFrame();
        await checkpoint();
        break;
      }
      if ((performance.now() - lastCheckpoint) / 1000 > options.checkpointEvery) await checkpoint();
    }
  } catch (e) {
    if (!(e instanceof SimulationFailure)) throw e;
    status = 'failed';
    error = e.message;
    // The state on the GPU is the last good snapshot restored by the rollback: keep it resumable.
    await checkpoint().catch(() => undefined);
  } finally {
    interrupts.stop();
    progress?.stop();
    await timeseries.close();
  }
  const { step, time, rejected } = sim.current;
  thermal?.flush();
  // the stress history over cycles: the GPU's first hot-spot times, read once the run has stopped
  const cycling =
    stressHistory && firstHotspotTime
      ? await writeStressHistory(layout.root, spec, stressHistory, Float64Array.from(await readFloat32(gpu.device, firstHotspotTime, sim.grid.cellCount), (t) => (t >= 0 ? t * spec.scales.time : -1)))
      : undefined;
  await run.finish(status, {
    steps: step,
    rejectedSteps: rejected,
    time,
    error,
    electrochemistry: report && protocol ? { ...report, ...(thermal ? { thermal: thermal.report() } : {}), switches: protocol.switches, ...(cycling ? { stressHistory: cycling } : {}) } : undefined,
  });
  await writeQoiJson(layout.root); // qoi.json beside run.json, whatever the status (DESIGN.md 4.2)
  if (thermal) {
    const t = thermal.report();
    say(
      `thermal: ${t.initialTemperature.toFixed(2)} K -> ${t.finalTemperature.toFixed(2)} K (max ${t.maxTemperature.toFixed(2)} K), heat generated ${t.ledger.generated.toPrecision(4)} J, ${t.biot.reading}\n`,
    );
    for (const w of t.warnings) say(`warning: ${w}\n`);
  }
  const energyCurve = energy.values(lastEnergy);
  if (energyCurve.length > 1) {
    const png = await renderLinePlotPng({
      title: `${spec.scene.name}: free energy`,
      x: { label: `time${units ? ` [${units}]` : ''}`, log: true },
      y: { label: `free energy${spec.scene.units === 'SI' ? (spec.dims === 2 ? ' [J/m]' : ' [J]') : ''}`, log: energyCurve.every(([, f]) => f > 0) },
      series: [{ name: spec.scene.name, points: energyCurve.filter(([t]) => t > 0) }],
    });
    await writeFile(join(layout.root, 'free_energy.png'), png);
  }
  const voltagePoints = voltageCurve.values();
  if (voltagePoints.length > 1) {
    const png = await renderLinePlotPng({
      title: `${spec.scene.name}: voltage`,
      x: { label: 'capacity [fraction of sites]', log: false },
      y: { label: 'voltage [V vs Li/Li+]', log: false },
      series: [{ name: spec.scene.name, points: voltagePoints }],
    });
    await writeFile(join(layout.root, 'voltage.png'), png);
  }
  sim.dispose();
  const summary = `${status}: ${step} steps, t = ${time.toPrecision(6)}${units ? ` ${units}` : ''}, output in ${layout.root}`;
  if (status === 'failed') {
    say(`spinode: ${error} (last good state checkpointed in ${layout.checkpoint})\n`);
    return EXIT_RUNTIME_FAILURE;
  }
  say(`${summary}\n`);
  return status === 'interrupted' ? EXIT_INTERRUPTED : EXIT_OK;
}
