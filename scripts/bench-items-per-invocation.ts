/**
 * Elements per invocation of the Cahn-Hilliard and reaction steppers' looping kernels (bulk_potential,
 * semi_implicit_update, the ETDRK4 stages, etd_keep; src/gpu/dispatch.ts itemsPerInvocation): the engine's
 * steps with 4 and with 16 items per invocation, interleaved on one device, best of 7 rounds of 40 steps
 * (docs/benchmark.md, "Elements per invocation on software adapters"). The count is set through
 * SPINODE_ITEMS_PER_INVOCATION while each stepper is created.
 *
 *   npx tsx scripts/bench-items-per-invocation.ts [counts]      (default: 4,16)
 */
import { loadavg } from 'node:os';
import { register } from 'node:module';

register('../bin/hooks/raw-loader.mjs', import.meta.url); // the WGSL ?raw imports, as bin/spinode
const { acquireNodeGpu } = await import('../src/gpu/nodeGpu.ts');
const { PipelineCache } = await import('../src/gpu/pipelineCache.ts');
const { chCase, solverCaseName, solverCaseScene } = await import('../src/bench/solverBench.ts');
const { CahnHilliardStepper } = await import('../src/solver/cahnHilliard.ts');
const { initialConcentration } = await import('../src/solver/initialCondition.ts');
const { interleavedStepTimes } = await import('./lib-stepper-ab.ts');

const counts = (process.argv[2] ?? '4,16').split(',').map(Number);
const gpu = await acquireNodeGpu({ label: 'bench-items-per-invocation' });
console.log(`${gpu.adapterInfo.description || gpu.adapterInfo.architecture}; load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
for (const c of [chCase([256, 256]), chCase([512, 512]), chCase([64, 64, 64]), chCase([256, 256], 'lattice'), chCase([256, 256], 'constant', 'etdrk4')]) {
  const spec = solverCaseScene(c);
  const variants = counts.map((n) => {
    process.env.SPINODE_ITEMS_PER_INVOCATION = String(n);
    const stepper = new CahnHilliardStepper(gpu, spec, new PipelineCache(gpu.device));
    const control = spec.internal.control;
    stepper.initialize(initialConcentration(spec), control.kind === 'fixed' ? control.dt : control.dtInitial);
    return { gpu, stepper };
  });
  delete process.env.SPINODE_ITEMS_PER_INVOCATION;
  const ms = await interleavedStepTimes(variants, 7, 40);
  console.log(`${solverCaseName(c)}: steps/s, best of 7 rounds of 40: ${counts.map((n, i) => `${n} items ${(1000 / ms[i]).toFixed(1)}`).join(', ')}; ${counts[counts.length - 1]} / ${counts[0]} = ${(ms[0] / ms[ms.length - 1]).toFixed(2)}`);
  for (const v of variants) v.stepper.dispose();
}
gpu.dispose();
process.exit(0);
