/**
 * Cost of the GPU electrodeposition step (src/solver/electrodeposition.ts) on the bundled scene
 * li-dendrite-2d (96 x 48, -0.45 V): dispatches per step (counted by recording into a counting pass
 * encoder) and seconds per step, with optionally a second stepper module (e.g. the same file in a worktree
 * of an earlier commit) alternated with it in one process, so that both see the same load
 * (docs/electrodeposition.md "Cost").
 *   npx tsx scripts/electrodeposition-speed.ts [rounds=6] [steps=10] [counts=default] [baseline module path]
 * (counts: Newton systems : charge CG : transport CG [: spectral | jacobi] for this tree, or `default`; the
 * baseline module runs with its own defaults)
 */
import { register } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

register('../bin/hooks/raw-loader.mjs', import.meta.url);
const { acquireNodeGpu } = await import('../src/gpu/nodeGpu.ts');
const current = await import('../src/solver/electrodeposition.ts');
const { electrodepositionInternal } = await import('../src/physics/electrodeposition.ts');
const { parseElectrodepositionScene } = await import('../src/cli/electrodepositionRun.ts');
const { initialDeposition } = await import('../src/solver/electrodepositionInitial.ts');
const { electrodepositionParameters } = await import('../src/scene/electrodepositionSchema.ts');

const rounds = Number(process.argv[2] ?? 6);
const steps = Number(process.argv[3] ?? 10);
const counts = process.argv[4] && process.argv[4] !== 'default' ? process.argv[4].split(':') : undefined;
const options = counts
  ? { chargeNewton: Number(counts[0]), chargeCg: Number(counts[1]), transportCg: Number(counts[2]), chargePreconditioner: (counts[3] ?? 'spectral') as 'spectral' | 'jacobi' }
  : {};
const variants: { name: string; Stepper: typeof current.ElectrodepositionStepper; options: object }[] = [{ name: 'this tree', Stepper: current.ElectrodepositionStepper, options }];
if (process.argv[5]) {
  const baseline = await import(pathToFileURL(resolve(process.argv[5])).href);
  variants.push({ name: process.argv[5], Stepper: baseline.ElectrodepositionStepper, options: {} });
}

const gpu = await acquireNodeGpu({ label: 'electrodeposition-speed' });
const scene = parseElectrodepositionScene(JSON.parse(readFileSync('scenes/li-dendrite-2d.json', 'utf8')), 'li-dendrite-2d');
const q = electrodepositionInternal(electrodepositionParameters(scene));
const { grid, state } = initialDeposition(scene);
const dt = scene.time.dt / q.scales.time;

/** dispatches one step records: encodeSteps into an encoder that only counts */
function dispatchesPerStep(stepper: InstanceType<typeof current.ElectrodepositionStepper>): number {
  let count = 0;
  const pass = { setPipeline() {}, setBindGroup() {}, dispatchWorkgroups: () => void count++, end() {} };
  stepper.encodeSteps({ beginComputePass: () => pass } as unknown as GPUCommandEncoder, 1);
  return count;
}

const runs = variants.map((v) => {
  const stepper = new v.Stepper(gpu, grid, q, dt, v.options);
  stepper.upload(state);
  return { ...v, stepper, dispatches: dispatchesPerStep(stepper), ms: [] as number[] };
});
const advance = async (stepper: InstanceType<typeof current.ElectrodepositionStepper>, n: number) => {
  const encoder = gpu.device.createCommandEncoder();
  stepper.encodeSteps(encoder, n);
  gpu.device.queue.submit([encoder.finish()]);
  await gpu.device.queue.onSubmittedWorkDone();
};
for (const r of runs) await advance(r.stepper, 1); // pipelines compiled, caches warm
for (let round = 0; round < rounds; round++) {
  for (const r of round % 2 === 0 ? runs : [...runs].reverse()) {
    const t0 = performance.now();
    await advance(r.stepper, steps);
    r.ms.push((performance.now() - t0) / steps);
  }
}
for (const r of runs) {
  const sorted = [...r.ms].sort((a, b) => a - b);
  console.log(
    `${r.name}: ${r.dispatches} dispatches per step; s per step median ${(sorted[sorted.length >> 1] / 1e3).toFixed(3)}, min ${(sorted[0] / 1e3).toFixed(3)}, max ${(sorted[sorted.length - 1] / 1e3).toFixed(3)} (${rounds} rounds of ${steps} steps)`,
  );
  r.stepper.dispose();
}
gpu.dispose();
