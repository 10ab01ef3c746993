/**
 * Interface study of the hot-spot scenes (issue 18): the interior tension of the NMC particle against the
 * composite sphere with a traction-free shell (src/physics/eshelby.ts, compositeSphereFreeInterior) as the
 * grid, the boundary width (geometry.interfaceCells) and the interface homogenisation
 * (model.elasticity.matrix.interface) change. Same box and particle radius on every grid.
 *   npx tsx scripts/hotspot-interface.ts SCENE CELLS INTERFACE_CELLS INTERFACE [steps=8] [tolerance=1e-5]
 *   e.g. npx tsx scripts/hotspot-interface.ts nmc-in-li6ps5cl-hotspots 48 1 laminate
 */
import { register } from 'node:module';

register('../bin/hooks/raw-loader.mjs', import.meta.url);
const { acquireNodeGpu } = await import('../src/gpu/nodeGpu.ts');
const { PipelineCache } = await import('../src/gpu/pipelineCache.ts');
const { Simulation } = await import('../src/solver/simulation.ts');
const { resolveScene } = await import('../src/scene/resolve.ts');
const { findBundledScene } = await import('../src/scene/bundled.ts');
const { compositeSphereFreeInterior } = await import('../src/physics/eshelby.ts');
const { getMaterial } = await import('../src/physics/materials.ts');

const [name, cellsArg, widthArg, iface, stepsArg, tolArg] = process.argv.slice(2);
if (!name || !cellsArg || !widthArg || !iface) {
  process.stderr.write('usage: npx tsx scripts/hotspot-interface.ts SCENE CELLS INTERFACE_CELLS eigenstress|laminate|eigenstrain [steps=8] [tolerance=1e-5]\n');
  process.exit(2);
}
const n = Number(cellsArg);
const bundled = findBundledScene(name);
if (!bundled) throw new Error(`no bundled scene "${name}"`);
const json = structuredClone(bundled.json) as {
  grid: { cells: number[] };
  geometry: { radius: number; interfaceCells: number };
  model: { elasticity: { matrix: { stiffness: { name: string }; interface?: string }; solver: { tolerance: number; maxIterations: number } } };
};
json.grid.cells = [n, n, n];
json.geometry.interfaceCells = Number(widthArg);
json.model.elasticity.matrix.interface = iface;
json.model.elasticity.solver.tolerance = Number(tolArg ?? 1e-5);
const spec = resolveScene(json);
const gpu = await acquireNodeGpu({ label: 'hotspot-interface' });
const t0 = performance.now();
const sim = await Simulation.create(gpu, spec, { cache: new PipelineCache(gpu.device) });
let residual = NaN;
let iterations = NaN;
sim.onObservables((o) => {
  residual = o.elasticResidual ?? NaN;
  iterations = o.elasticIterations ?? NaN;
});
await sim.run({ maxSteps: Number(stepsArg ?? 8) });
const sigmaXx = await sim.readField('sigma_xx');
const c = await sim.readConcentration();
sim.dispose();
const [nx, ny, nz] = spec.shape;
const centre = nx / 2 + nx * (ny / 2 + ny * (nz / 2));
const radiusCells = json.geometry.radius / spec.spacing[0];
// mean over the nodes within half the radius (the interior field is uniform)
let sum = 0;
let count = 0;
for (let k = 0; k < nz; k++)
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++)
      if (Math.hypot(i - nx / 2, j - ny / 2, k - nz / 2) < radiusCells / 2) {
        sum += sigmaXx[i + nx * (j + ny * k)];
        count++;
      }
const particle = getMaterial('NMC');
const matrix = getMaterial(json.model.elasticity.matrix.stiffness.name);
const fraction = ((4 / 3) * Math.PI * radiusCells ** 3) / (nx * ny * nz);
const composite = compositeSphereFreeInterior(particle, matrix, 0.017 * (c[centre] - 1), fraction);
const pct = (v: number) => `${(100 * (v / composite - 1)).toFixed(2)} %`;
console.log(
  `${name} ${n}^3 R = ${radiusCells.toFixed(1)} cells, boundary ${widthArg} cells, ${iface}: centre ${pct(sigmaXx[centre])}, mean r < R/2 ${pct(sum / count)} ` +
    `(composite sphere ${(composite / 1e6).toFixed(2)} MPa), residual ${residual.toExponential(2)}, iterations ${iterations}, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
