/**
 * `spinode run` for an electrodeposition scene (src/scene/electrodepositionSchema.ts): the GPU stepper
 * (src/solver/electrodeposition.ts; its float64 twin src/solver/electrodepositionReference.ts is what the
 * tests hold it to). Steps are recorded between outputs without any readback; the state is read back
 * only for a timeseries row or a field frame. Writes the run folder of DESIGN.md 4.2:
 * timeseries.csv (step, time, dt, free_energy, mass, c_mean (DESIGN.md 4.2), tip_x, interface length per width (3D: interface area per electrode area,
 * its own column), deposited Li, current density,
 * the Li inventory's drift beyond the boundary inflow, bounds of c~ and xi), fields/NNNNNNNN.vti with
 * xi, c (c~) and phi [V], run.json with the resolved scene, the internal scales and the effective
 * exchange current i0 = 6 n F c_s L_eta sqrt(kappa0 / 2W), qoi.json (src/io/qoiJson.ts), and checkpoint/ (ElectrodepositionStepper
 * .saveState, src/io/checkpoint.ts): every `checkpointEvery` seconds at an output, at the end, and on
 * SIGINT / SIGTERM (exit 130). `--resume DIR` continues from it bit for bit, also to a later t_end.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeFileAtomic } from '../io/atomicWrite.ts';
import { encodeVtiString } from '../io/vti.ts';
import { encodeVtkSeries, type SeriesEntry } from '../io/vtkSeries.ts';
import { outputLayout } from '../io/outputLayout.ts';
import { TimeseriesWriter } from '../io/timeseriesWriter.ts';
import { collectVersions, RUN_FORMAT, RUN_FORMAT_VERSION } from '../io/runJson.ts';
import { writeQoiJson } from '../io/qoiJson.ts';
import { electrodepositionInternal, exchangeCurrentDensity } from '../physics/electrodeposition.ts';
import { electrodepositionParameters, type ElectrodepositionScene } from '../scene/electrodepositionSchema.ts';
import { lithiumInventory, type DepositionState } from '../solver/electrodepositionReference.ts';
import { ElectrodepositionStepper } from '../solver/electrodeposition.ts';
import type { GpuContext } from '../gpu/device.ts';
import type { PipelineCache } from '../gpu/pipelineCache.ts';
import type { Progress } from '../io/progress.ts';
import { depositionObservables, shortCircuited } from '../solver/electrodepositionObservables.ts';
import { initialDeposition } from '../solver/electrodepositionInitial.ts';
import { depositionStepLimit, nextDepositionStep, stepEstimate, stepsToReach } from '../solver/depositionStepControl.ts';
import { InputError } from './inputError.ts';
import { watchInterrupts } from './interruptWatch.ts';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_RUNTIME_FAILURE } from './exitCodes.ts';
import { writeCheckpoint, type LoadedCheckpoint } from '../io/checkpoint.ts';
import { SceneError } from '../scene/resolve.ts';
import { parseElectrodepositionSceneJson } from '../scene/resolveSceneModel.ts';

const COLUMNS = [
  'step',
  'time',
  'dt',
  // DESIGN.md 4.2's columns: the phase field's free energy (double well and gradient, J/m; J in 3D), int c~ dA
  // (m^2 per metre of depth; m^3 in 3D) and the mean of c~
  'free_energy',
  'mass',
  'c_mean',
  'tip_x',
  'interface_length_per_width',
  'deposited_li',
  'current_density',
  'electrolyte_current_density',
  'li_inventory_drift',
  'c_min',
  'c_max',
  'xi_min',
  'xi_max',
] as const;

/** The 3D run's columns: the 2D ones with the interface area per electrode area in the place of the length per width. */
const COLUMNS_3D = COLUMNS.map((c) => (c === 'interface_length_per_width' ? 'interface_area_per_electrode_area' : c));

export function parseElectrodepositionScene(json: unknown, source: string): ElectrodepositionScene {
  try {
    return parseElectrodepositionSceneJson(json);
  } catch (e) {
    if (e instanceof SceneError) throw new InputError(`${source}: invalid scene:\n  ${e.lines().join('\n  ')}`);
    throw e;
  }
}

/** What the run needs from `spinode run`: the device, optionally shared pipelines, and the progress display. */
export interface DepositionRunContext {
  gpu: GpuContext;
  cache?: PipelineCache;
  progress?: Progress;
}

/** How the run is kept resumable: its scene's hashes (checked on --resume), the checkpoint interval, and the checkpoint it continues from. */
export interface DepositionCheckpointing {
  /** sceneHash of the scene, and of the scene without its end time (a finished run may be extended) */
  sceneHash: string;
  sceneHashWithoutEnd: string;
  /** seconds between checkpoints (taken at the next output) */
  every: number;
  resume?: LoadedCheckpoint;
}

/** What a deposition checkpoint keeps besides the stepper's fields (CheckpointMeta.controller). */
interface DepositionController {
  sceneHashWithoutEnd: string;
  /** the noise generator's counter (ElectrodepositionStepper.saveState) */
  stepCounter: number;
  /** the reference of the deposit and of the Li inventory's drift: the start of the first run */
  initialMetal: number;
  initialInventory: number;
  series: SeriesEntry[];
  /** the accuracy control's state besides the proposed step (CheckpointMeta.dt): see runElectrodeposition */
  clock?: { lastDt: number; intervalTaken: number; lastFrameTime: number };
  /** set when the run ended at a short circuit: there is nothing to continue */
  shortCircuit?: { step: number; time: number; tipX: number; gap: number };
}

/** The checks `--resume` makes before any GPU work: a deposition checkpoint of the same scene (t_end aside), short of t_end, not short-circuited. */
export function checkDepositionResume(checkpoint: LoadedCheckpoint, scene: ElectrodepositionScene, hashes: { sceneHash: string; sceneHashWithoutEnd: string }, dir: string): void {
  const controller = checkpoint.meta.controller as Partial<DepositionController>;
  if (typeof controller.stepCounter !== 'number' || typeof controller.initialInventory !== 'number') {
    throw new InputError(`--resume ${dir}: the checkpoint is not an electrodeposition run's`);
  }
  if (checkpoint.meta.sceneHash !== hashes.sceneHash && controller.sceneHashWithoutEnd !== hashes.sceneHashWithoutEnd) {
    throw new InputError(`--resume ${dir}: the checkpoint belongs to a different scene; give the same SCENE and --set options as the original run (only --t-end may differ)`);
  }
  if (controller.shortCircuit) {
    throw new InputError(`--resume ${dir}: the run ended at a short circuit at t = ${controller.shortCircuit.time.toPrecision(4)} s; there is nothing to continue (a longer box gives a longer run)`);
  }
  if (checkpoint.meta.time >= scene.time.tEnd * (1 - 1e-9)) {
    throw new InputError(`--resume ${dir}: the run already reached t = ${checkpoint.meta.time} s (t_end ${scene.time.tEnd} s); give a later --t-end to extend it`);
  }
}

/** Steps recorded per command buffer between outputs (each step is a few thousand small dispatches). */
const STEPS_PER_SUBMIT = 5;

export async function runElectrodeposition(
  scene: ElectrodepositionScene,
  outDir: string,
  argv: string[],
  say: (text: string) => void,
  context: DepositionRunContext,
  checkpointing: DepositionCheckpointing,
): Promise<number> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const { gpu, progress } = context;
  const resume = checkpointing.resume;
  const p = electrodepositionParameters(scene);
  const q = electrodepositionInternal(p);
  const { grid, state } = initialDeposition(scene);
  const layout = outputLayout(outDir);
  mkdirSync(layout.fieldsDir, { recursive: true });
  const control = scene.time.control;
  const adaptive = control.kind === 'accuracy';
  const K = scene.output.timeseriesEvery;
  // fixed step: steps and field frames by step index; accuracy: frames at the first read at or after their times
  const steps = Math.ceil(scene.time.tEnd / scene.time.dt - 1e-9);
  const frameCount = scene.output.fieldFrames;
  const frames = new Set(Array.from({ length: frameCount }, (_, k) => Math.round((k * steps) / Math.max(1, frameCount - 1))));
  const frameTimes = Array.from({ length: frameCount }, (_, k) => (frameCount === 1 ? scene.time.tEnd : (k * scene.time.tEnd) / (frameCount - 1)));
  const [nx] = scene.grid.cells;
  const dtMax = depositionStepLimit(scene);
  const i0 = exchangeCurrentDensity(p);
  const stepper = new ElectrodepositionStepper(gpu, grid, q, scene.time.dt / q.scales.time, { cache: context.cache });
  let shortCircuit: DepositionController['shortCircuit'];
  // the clock [s] (a float64 sum of the steps taken) and the step the control proposes next [s]
  let time = 0;
  let proposed = scene.time.dt;
  // the accuracy control's state: the size of the last step taken [s] (the estimate's rate difference spans
  // the step before the last), the steps taken of the current interval (K = output.timeseriesEvery steps
  // of size `proposed`, after which the estimate sets the next), and the time of the last field frame [s]
  let lastDt = scene.time.dt;
  let intervalTaken = 0;
  let lastFrameTime = -1; // none yet (times are >= 0)
  const record = (status: string, step: number) => ({
    format: RUN_FORMAT,
    formatVersion: RUN_FORMAT_VERSION,
    status,
    scene,
    sceneHash: checkpointing.sceneHash,
    solver: `electrodeposition GPU step (src/solver/electrodeposition.ts): ${stepper.chargeNewton} Newton systems x ${stepper.chargeCg} CG iterations preconditioned by ${stepper.chargePreconditioner === 'spectral' ? 'the Jacobi-scaled spectral inverse' : 'Jacobi'} (charge balance) and ${stepper.transportCg} Jacobi-CG iterations (transport) per coupling pass, 2 passes per step; ${adaptive ? `step size for a local error of xi <= ${control.tolerance} per step (at most ${dtMax.toPrecision(4)} s)` : `fixed step ${scene.time.dt} s`}`,
    adapter: gpu.adapterInfo,
    versions: collectVersions(),
    command: argv,
    ...(resume ? { resumedFrom: { checkpoint: layout.checkpoint, step: resume.meta.step } } : {}),
    startedAt,
    wallTimeSeconds: (Date.now() - started) / 1000,
    steps: step,
    time,
    electrodeposition: {
      exchangeCurrentDensity: i0,
      ...(shortCircuit ? { shortCircuit } : {}),
      internalScales: { lengthMeters: q.scales.length, timeSeconds: q.scales.time, potentialVolts: q.scales.potential },
      chargeSource: q.chargeSource,
    },
  });
  const threeD = grid.shape.length === 3;
  let step = 0;
  let series: SeriesEntry[] = [];
  let initialMetal: number;
  let initialInventory: number;
  let writer: TimeseriesWriter;
  if (resume) {
    const controller = resume.meta.controller as unknown as DepositionController;
    stepper.restoreState(resume.fields, controller.stepCounter);
    step = resume.meta.step;
    time = resume.meta.time;
    proposed = resume.meta.dt;
    ({ lastDt = proposed, intervalTaken = 0, lastFrameTime = -1 } = controller.clock ?? {});
    ({ initialMetal, initialInventory } = controller);
    // frames after the checkpoint's step are not on this run's trajectory (an interrupted run wrote none; a
    // finished one, extended to a later t_end, keeps all of its frames)
    series = controller.series.filter((e) => Number(e.name.slice(0, 8)) <= step);
    for (const e of controller.series) if (!series.includes(e)) rmSync(join(layout.fieldsDir, e.name), { force: true });
    writer = await TimeseriesWriter.resume(layout.timeseries, threeD ? COLUMNS_3D : COLUMNS, step);
  } else {
    // the state as the GPU holds it (float32), so that the deposit and the inventory start from 0 drift
    for (const field of [state.xi, state.c, state.phi]) field.set(Float32Array.from(field));
    initialMetal = state.xi.reduce((s, v) => s + v, 0);
    initialInventory = lithiumInventory(grid, q, state);
    stepper.upload(state);
    writer = await TimeseriesWriter.create(layout.timeseries, threeD ? COLUMNS_3D : COLUMNS);
  }
  await writeFileAtomic(layout.runJson, JSON.stringify(record('running', step), null, 2));
  const writeFrame = async (step: number, current: DepositionState) => {
    const spacing = scene.grid.size[0] / scene.grid.cells[0];
    const phiVolts = Float32Array.from(current.phi, (v) => v * q.scales.potential);
    await writeFileAtomic(layout.fieldFile(step), encodeVtiString({ shape: grid.shape, spacing: grid.shape.map(() => spacing), pointData: [['xi', Float32Array.from(current.xi)], ['c', Float32Array.from(current.c)], ['phi', phiVolts]], time, step }));
    series = [...series.filter((e) => e.name !== basename(layout.fieldFile(step))), { name: basename(layout.fieldFile(step)), time }];
  };
  let lastCheckpoint = performance.now();
  const checkpoint = async () => {
    writer.flush();
    const saved = await stepper.saveState();
    const controller: DepositionController = {
      sceneHashWithoutEnd: checkpointing.sceneHashWithoutEnd,
      stepCounter: saved.stepCounter,
      initialMetal,
      initialInventory,
      series,
      ...(adaptive ? { clock: { lastDt, intervalTaken, lastFrameTime } } : {}),
      ...(shortCircuit ? { shortCircuit } : {}),
    };
    // dt: the step the next one starts from (the fixed step, or the control's proposal)
    await writeCheckpoint(layout.checkpoint, { meta: { step, time, dt: proposed, sceneHash: checkpointing.sceneHash, controller: controller as unknown as Record<string, unknown> }, fields: saved.fields });
    await writeFileAtomic(layout.runJson, JSON.stringify(record('running', step), null, 2));
    lastCheckpoint = performance.now();
  };
  const interrupts = watchInterrupts();
  say(
    `electrodeposition: ${grid.shape.join(' x ')} cells, ${adaptive ? `to t = ${scene.time.tEnd} s, steps for a local error of xi <= ${control.tolerance} (first ${scene.time.dt} s, at most ${dtMax.toPrecision(3)} s)` : `${steps} steps of ${scene.time.dt} s`} on the GPU (${gpu.adapterInfo.description || gpu.adapterInfo.vendor}); i0 = ${i0.toPrecision(4)} A/m^2${resume ? `; resumed at step ${step}` : ''}\n`,
  );
  // fixed step: the steps at which the state is read back (timeseries rows and field frames)
  const outputs = new Set<number>([...frames, steps]);
  for (let s = 0; s <= steps; s += K) outputs.add(s);
  // a resumed run has written the outputs of its checkpoint's step already
  const stops = [...outputs].filter((s) => s >= 0 && s <= steps && (!resume || s > step)).sort((a, b) => a - b);
  const length = scene.grid.size[0];
  const tEnd = scene.time.tEnd;
  // the run's last step is taken (adaptive: the first step past t_end)
  const reachedEnd = () => (adaptive ? time >= tEnd * (1 - 1e-12) : step >= steps);
  // a cell's area per metre of depth (2D) or volume (3D) [m^2, m^3]
  const cellMeasure = (length / nx) ** grid.shape.length;
  // a new run reads back and writes its initial state first (a resumed one has)
  let first = !resume;
  let status: 'done' | 'interrupted' = 'done';
  try {
    for (;;) {
      let taken = 0;
      // the steps of this stretch and their size [s]
      let count: number;
      let size = scene.time.dt;
      if (!first) {
        if (adaptive) {
          // the rest of the interval, or fewer: the run ends at the first step past t_end (as a fixed-step run)
          if (reachedEnd()) break;
          size = proposed;
          count = Math.min(K - intervalTaken, stepsToReach(time, tEnd, size));
          stepper.setDt(size / q.scales.time);
        } else {
          const stop = stops.find((s) => s > step);
          if (stop === undefined) break;
          count = stop - step;
        }
        while (taken < count && interrupts.signal === undefined) {
          const chunk = Math.min(STEPS_PER_SUBMIT, count - taken);
          const encoder = gpu.device.createCommandEncoder({ label: 'electrodeposition steps' });
          stepper.encodeSteps(encoder, chunk);
          gpu.device.queue.submit([encoder.finish()]);
          taken += chunk;
        }
        step += taken;
        time = adaptive ? time + taken * size : step * scene.time.dt;
        intervalTaken += taken;
        // the steps submitted so far are kept: the checkpoint holds the state after them (an interval that has
        // just ended is closed first, as an uninterrupted run closes it; a run that has reached its end ends done)
        if (interrupts.signal !== undefined && !(adaptive && intervalTaken === K) && !reachedEnd()) {
          await checkpoint();
          status = 'interrupted';
          break;
        }
      }
      first = false;
      const out = await stepper.read();
      const current: DepositionState = { xi: Float64Array.from(out.xi), c: Float64Array.from(out.c), phi: Float64Array.from(out.phi) };
      if (!current.xi.every(Number.isFinite) || !current.c.every(Number.isFinite) || !current.phi.every(Number.isFinite)) {
        const message = `the state is not finite at step ${step}: ${adaptive ? 'reduce time.control.tolerance or time.control.dtMax' : 'reduce time.dt'}`;
        await writeFileAtomic(layout.runJson, JSON.stringify({ ...record('failed', step), error: message }, null, 2));
        writer.flush();
        await writeQoiJson(layout.root); // qoi.json beside run.json, whatever the status (DESIGN.md 4.2)
        say(`error: ${message}\n`);
        return EXIT_RUNTIME_FAILURE;
      }
      if (adaptive && intervalTaken === K) {
        // the interval's end: the estimate of its last step (valid from step 2: step 1's rate has none before it)
        const before = K > 1 ? size : lastDt;
        const estimate = step >= 2 ? stepEstimate(out.estimate.reduce((m, v) => Math.max(m, v), 0), size, before, size) : undefined;
        proposed = nextDepositionStep(size, estimate, control.tolerance, dtMax);
        intervalTaken = 0;
      }
      if (taken > 0) lastDt = size;
      const o = depositionObservables(grid, p, q, current, initialMetal, out.rate);
      const cSum = current.c.reduce((a, v) => a + v, 0);
      const shorted = shortCircuited(o.tipX, length, q.scales.length);
      // adaptive: a frame at the first read at or after each frame time
      const frame = adaptive ? frameTimes.some((t) => t > lastFrameTime && t <= time * (1 + 1e-12)) : frames.has(step);
      if (adaptive || step % K === 0 || step === steps || shorted) {
        writer.append({
          step,
          time,
          dt: size,
          free_energy: o.barrierEnergy + o.gradientEnergy,
          mass: cSum * cellMeasure,
          c_mean: cSum / current.c.length,
          tip_x: o.tipX,
          [threeD ? 'interface_area_per_electrode_area' : 'interface_length_per_width']: o.interfaceLengthPerWidth,
          deposited_li: o.depositedLithium,
          // step 0 has no step behind it: its rate and its phi (the initial linear guess) are not a solution yet
          current_density: step === 0 ? 0 : o.currentDensity,
          electrolyte_current_density: step === 0 ? 0 : o.electrolyteCurrentDensity,
          li_inventory_drift: (lithiumInventory(grid, q, current) - initialInventory - out.inflow) / initialInventory,
          c_min: o.cMin,
          c_max: o.cMax,
          xi_min: o.xiMin,
          xi_max: o.xiMax,
        });
      }
      if (frame || shorted) {
        await writeFrame(step, current);
        lastFrameTime = time;
      }
      progress?.update({ step, time });
      if (shorted) {
        shortCircuit = { step, time, tipX: o.tipX, gap: length - o.tipX };
        break;
      }
      // a signal during the last steps: the run has reached its end and finishes (a checkpoint at t_end
      // marked interrupted could not be resumed)
      if (interrupts.signal !== undefined && !reachedEnd()) {
        await checkpoint();
        status = 'interrupted';
        break;
      }
      if ((performance.now() - lastCheckpoint) / 1000 > checkpointing.every && !reachedEnd()) await checkpoint();
    }
    // every finished run can be extended to a later t_end (a short-circuited one says it cannot)
    if (status === 'done') await checkpoint();
  } finally {
    interrupts.stop();
    writer.close();
    stepper.dispose();
  }
  await writeFileAtomic(layout.fieldsSeries, encodeVtkSeries(series));
  await writeFileAtomic(layout.runJson, JSON.stringify(record(status, step), null, 2));
  await writeQoiJson(layout.root); // qoi.json beside run.json, whatever the status (DESIGN.md 4.2)
  if (shortCircuit) {
    const um = (x: number) => `${(x * 1e6).toPrecision(4)} um`;
    say(`warning: short circuit: the deposit's tip reached x = ${um(shortCircuit.tipX)}, ${um(shortCircuit.gap)} from the counter electrode at x = L = ${um(length)}, at t = ${shortCircuit.time.toPrecision(4)} s (step ${step}); the run ends here (run.json electrodeposition.shortCircuit; a longer box gives a longer run)\n`);
  }
  if (status === 'interrupted') {
    say(`interrupted (${interrupts.signal}): ${step} steps, t = ${time.toPrecision(6)} s; continue with --resume ${outDir}\n`);
    return EXIT_INTERRUPTED;
  }
  say(`done: ${step} steps, ${(Date.now() - started) / 1000} s; outputs in ${join(outDir)}\n`);
  return EXIT_OK;
}
