/**
 * Iterations per conjugate-gradient solve, step by step (issue 18): the bundled scene
 * `elastic-precipitate-inhomogeneous` (or another with inhomogeneous moduli) on a chosen grid, first-order
 * or ETDRK4, with the warm start predicted in time or the previous solution. Every solve gets `count`
 * recorded iterations (CG stops on its own), after the start-of-run relaxation Simulation.reset does;
 * after each solve its CgState is copied aside, and all are read back at the end (a measurement, not a
 * run: nothing here is in the step loop of `spinode run`). Prints per step: time, dt, the iterations of
 * each solve of the step (1 first order, 4 ETDRK4) and the largest final residual, then a summary.
 *   npx tsx scripts/elastic-iterations.ts [cells=256] [integrator=semiImplicitEuler|etdrk4] [warmStart=predicted|previous] [steps=40] [count=12] [scene]
 */
import { register } from 'node:module';

register('../bin/hooks/raw-loader.mjs', import.meta.url);
const { acquireNodeGpu } = await import('../src/gpu/nodeGpu.ts');
const { bundledCaseScene } = await import('../src/bench/solverBench.ts');
const { CahnHilliardStepper } = await import('../src/solver/cahnHilliard.ts');
const { initialConcentration } = await import('../src/solver/initialCondition.ts');
const { PipelineCache } = await import('../src/gpu/pipelineCache.ts');
const { CgState } = await import('../src/solver/elasticLayouts.ts');
const { ConjugateGradientScheme } = await import('../src/solver/elasticCg.ts');
const { StepControl } = await import('../src/solver/layouts.ts');
const { createStorageBuffer, readBuffer } = await import('../src/gpu/buffers.ts');

const [cellsArg, integrator = 'semiImplicitEuler', warmStart = 'predicted', stepsArg, countArg, scene = 'elastic-precipitate-inhomogeneous'] = process.argv.slice(2);
const n = Number(cellsArg ?? 256);
const steps = Number(stepsArg ?? 40);
const count = Number(countArg ?? 12);
const gpu = await acquireNodeGpu({ label: 'elastic-iterations' });
const device = gpu.device;
const spec = bundledCaseScene({ name: 'iterations', shape: [n, n], model: 'elasticity-inhomogeneous', mobility: 'constant', scene, integrator: integrator as 'etdrk4', ...(warmStart === 'predicted' ? { warmStart: 'predicted' as const } : {}) });
const stepper = new CahnHilliardStepper(gpu, spec, new PipelineCache(device));
const control = spec.internal.control;
stepper.initialize(initialConcentration(spec), control.kind === 'fixed' ? control.dt : control.dtInitial);
const fixedPoint = stepper.elasticity!.fixedPoint!;
const scheme = fixedPoint.scheme;
if (!(scheme instanceof ConjugateGradientScheme)) throw new Error('elastic-iterations: the scene does not solve with conjugate gradients');
const tolerance = spec.elasticity!.solver.tolerance;

// as Simulation.reset: relax the initial state (40 iterations), then the steps
fixedPoint.reset();
let encoder = device.createCommandEncoder();
fixedPoint.encodeIterations(encoder, 40);
device.queue.submit([encoder.finish()]);

const solvesPerStep = stepper.integrator === 'etdrk4' ? 4 : 1;
const slot = CgState.byteSize;
const records = createStorageBuffer(gpu, 'iterations.records', steps * solvesPerStep * slot);
const starts = createStorageBuffer(gpu, 'iterations.starts', steps * solvesPerStep * slot);
const clocks = createStorageBuffer(gpu, 'iterations.clocks', steps * StepControl.byteSize);
let solve = 0;
const encodeIterations = fixedPoint.encodeIterations.bind(fixedPoint);
fixedPoint.encodeIterations = (e, _count, stage) => {
  // the start residual first: a solve of 0 iterations (predicts, measures); the same solve again at the
  // same time then starts where it stands (the predictor moves only when the clock does)
  encodeIterations(e, 0, stage);
  if (solve < steps * solvesPerStep) e.copyBufferToBuffer(scheme.cgState, 0, starts, solve * slot, slot);
  encodeIterations(e, count, stage);
  if (solve < steps * solvesPerStep) e.copyBufferToBuffer(scheme.cgState, 0, records, solve * slot, slot);
  solve++;
};
const t0 = performance.now();
for (let s = 0; s < steps; s++) {
  encoder = device.createCommandEncoder();
  encoder.copyBufferToBuffer(stepper.buffers.control, 0, clocks, s * StepControl.byteSize, StepControl.byteSize);
  stepper.encodeStep(encoder);
  device.queue.submit([encoder.finish()]);
}
const raw = await readBuffer(device, records);
const startRaw = new DataView(await readBuffer(device, starts));
const clockRaw = await readBuffer(device, clocks);
const seconds = (performance.now() - t0) / 1000;

const histogram = new Map<number, number>();
let worst = 0;
let total = 0;
let unconverged = 0;
const view = new DataView(raw);
const cv = new DataView(clockRaw);
console.log(`${scene} ${n}^2, ${stepper.integrator}, warm start ${warmStart}, ${count} iterations recorded per solve, tolerance ${tolerance}`);
console.log('step  time        dt          iterations per solve   start residual per solve       max residual');
for (let s = 0; s < steps; s++) {
  const its: number[] = [];
  const startResiduals: string[] = [];
  let res = 0;
  for (let k = 0; k < solvesPerStep; k++) {
    const at = (s * solvesPerStep + k) * slot;
    const it = view.getUint32(at + CgState.offsetOf('iterations'), true);
    const r = view.getFloat32(at + CgState.offsetOf('residual'), true);
    its.push(it);
    startResiduals.push(startRaw.getFloat32(at + CgState.offsetOf('residual'), true).toExponential(1));
    res = Math.max(res, r);
    histogram.set(it, (histogram.get(it) ?? 0) + 1);
    total += it;
    if (r > tolerance) unconverged++;
  }
  worst = Math.max(worst, res);
  const time = cv.getFloat32(s * StepControl.byteSize + StepControl.offsetOf('time'), true);
  const dt = cv.getFloat32(s * StepControl.byteSize + StepControl.offsetOf('dt'), true);
  console.log(`${String(s).padStart(4)}  ${time.toExponential(3).padEnd(10)}  ${dt.toExponential(3).padEnd(10)}  ${its.join(' ').padEnd(21)}  ${startResiduals.join(' ').padEnd(29)}  ${res.toExponential(2)}`);
}
const solves = steps * solvesPerStep;
console.log(`solves ${solves}: mean ${(total / solves).toFixed(2)} iterations per solve; histogram ${[...histogram].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k}:${v}`).join(' ')}; largest residual ${worst.toExponential(2)}; ${unconverged} above tolerance; ${seconds.toFixed(0)} s`);
gpu.dispose();
