/**
 * Where a bundled scene's step spends its time (issue 24): per-kernel GPU timestamps of single steps of the
 * scene's own stepper (Cahn-Hilliard, ACR or CHR, src/solver/createStepper.ts), the mean of 10 steps after 2
 * warm-up steps, and the wall-clock time per step of 50 steps submitted at once. FFT passes are not timed
 * one by one (they show in the difference between the wall clock and the sum of the timed kernels).
 *
 *   npx tsx scripts/profile-step.ts [scene]      (default: lfp-particle-chr)
 */
import { register } from 'node:module';
import { performance } from 'node:perf_hooks';

register('../bin/hooks/raw-loader.mjs', import.meta.url); // the WGSL ?raw imports, as bin/spinode
const { acquireNodeGpu } = await import('../src/gpu/nodeGpu.ts');
const { PipelineCache } = await import('../src/gpu/pipelineCache.ts');
const { GpuTimer } = await import('../src/gpu/timing.ts');
const { findBundledScene } = await import('../src/scene/bundled.ts');
const { resolveScene } = await import('../src/scene/resolve.ts');
const { createStepper } = await import('../src/solver/createStepper.ts');
const { initialConcentration } = await import('../src/solver/initialCondition.ts');

const name = process.argv[2] ?? 'lfp-particle-chr';
const bundled = findBundledScene(name);
if (!bundled) throw new Error(`no bundled scene "${name}"`);
const gpu = await acquireNodeGpu({ label: 'profile-step' });
const spec = resolveScene(bundled.json);
const stepper = createStepper(gpu, spec, new PipelineCache(gpu.device));
const control = spec.internal.control;
stepper.initialize(initialConcentration(spec), control.kind === 'fixed' ? control.dt : control.dtInitial);
if (!gpu.hasTimestamps) throw new Error('the adapter has no timestamp queries');
const timer = new GpuTimer(gpu, 256);
const totals = new Map<string, number>();
const timedSteps = 10;
for (let step = 0; step < 2 + timedSteps; step++) {
  timer.reset();
  const encoder = gpu.device.createCommandEncoder();
  stepper.encodeStep(encoder, timer);
  const sections = timer.resolve(encoder);
  gpu.device.queue.submit([encoder.finish()]);
  timer.submitted();
  const ms = await sections;
  if (ms && step >= 2) for (const [kernel, t] of ms) totals.set(kernel, (totals.get(kernel) ?? 0) + t / timedSteps);
}
const t0 = performance.now();
const encoder = gpu.device.createCommandEncoder();
for (let i = 0; i < 50; i++) stepper.encodeStep(encoder);
gpu.device.queue.submit([encoder.finish()]);
await gpu.device.queue.onSubmittedWorkDone();
const wall = (performance.now() - t0) / 50;
console.log(`${name} (${spec.shape.join(' x ')}), ${gpu.adapterInfo.description || gpu.adapterInfo.architecture}: ${wall.toFixed(2)} ms per step (wall clock, 50 steps)`);
let timed = 0;
for (const [kernel, t] of [...totals].sort((a, b) => b[1] - a[1])) {
  timed += t;
  console.log(`  ${kernel.padEnd(28)} ${t.toFixed(3)} ms`);
}
console.log(`  ${'timed kernels'.padEnd(28)} ${timed.toFixed(3)} ms (the rest: FFT passes and gaps)`);
stepper.dispose();
gpu.dispose();
process.exit(0);
