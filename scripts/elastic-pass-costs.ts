/**
 * Where the time of an inhomogeneous-elasticity step goes (issue 18): the bench case
 * (`elastic-precipitate-inhomogeneous` at 256^2, conjugate gradients) stepped whole, then each pass of its
 * CG solve, the FFTs and the elastic potential timed alone: each piece submitted `n` times back to back,
 * best of 3 rounds, wall clock per piece (lavapipe's timestamps are too coarse for single passes). It
 * reaches into the scheme's private passes, so it is a measurement tool, not an API.
 *   npx tsx scripts/elastic-pass-costs.ts ["elasticity inhomogeneous"|"elasticity inhomogeneous basic"]
 */
import { register } from 'node:module';
register('../bin/hooks/raw-loader.mjs', import.meta.url);
const { acquireNodeGpu } = await import('../src/gpu/nodeGpu.ts');
const { chemoMechanicalCases, bundledCaseScene } = await import('../src/bench/solverBench.ts');
const { CahnHilliardStepper } = await import('../src/solver/cahnHilliard.ts');
const { PipelineCache } = await import('../src/gpu/pipelineCache.ts');
const { initialConcentration } = await import('../src/solver/initialCondition.ts');
const gpu = await acquireNodeGpu({ label: 'elastic-pass-costs' });
const device = gpu.device;
const c = chemoMechanicalCases().find((c) => c.name === (process.argv[2] ?? 'elasticity inhomogeneous'))!;
const spec = bundledCaseScene(c);
const cache = new PipelineCache(gpu.device);
const stepper = new CahnHilliardStepper(gpu, spec, cache, {});
const control = spec.internal.control;
stepper.initialize(initialConcentration(spec), control.kind === 'fixed' ? control.dt : control.dtInitial);
const fp = stepper.elasticity!.fixedPoint!;
const scheme: any = fp.scheme;
async function time(label: string, n: number, rec: (e: GPUCommandEncoder) => void) {
  for (let w = 0; w < 2; w++) { const e = device.createCommandEncoder(); rec(e); device.queue.submit([e.finish()]); }
  await device.queue.onSubmittedWorkDone();
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    for (let done = 0; done < n; done += 10) { const e = device.createCommandEncoder(); for (let i = 0; i < 10; i++) rec(e); device.queue.submit([e.finish()]); }
    await device.queue.onSubmittedWorkDone();
    best = Math.min(best, (performance.now() - t0) / n);
  }
  console.log(`${label.padEnd(34)} ${best.toFixed(3)} ms`);
}
console.log(`${c.name}: ${fp.iterationsPerStep} iterations per step, fluctuating components ${scheme.context?.fluctuating}`);
await time('step', 10, (e) => stepper.encodeStep(e));
await time(`solve (${fp.iterationsPerStep} iterations)`, 10, (e) => fp.encodeIterations(e));
await time('solve, start only (0 iterations)', 20, (e) => fp.encodeIterations(e, 0));
if (scheme.pass) for (const k of Object.keys(scheme.pass)) await time('pass ' + k, 50, (e) => scheme.run(e, scheme.pass[k]));
if (scheme.project) await time('project (fwd+proj)', 20, (e) => scheme.project(e));
if (scheme.project) await time('project (fwd+proj+inv)', 20, (e) => scheme.project(e, scheme.work.applied));
if (scheme.transforms) {
  const field = scheme.work.applied ?? scheme.work.stress;
  const where = scheme.transforms.inPlace ? 'in place on the blocks' : 'through copies';
  await time(`fft forward (one component, ${where})`, 50, (e) => scheme.transforms.forward(e, field, 0, scheme.work.spectra));
  await time(`fft inverse (one component, ${where})`, 50, (e) => scheme.transforms.inverse(e, scheme.work.spectra, 0, field));
}
await time('elastic_potential', 50, (e) => fp.encodePotential(e));
gpu.dispose();
