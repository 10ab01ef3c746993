/**
 * A uniformly lithiated CHR particle bonded to an electrolyte, or in a pore, against the composite sphere
 * (3D) or cylinder (2D) (issue #19; src/analysis/bondedParticleCheck.ts). Prints the interior stress, the
 * matrix-side interface traction and hoop stress against the reference, and the largest |sigma| of the same
 * particle in a pore. The resolution study of docs/elasticity.md ("Bonded particle, uniform lithiation")
 * comes from this script.
 *
 *   npx tsx scripts/chr-bonded-particle.ts --dims 3 --cells 40 --radius 10 --interface 1 --ratio 0.5
 *   (options: --ratio E_m / E_p of the electrolyte (nu_m 0.25), several comma-separated; --pore-interface W
 *   (the pore run's width; 0 skips it); --matrix-interface eigenstress | laminate | eigenstrain (the
 *   bonded runs' matrix.interface); --elastic-interface W (matrix.interfaceCells: the elastic boundary's own
 *   width, the geometry's psi keeping --interface / --pore-interface); --iterations (CG iterations per solve);
 *   --steps (solves at rest))
 */
import { register } from 'node:module';
import { parseArgs } from 'node:util';

register('../bin/hooks/raw-loader.mjs', import.meta.url); // the WGSL ?raw imports, as bin/spinode
const { acquireNodeGpu } = await import('../src/gpu/nodeGpu.ts');
const { resolveScene } = await import('../src/scene/resolve.ts');
const { Simulation } = await import('../src/solver/simulation.ts');
const { freeEnergy } = await import('../src/physics/freeEnergy.ts');
const { DIFFUSION_STRESS } = await import('../src/analysis/diffusionStressCheck.ts');
const { elasticIndicator } = await import('../src/solver/geometry.ts');
const { uniformParticleScene, uniformParticleReference, measureUniformParticle } = await import('../src/analysis/bondedParticleCheck.ts');

const { values } = parseArgs({
  options: {
    dims: { type: 'string', default: '3' },
    cells: { type: 'string', default: '40' },
    radius: { type: 'string', default: '10' },
    interface: { type: 'string', default: '1' },
    'pore-interface': { type: 'string', default: '3' },
    ratio: { type: 'string', default: '0.5' },
    iterations: { type: 'string', default: '32' },
    steps: { type: 'string', default: '4' },
    'matrix-interface': { type: 'string', default: 'eigenstress' },
    'elastic-interface': { type: 'string' },
  },
});
const dims = Number(values.dims) as 2 | 3;
const cells = Number(values.cells);
const radius = Number(values.radius);
const strain = 0.01;
const elasticWidth = values['elastic-interface'] === undefined ? {} : { interfaceCells: Number(values['elastic-interface']) };
const gpu = await acquireNodeGpu({ label: 'chr-bonded-particle' });
const components = dims === 3 ? (['sigma_xx', 'sigma_yy', 'sigma_zz', 'sigma_xy', 'sigma_xz', 'sigma_yz'] as const) : (['sigma_xx', 'sigma_yy', 'sigma_zz'] as const);

async function solve(matrix: unknown, interfaceCells: number) {
  const spec = resolveScene(uniformParticleScene({ dims, cells, radiusCells: radius, interfaceCells, matrix, strain }));
  const sim = await Simulation.create(gpu, spec);
  sim.stepper.elasticity!.fixedPoint!.iterationsPerStep = Number(values.iterations);
  const start = performance.now();
  const last = await sim.run({ maxSteps: Number(values.steps), chunk: Number(values.steps) });
  const psi = await sim.readField('psi');
  const stress = [];
  for (const name of components) stress.push(await sim.readField(name));
  const [c, mu] = [await sim.readField('c'), await sim.readField('mu')];
  const seconds = (performance.now() - start) / 1000;
  const residual = last.elasticResidual;
  sim.dispose();
  // the matrix side is found on the elastic boundary's psi (the geometry's where the scene gives none)
  const m = measureUniformParticle(dims, { shape: spec.shape, psi: elasticIndicator(spec)!, stress }, radius);
  let volume = 0;
  for (const v of psi) volume += v;
  const centre = cells / 2 + cells * (cells / 2 + (dims === 3 ? cells * (cells / 2) : 0));
  const muElastic = mu[centre] - freeEnergy(spec.freeEnergy).df(c[centre]);
  const muExpected = -strain * (stress[0][centre] + stress[1][centre] + stress[2][centre]);
  return { m, volume, muError: muElastic / muExpected - 1, seconds, residual };
}

const pct = (v: number) => `${(100 * v).toFixed(2)} %`;
const MPa = (v: number) => (v / 1e6).toFixed(4);
const fraction = dims === 3 ? ((4 / 3) * Math.PI * radius ** 3) / cells ** 3 : (Math.PI * radius ** 2) / cells ** 2;
console.log(`# ${dims}D, ${cells}^${dims}, R = ${radius} cells, f = ${pct(fraction)}, bonded interface ${values.interface} cells (${values['matrix-interface']}; elastic boundary ${values['elastic-interface'] ?? 'the same'}), ${values.iterations} CG iterations x ${values.steps} solves`);
console.log('| E_m / E_p | interior GPU / composite [MPa] | error | traction (matrix side) | error | hoop at r1 | error | mu_el / (-eps00 tr sigma) - 1 | R_eff (volume) | residual | wall |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
let bondedInterior = 0;
for (const ratio of values.ratio.split(',').map(Number)) {
  const matrixModuli = { youngsModulus: DIFFUSION_STRESS.youngsModulus * ratio, poissonRatio: 0.25 };
  const ref = uniformParticleReference(dims, cells, radius, matrixModuli, strain);
  const { m, volume, muError, seconds, residual } = await solve({ stiffness: { kind: 'isotropic', ...matrixModuli }, interface: values['matrix-interface'], ...elasticWidth }, Number(values.interface));
  if (!bondedInterior) bondedInterior = m.interior;
  const rEff = dims === 3 ? Math.cbrt((3 * volume) / (4 * Math.PI)) : Math.sqrt(volume / Math.PI);
  console.log(`| ${ratio} | ${MPa(m.interior)} / ${MPa(ref.interiorStress)} | ${pct(m.interior / ref.interiorStress - 1)} | ${MPa(m.traction)} | ${pct(m.traction / ref.interiorStress - 1)} | ${MPa(m.hoop)} / ${MPa(ref.hoopStress(m.r1))} (r1 ${m.r1}) | ${pct(m.hoop / ref.hoopStress(m.r1) - 1)} | ${muError.toExponential(2)} | ${rEff.toFixed(3)} | ${residual?.toExponential(2)} | ${seconds.toFixed(1)} s |`);
}
const poreWidth = Number(values['pore-interface']);
if (poreWidth > 0) {
  const { m, seconds, residual } = await solve({ stiffness: { kind: 'void' }, ...elasticWidth }, poreWidth);
  console.log(`# pore (interface ${poreWidth} cells): largest |sigma_ij| ${m.largest.toExponential(3)} Pa = ${pct(m.largest / Math.abs(bondedInterior))} of the bonded interior; residual ${residual?.toExponential(2)}; ${seconds.toFixed(1)} s`);
}
gpu.dispose();
