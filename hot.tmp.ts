import { acquireNodeGpu } from './src/gpu/nodeGpu.ts';
import { resolveScene } from './src/scene/resolve.ts';
import { findBundledScene } from './src/scene/bundled.ts';
import { Simulation } from './src/solver/simulation.ts';
import { getMaterial } from './src/physics/materials.ts';
const gpu = await acquireNodeGpu({ label: 'x' });
function composite(particle: any, matrix: any, eigenstrain: number, f: number) {
  const bulk = (m: any) => m.youngsModulus / (3 * (1 - 2 * m.poissonRatio));
  const shear = (m: any) => m.youngsModulus / (2 * (1 + m.poissonRatio));
  const [Kp, Km, Gm] = [bulk(particle), bulk(matrix), shear(matrix)];
  const a1 = (4 * Gm * f) / (3 * Km);
  const B = (3 * Kp * eigenstrain) / (3 * Kp * (a1 + 1) - 3 * Km * a1 + 4 * Gm);
  return 3 * Kp * (a1 * B + B - eigenstrain);
}
for (const name of process.argv.slice(3)) for (const w of process.argv[2].split(',').map(Number)) {
  const json = structuredClone(findBundledScene(name)!.json) as any;
  json.geometry.interfaceCells = w;
  json.model.elasticity.solver.tolerance = 1e-5;
  if (process.env.IFACE) json.model.elasticity.matrix.interface = process.env.IFACE;
  json.model.elasticity.solver.maxIterations = 64;
  const spec = resolveScene(json);
  const sim = await Simulation.create(gpu, spec);
  await sim.run({ maxSteps: 8 });
  const sxx = await sim.readField('sigma_xx');
  const c = await sim.readConcentration();
  const [nx, ny, nz] = spec.shape;
  const centre = nx / 2 + nx * (ny / 2 + ny * (nz / 2));
  const r = 0.5e-6 / spec.spacing[0];
  const f = ((4 / 3) * Math.PI * r ** 3) / (nx * ny * nz);
  const matrix = getMaterial(json.model.elasticity.matrix.stiffness.name);
  const comp = composite(getMaterial('NMC'), matrix, 0.017 * (c[centre] - 1), f);
  console.log(`${name} interfaceCells ${w}: interior ${(sxx[centre] / 1e6).toFixed(1)} MPa vs composite ${(comp / 1e6).toFixed(1)} (${(100 * (sxx[centre] / comp - 1)).toFixed(1)} %), residual ${sim.latest!.elasticResidual.toExponential(2)}`);
  sim.dispose();
}
gpu.dispose();
