import { acquireNodeGpu } from './src/gpu/nodeGpu.ts';
import { resolveScene } from './src/scene/resolve.ts';
import { findBundledScene } from './src/scene/bundled.ts';
import { Simulation } from './src/solver/simulation.ts';
const gpu = await acquireNodeGpu({ label: 'x' });
const n = Number(process.argv[2] ?? 256);
for (const contrast of [1.5, 10]) for (const scheme of ['basic', 'conjugateGradient']) for (const green of ['continuous', 'willot']) {
  if (scheme === 'basic' && green === 'willot') continue;
  const json = structuredClone(findBundledScene('elastic-precipitate-inhomogeneous')!.json) as any;
  json.grid.cells = [n, n];
  json.grid.size = [2 * n * 100 / 256, 2 * n * 100 / 256].map((v) => v / 2 * 2);
  json.grid.size = [100 * n / 128, 100 * n / 128];
  json.initial.shape.radius = 10 * n / 128;
  json.model.elasticity.stiffnessLithiated = { kind: 'cubic', c11: 250 * contrast, c12: 150 * contrast, c44: 100 * contrast };
  json.model.elasticity.solver = { tolerance: 1e-4, maxIterations: 64, scheme, greenOperator: green };
  const spec = resolveScene(json);
  const sim = await Simulation.create(gpu, spec);
  await sim.advanceUntil({ maxSteps: 24 }); // settle the adaptation
  const t0 = performance.now();
  const before = sim.current.step;
  await sim.advanceUntil({ maxSteps: 32 });
  const steps = sim.current.step - before;
  const s = (performance.now() - t0) / 1000;
  const fp = sim['stepper'].elasticity.fixedPoint;
  console.log(`${n}^2 contrast ${contrast} ${scheme}/${green}: ${(steps / s).toFixed(2)} steps/s, iterations/step ${fp.iterationsPerStep}, residual ${sim.latest!.elasticResidual.toExponential(2)}, solver ${(fp.bytes / spec.shape[0] / spec.shape[1]).toFixed(1)} B/cell`);
  sim.dispose();
}
gpu.dispose();
