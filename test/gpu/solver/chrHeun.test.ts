import { describe, expect, it } from 'vitest';
import { useGpu } from '../gpuContext.ts';
import { PipelineCache } from '../../../src/gpu/pipelineCache.ts';
import { resolveScene } from '../../../src/scene/resolve.ts';
import { Simulation, type Observables } from '../../../src/solver/simulation.ts';
import { CahnHilliardReactionStepper } from '../../../src/solver/cahnHilliardReaction.ts';
import { smoothedBoundary } from '../../../src/solver/smoothedBoundary.ts';
import { particle } from './electrochemScenes.ts';

type Integrator = 'semiImplicitEuler' | 'semiImplicitHeun';
const caches = new WeakMap<GPUDevice, PipelineCache>();

/** A 32^2 particle (radius 11 cells) from a smooth composition wave, at 2C, to tEnd with a fixed step. */
function scene(integrator: Integrator, dt: number, tEnd: number) {
  const json = particle({
    cells: [32, 32],
    radiusCells: 11,
    omegaRT: 1.5,
    form: 'concentration',
    diffusivity: 1e-17,
    k0: 0.1,
    initial: { kind: 'cosine', mean: 0.4, amplitude: 0.2, modes: [1, 1] },
    control: { kind: 'fixed', dt },
    tEnd,
    steps: [{ kind: 'constantCurrent', cRate: 5 }],
  });
  (json.time as Record<string, unknown>).integrator = integrator;
  return json;
}

async function finalState(gpu: ReturnType<ReturnType<typeof useGpu>>, integrator: Integrator, dt: number, tEnd: number) {
  const spec = resolveScene(scene(integrator, dt, tEnd));
  if (!caches.has(gpu.device)) caches.set(gpu.device, new PipelineCache(gpu.device));
  const sim = await Simulation.create(gpu, spec, { cache: caches.get(gpu.device) });
  expect(sim.stepper).toBeInstanceOf(CahnHilliardReactionStepper);
  const records: Observables[] = [];
  sim.onObservables((o) => records.push(o));
  await sim.run({ chunk: 64 });
  const c = await sim.readConcentration();
  sim.dispose();
  return { spec, c, records };
}

/** RMS difference of two c fields over the particle (psi >= 1/2). */
function particleDistance(psi: Float64Array, a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < psi.length; i++) {
    if (psi[i] < 0.5) continue;
    sum += (a[i] - b[i]) ** 2;
    n++;
  }
  return Math.sqrt(sum / n);
}

describe('CHR semiImplicitHeun step (issue 17)', () => {
  const gpu = useGpu();

  // Self-convergence: with dt halved three times, the differences between successive solutions fall by
  // 2^p, p the order. The first-order step, measured the same way, shows p = 1: the test tells them apart.
  it('halving the step shows second order (the first-order step: first order)', async () => {
    const tEnd = 8;
    const orders: Record<string, number[]> = {};
    for (const integrator of ['semiImplicitHeun', 'semiImplicitEuler'] as const) {
      const fields: Awaited<ReturnType<typeof finalState>>[] = [];
      for (const steps of [24, 48, 96, 192]) fields.push(await finalState(gpu(), integrator, tEnd / steps, tEnd));
      const psi = smoothedBoundary(fields[0].spec)!.psi;
      const differences = fields.slice(1).map((f, i) => particleDistance(psi, fields[i].c, f.c));
      orders[integrator] = differences.slice(1).map((d, i) => Math.log2(differences[i] / d));
      console.log(`CHR ${integrator}: differences ${differences.map((d) => d.toExponential(3)).join(', ')}, orders ${orders[integrator].map((p) => p.toFixed(3)).join(', ')}`);
    }
    for (const p of orders.semiImplicitHeun) expect(Math.abs(p - 2)).toBeLessThan(0.2);
    for (const p of orders.semiImplicitEuler) expect(Math.abs(p - 1)).toBeLessThan(0.2);
  });
});
