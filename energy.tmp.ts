import { acquireNodeGpu } from './src/gpu/nodeGpu.ts';
import { resolveScene } from './src/scene/resolve.ts';
import { findBundledScene } from './src/scene/bundled.ts';
import { Simulation, type Observables } from './src/solver/simulation.ts';
const gpu = await acquireNodeGpu({ label: 'x' });
for (const iface of ['laminate', 'eigenstress']) {
  const json = structuredClone(findBundledScene('elastic-precipitate')!.json) as any;
  json.grid.cells = [64, 64];
  json.grid.size = [50, 50];
  json.initial = { kind: 'noise', mean: 0.5, amplitude: 0.05, seed: 3 };
  json.geometry = { kind: 'sphere', radius: 15, interfaceCells: 2 };
  json.model.elasticity.matrix = { stiffness: { kind: 'isotropic', youngsModulus: 30, poissonRatio: 0.3 }, interface: iface };
  json.model.elasticity.solver = { tolerance: 1e-6, maxIterations: 64 };
  json.time = { tEnd: 1e9, control: { kind: 'fixed', dt: 0.05 } };
  const sim = await Simulation.create(gpu, resolveScene(json));
  const rec: Observables[] = [];
  sim.onObservables((o) => rec.push(o));
  await sim.run({ maxSteps: 300 });
  let rises = 0, worst = 0;
  for (let i = 1; i < rec.length; i++) { const d = (rec[i].freeEnergy - rec[i - 1].freeEnergy) / Math.abs(rec[i - 1].freeEnergy); if (d > 1e-6) { rises++; worst = Math.max(worst, d); } }
  console.log(`${iface}: ${rec.length} records, F ${rec[0].freeEnergy.toExponential(4)} -> ${rec[rec.length - 1].freeEnergy.toExponential(4)}, elastic ${rec[rec.length-1].elasticEnergy.toExponential(3)}, rises ${rises} (worst ${worst.toExponential(1)}), residual ${rec[rec.length - 1].elasticResidual.toExponential(1)} iterations ${rec[rec.length-1].elasticIterations}`);
  sim.dispose();
}
gpu.dispose();
