/**
 * The GPU electrodeposition step (src/solver/electrodeposition.ts) against its float64 twin
 * (src/solver/electrodepositionReference.ts): max differences of xi, c~, phi after a few steps on a flat
 * front (48 x 8), a nucleus (32 x 32) and the bundled scenes (`scene`: li-dendrite-2d, `scene3d`: li-dendrite-3d)
 * at -0.45 V, for several fixed CG iteration counts, so that the counts can be chosen from measurement
 * (docs/electrodeposition.md "Numerics", "3D").
 *   npx tsx scripts/electrodeposition-gpu.ts [steps=5] [cases=flat,nucleus,scene,scene3d] [counts=2:10:20,3:80:20:jacobi]
 * (a count is Newton systems : charge-balance CG iterations : transport CG iterations [: charge preconditioner])
 */
import { register } from 'node:module';

register('../bin/hooks/raw-loader.mjs', import.meta.url);
const { acquireNodeGpu } = await import('../src/gpu/nodeGpu.ts');
const { ElectrodepositionStepper } = await import('../src/solver/electrodeposition.ts');
const { depositionStep } = await import('../src/solver/electrodepositionReference.ts');
const { electrodepositionInternal } = await import('../src/physics/electrodeposition.ts');
const { depositionCase } = await import('../test/gpu/solver/electrodepositionCases.ts');
const { parseElectrodepositionScene } = await import('../src/cli/electrodepositionRun.ts');
const { initialDeposition } = await import('../src/solver/electrodepositionInitial.ts');
const { electrodepositionParameters } = await import('../src/scene/electrodepositionSchema.ts');
const { readFileSync } = await import('node:fs');

const gpu = await acquireNodeGpu({ label: 'electrodeposition-gpu' });
const steps = Number(process.argv[2] ?? 5);
// Newton systems : charge-balance CG : transport CG per coupling pass [: spectral | jacobi], e.g. 2:10:20,3:80:20:jacobi
const counts = (process.argv[4] ?? '2:10:20,3:80:20:jacobi').split(',').map((t) => {
  const [chargeNewton, chargeCg, transportCg] = t.split(':').slice(0, 3).map(Number);
  const chargePreconditioner = (t.split(':')[3] ?? 'spectral') as 'spectral' | 'jacobi';
  return { chargeNewton, chargeCg, transportCg, chargePreconditioner };
});
// a bundled scene (li-dendrite-2d: 96 x 48; li-dendrite-3d: 40 x 16 x 16), its own dt
const sceneCase = (name: string) => {
  const scene = parseElectrodepositionScene(JSON.parse(readFileSync(`scenes/${name}.json`, 'utf8')), name);
  const p = electrodepositionParameters(scene);
  const { grid, state } = initialDeposition(scene);
  return { grid, scene: p, state, dt: scene.time.dt / electrodepositionInternal(p).scales.time };
};
for (const name of (process.argv[3] ?? 'flat,nucleus,scene').split(',')) {
  const { grid, scene, state: initial, dt } = name === 'scene' ? sceneCase('li-dendrite-2d') : name === 'scene3d' ? sceneCase('li-dendrite-3d') : depositionCase(name as 'flat' | 'nucleus');
  const q = electrodepositionInternal(scene);
  const twin = { xi: Float64Array.from(initial.xi), c: Float64Array.from(initial.c), phi: Float64Array.from(initial.phi) };
  let t0 = performance.now();
  for (let s = 0; s < steps; s++) depositionStep(grid, q, twin, dt);
  console.log(`${name} ${grid.shape.join('x')}: twin ${steps} steps ${(performance.now() - t0).toFixed(0)} ms`);
  const scale = (a: ArrayLike<number>) => Math.max(...Array.from(a, Math.abs));
  for (const c of counts) {
    const stepper = new ElectrodepositionStepper(gpu, grid, q, dt, c);
    stepper.upload(initial);
    t0 = performance.now();
    const encoder = gpu.device.createCommandEncoder();
    stepper.encodeSteps(encoder, steps);
    gpu.device.queue.submit([encoder.finish()]);
    const out = await stepper.read();
    const ms = performance.now() - t0;
    const diff = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));
    console.log(
      `  newton ${c.chargeNewton} chargeCg ${c.chargeCg} (${c.chargePreconditioner}) transportCg ${c.transportCg}: ${ms.toFixed(0)} ms; max |d xi| ${diff(out.xi, twin.xi).toExponential(2)}, |d c| ${diff(out.c, twin.c).toExponential(2)} (of ${scale(twin.c).toFixed(3)}), |d phi| ${diff(out.phi, twin.phi).toExponential(2)} (of ${scale(twin.phi).toFixed(2)})`,
    );
    stepper.dispose();
  }
}
gpu.dispose();
