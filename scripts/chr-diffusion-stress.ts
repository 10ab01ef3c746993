/**
 * Diffusion-induced stress of a CHR particle in a pore against Cheng & Verbrugge (issue #19): runs the
 * scene of src/analysis/diffusionStressCheck.ts on the GPU and prints, at each check time, the radial
 * stress at the centre and the hoop stress at the surface against the analytic series. The resolution
 * study of docs/elasticity.md ("Diffusion-induced stress") comes from this script.
 *
 *   npx tsx scripts/chr-diffusion-stress.ts --dims 2 --cells 64 --radius 28 --interface 3 --taus 0.05,0.1,0.2 --loading 0.15
 *   (options: --tolerance (time accuracy), --dtau-max, --k0 (exchange current, A/m^2), --profile (print the
 *   radial profiles against the analytic ones), --elastic-interface W (matrix.interfaceCells: the elastic
 *   boundary's own width; the surface is read on its psi), --site-weight P (exploration: the reaction-site density
 *   w psi^P renormalised to the same reactive area instead of w = |grad psi|, which moves the surface
 *   deposit to the band's inner side; 0, the shipped w, by default))
 */
import { register } from 'node:module';
import { parseArgs } from 'node:util';

register('../bin/hooks/raw-loader.mjs', import.meta.url); // the WGSL ?raw imports, as bin/spinode
const { acquireNodeGpu } = await import('../src/gpu/nodeGpu.ts');
const { resolveScene } = await import('../src/scene/resolve.ts');
const { electrochemistryOf } = await import('../src/scene/resolveElectrochemistry.ts');
const { Simulation } = await import('../src/solver/simulation.ts');
const { elasticIndicator } = await import('../src/solver/geometry.ts');
const { diffusionStressScene, measureDiffusionStress, DIFFUSION_STRESS } = await import('../src/analysis/diffusionStressCheck.ts');

const { values } = parseArgs({
  options: {
    dims: { type: 'string', default: '2' },
    cells: { type: 'string', default: '64' },
    radius: { type: 'string', default: '20' },
    interface: { type: 'string', default: '3' },
    'elastic-interface': { type: 'string' },
    taus: { type: 'string', default: '0.05,0.1,0.2,0.3' },
    tolerance: { type: 'string', default: '1e-4' },
    'dtau-max': { type: 'string' },
    k0: { type: 'string', default: '0.1' },
    profile: { type: 'boolean', default: false },
    loading: { type: 'string', default: '0.6' },
    'site-weight': { type: 'string', default: '0' },
  },
});
const dims = Number(values.dims) as 2 | 3;
const taus = values.taus.split(',').map(Number);
const options = { dims, cells: Number(values.cells), radiusCells: Number(values.radius), interfaceCells: Number(values.interface), elasticInterfaceCells: values['elastic-interface'] === undefined ? undefined : Number(values['elastic-interface']), tauEnd: taus.at(-1)!, timeTolerance: Number(values.tolerance), dtauMax: values['dtau-max'] ? Number(values['dtau-max']) : undefined, exchangeCurrent: Number(values.k0), loading: Number(values.loading) };
const json = diffusionStressScene(options);
const spec = resolveScene(json);
const ec = electrochemistryOf(spec)!;
const radius = ec.particle!.length;
const step = (json.protocol as { steps: { currentDensity: number }[] }).steps[0];
const gpu = await acquireNodeGpu({ label: 'chr-diffusion-stress' });
const sim = await Simulation.create(gpu, spec);
// the surface stress is read on the elastic boundary's psi (the cell's stress is psi_el times the particle's)
const psiElastic = elasticIndicator(spec)!;
const siteWeight = Number(values['site-weight']);
if (siteWeight !== 0) {
  // the deposit's weight psi^P, renormalised: the reactive area sum w, R_eff and the setpoint stay the same
  const stepper = sim.stepper as unknown as { boundary: { psi: Float64Array; siteDensity: Float64Array }; setReactionSites(w: Float64Array): void };
  const { psi, siteDensity } = stepper.boundary;
  const weighted = Float64Array.from(siteDensity, (w, i) => w * psi[i] ** siteWeight);
  const scale = siteDensity.reduce((a, v) => a + v, 0) / weighted.reduce((a, v) => a + v, 0);
  stepper.setReactionSites(weighted.map((w) => w * scale));
}
const start = performance.now();
console.log(`# ${dims}D, ${options.cells}^${dims}, R = ${options.radiusCells} cells (R_eff ${(radius / DIFFUSION_STRESS.cell).toFixed(3)}), interface ${options.interfaceCells} cells (elastic ${options.elasticInterfaceCells ?? 'the same'}), time tolerance ${options.timeTolerance}, dtau max ${options.dtauMax ?? 'default'}, k0 ${options.exchangeCurrent} A/m^2, J R / (D rho) = ${options.loading}, site weight psi^${siteWeight}`);
console.log('| tau | steps | centre sigma_r GPU / analytic [kPa] | error | surface sigma_theta GPU / analytic [kPa] | error | c - c0 centre GPU / analytic | c - c0 surface GPU / analytic | sigma_rr(R) / interior |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const tau of taus) {
  const t = (tau * radius * radius) / DIFFUSION_STRESS.diffusivity;
  await sim.advanceUntil({ chunk: 4, pauseWhen: () => sim.current.time >= t });
  const [psi, sigmaXX, sigmaYY, sigmaZZ, c] = [await sim.readField('psi'), await sim.readField('sigma_xx'), await sim.readField('sigma_yy'), await sim.readField('sigma_zz'), await sim.readField('c')];
  const m = measureDiffusionStress(dims, { shape: spec.shape, psi: psiElastic, sigmaXX, sigmaYY, sigmaZZ, c }, sim.current.time, radius, step.currentDensity);
  const kPa = (v: number) => (v / 1e3).toFixed(3);
  if (values.profile) {
    // the profile along +x from the centre node, against the analytic one (debugging the surface)
    const [nx, ny] = spec.shape;
    const centre = nx / 2 + nx * (ny / 2 + (dims === 3 ? ny * (ny / 2) : 0));
    const { diffusionInducedStress } = await import('../src/physics/diffusionInducedStress.ts');
    const input = { geometry: dims === 3 ? 'sphere' : 'cylinder', radius, diffusivity: DIFFUSION_STRESS.diffusivity, flux: step.currentDensity / 96485.33212, partialMolarVolume: (3 * DIFFUSION_STRESS.strain) / DIFFUSION_STRESS.siteDensity, youngsModulus: DIFFUSION_STRESS.youngsModulus, poissonRatio: DIFFUSION_STRESS.poissonRatio } as const;
    for (let x = 0; x < nx / 2; x++) {
      const i = centre + x;
      const r = x * DIFFUSION_STRESS.cell;
      const a = r <= radius ? diffusionInducedStress(input, r, sim.current.time) : undefined;
      console.log(`r ${x} psi ${psi[i].toFixed(4)} c ${(c[i] - DIFFUSION_STRESS.initial).toFixed(5)} sxx ${kPa(sigmaXX[i])} syy ${kPa(sigmaYY[i])} syy/psi_el ${kPa(sigmaYY[i] / psiElastic[i])} | analytic c ${a ? (a.concentration / DIFFUSION_STRESS.siteDensity).toFixed(5) : '-'} sr ${a ? kPa(a.sigmaR) : '-'} st ${a ? kPa(a.sigmaTheta) : '-'}`);
    }
  }
  const pct = (v: number) => `${(100 * v).toFixed(2)} %`;
  console.log(`| ${m.tau.toFixed(4)} | ${sim.current.step} | ${kPa(m.centreRadial)} / ${kPa(m.analyticCentreRadial)} | ${pct(m.centreError)} | ${kPa(m.surfaceHoop)} / ${kPa(m.analyticSurfaceHoop)} | ${pct(m.surfaceError)} | ${m.centreConcentration.toFixed(5)} / ${m.analyticCentreConcentration.toFixed(5)} | ${m.surfaceConcentration.toFixed(5)} / ${m.analyticSurfaceConcentration.toFixed(5)} | ${pct(m.surfaceRadial / m.interiorScale)} |`);
}
console.log(`# ${((performance.now() - start) / 1000).toFixed(1)} s`);
sim.dispose();
gpu.dispose();
