/**
 * Does batching small sweep samples in one process pay? (issue #22, last item.) Runs the same N samples
 * of lfp-platelet-slow (16^2 platelet, C-rates 0.1..2, t_end 600 s) four ways and reports samples/s:
 *
 *   process      one `spinode run` child process per sample, one after the other (what `sweep run --jobs 1`
 *                does): every sample pays Node + module loading, a GPU device, and its pipelines' compilation;
 *   device       one process and one GPU device, a new pipeline cache per sample (pipelines compiled
 *                every time): what the device and module loading alone cost;
 *   shared       one process, one device and one pipeline cache (src/gpu/pipelineCache.ts), the samples one
 *                after the other: pipelines (and the FFT plans' pipelines) compiled once;
 *   interleaved  one process, all N simulations alive at once, advanced round-robin in chunks of 64 steps
 *                on the same queue (the structure a batched solve would have, without merging the grids
 *                into one dispatch).
 * All four must give bit-identical final capacities (checked), so the comparison is like for like.
 *
 *   npx tsx scripts/bench-sweep-batching.ts [N=8] [--cells 16]
 */
import { register } from 'node:module';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

register('../bin/hooks/raw-loader.mjs', import.meta.url);
const { acquireNodeGpu } = await import('../src/gpu/nodeGpu.ts');
const { PipelineCache } = await import('../src/gpu/pipelineCache.ts');
const { Simulation } = await import('../src/solver/simulation.ts');
const { ProtocolController } = await import('../src/solver/protocolController.ts');
const { resolveScene } = await import('../src/scene/resolve.ts');
const { findBundledScene } = await import('../src/scene/bundled.ts');
const { applyOverride } = await import('../src/cli/sceneArgument.ts');

const args = process.argv.slice(2);
const count = Number(args.find((a) => /^\d+$/.test(a)) ?? 8);
const cellsAt = args.indexOf('--cells');
const cells = cellsAt >= 0 ? Number(args[cellsAt + 1]) : 16;
const cRates = Array.from({ length: count }, (_, i) => 0.1 * 20 ** (i / Math.max(1, count - 1)));

function sceneJson(cRate: number): Record<string, unknown> {
  const json = structuredClone(findBundledScene('lfp-platelet-slow')!.json) as Record<string, unknown>;
  for (const s of [`grid.cells=[${cells},${cells}]`, `grid.size=[${cells * 1e-9},${cells * 1e-9}]`, 'time.tEnd=600', 'output.fieldFrames=0', `protocol.steps[0].cRate=${cRate}`]) applyOverride(json, s);
  return json;
}

const root = mkdtempSync(join(tmpdir(), 'spinode-batching-'));
const results: Record<string, { seconds: number; capacities: number[] }> = {};

// 1. one process per sample
{
  const started = performance.now();
  const capacities: number[] = [];
  for (const [i, cRate] of cRates.entries()) {
    const file = join(root, `scene${i}.json`);
    writeFileSync(file, JSON.stringify(sceneJson(cRate)));
    const out = join(root, `run${i}`);
    const p = spawnSync(process.execPath, [resolve('bin/spinode'), 'run', file, '--out', out, '--quiet'], { encoding: 'utf8' });
    if (p.status !== 0) throw new Error(`sample ${i}: ${p.stderr}`);
    capacities.push(JSON.parse(readFileSync(join(out, 'qoi.json'), 'utf8')).quantities.capacity_end);
  }
  results.process = { seconds: (performance.now() - started) / 1000, capacities };
}

const gpu = await acquireNodeGpu({ label: 'bench-sweep-batching' });
try {
  // 2. one device, pipelines compiled anew for every sample
  {
    const started = performance.now();
    const capacities: number[] = [];
    for (const cRate of cRates) {
      const sim = await Simulation.create(gpu, resolveScene(sceneJson(cRate)), { cache: new PipelineCache(gpu.device) });
      ProtocolController.for(sim.stepper);
      capacities.push((await sim.run()).capacity);
      sim.dispose();
    }
    results.device = { seconds: (performance.now() - started) / 1000, capacities };
  }
  // 3. one device, one pipeline cache, one sample after the other
  {
    const started = performance.now();
    const cache = new PipelineCache(gpu.device);
    const capacities: number[] = [];
    for (const cRate of cRates) {
      const sim = await Simulation.create(gpu, resolveScene(sceneJson(cRate)), { cache });
      ProtocolController.for(sim.stepper);
      capacities.push((await sim.run()).capacity);
      sim.dispose();
    }
    results.shared = { seconds: (performance.now() - started) / 1000, capacities };
  }
  // 4. all samples alive, advanced round-robin on one queue
  {
    const started = performance.now();
    const cache = new PipelineCache(gpu.device);
    const sims = [];
    for (const cRate of cRates) {
      const sim = await Simulation.create(gpu, resolveScene(sceneJson(cRate)), { cache });
      ProtocolController.for(sim.stepper);
      sims.push(sim);
    }
    const running = new Set(sims);
    while (running.size > 0) {
      for (const sim of [...running]) if ((await sim.advanceUntil({ maxSteps: 64, chunk: 64 })) === 'done') running.delete(sim);
    }
    const capacities = sims.map((s) => s.latest!.capacity);
    for (const s of sims) s.dispose();
    results.interleaved = { seconds: (performance.now() - started) / 1000, capacities };
  }
} finally {
  gpu.dispose();
  rmSync(root, { recursive: true, force: true });
}

const reference = results.process.capacities;
process.stdout.write(`${count} samples, ${cells}^2 LFP platelet, t_end 600 s, on "${gpu.adapterInfo.description || gpu.adapterInfo.vendor}"\n`);
process.stdout.write('mode          seconds   samples/s   vs process   capacities equal\n');
for (const [mode, r] of Object.entries(results)) {
  const same = r.capacities.every((c, i) => Object.is(c, reference[i]));
  process.stdout.write(`${mode.padEnd(12)} ${r.seconds.toFixed(2).padStart(8)} ${(count / r.seconds).toFixed(3).padStart(11)} ${(results.process.seconds / r.seconds).toFixed(2).padStart(11)}x   ${same ? 'yes' : `NO: ${r.capacities.join(' ')} vs ${reference.join(' ')}`}\n`);
}
