/**
 * Where PFHub 1a spends its steps (issue 17, docs/numerics.md "Where the steps go"): runs the bundled scene
 * with ETDRK4, landing on the check times, with one error tolerance up to `--switch-at` and another after
 * it (written into the GPU's parameters between two landings; the stepper reads it at the next step), and
 * optionally another stabiliser A. Prints the accepted steps at each check time and the relative error of F
 * against the float64 reference (scripts/prototypes, docs/numerics.md "Self-convergence").
 *
 *   npx tsx scripts/pfhub-bm1a-budget.ts [--tolerance 7e-5] [--late-tolerance 1.5e-4] [--switch-at 1000]
 *                                        [--stabilizer auto|A]
 */
import { register } from 'node:module';
import { parseArgs } from 'node:util';

register('../bin/hooks/raw-loader.mjs', import.meta.url); // the WGSL ?raw imports, as bin/spinode
const { acquireNodeGpu } = await import('../src/gpu/nodeGpu.ts');
const { findBundledScene } = await import('../src/scene/bundled.ts');
const { DEFAULT_TOLERANCE, resolveScene } = await import('../src/scene/resolve.ts');
const { Simulation } = await import('../src/solver/simulation.ts');
const { CahnHilliardStepper } = await import('../src/solver/cahnHilliard.ts');

/** F of the float64 reference at the check times (docs/numerics.md, its step halving agrees to 1e-5) */
const REFERENCE = [297.9607, 213.1573, 136.4602, 85.9443, 61.6184, 53.2574, 46.1968, 40.3256];
const CHECK_TIMES = [10, 20, 100, 1000, 2000, 3000, 5000, 10000];

const { values } = parseArgs({
  options: {
    tolerance: { type: 'string', default: String(DEFAULT_TOLERANCE.etdrk4) },
    'late-tolerance': { type: 'string' },
    'switch-at': { type: 'string', default: '1000' },
    stabilizer: { type: 'string', default: 'auto' },
  },
});
const tolerance = Number(values.tolerance);
const lateTolerance = values['late-tolerance'] !== undefined ? Number(values['late-tolerance']) : tolerance;
const switchAt = Number(values['switch-at']);
const stabilizer = values.stabilizer === 'auto' ? 'auto' : Number(values.stabilizer);
for (const [name, v] of [['--tolerance', tolerance], ['--late-tolerance', lateTolerance], ['--switch-at', switchAt]] as const) {
  if (!(v > 0)) throw new Error(`${name}: expected a positive number`);
}
if (stabilizer !== 'auto' && !(stabilizer >= 0)) throw new Error(`--stabilizer: ${values.stabilizer} is neither auto nor a number >= 0`);

const gpu = await acquireNodeGpu({ label: 'pfhub-bm1a-budget' });
try {
  const json = structuredClone(findBundledScene('pfhub-bm1a')!.json) as { time: Record<string, unknown>; model: Record<string, unknown> };
  json.model.stabilizer = stabilizer;
  // the default dtMax of the full run (tEnd / 20), as scripts/converge-bm1a.ts
  json.time = { tEnd: CHECK_TIMES[0], control: { kind: 'accuracy', tolerance, dtMax: CHECK_TIMES.at(-1)! / 20 } };
  const sim = await Simulation.create(gpu, resolveScene(json));
  const stepper = sim.stepper;
  if (!(stepper instanceof CahnHilliardStepper)) throw new Error('pfhub-bm1a is not a Cahn-Hilliard scene');
  const steps: number[] = [];
  const errors: string[] = [];
  let switched = false;
  for (const [i, t] of CHECK_TIMES.entries()) {
    if (!switched && t > switchAt) {
      stepper.setTolerance(lateTolerance);
      switched = true;
    }
    if (i > 0) sim.extendTo(t);
    const last = await sim.run({ chunk: 128 });
    if (last.status !== 'done') throw new Error(`run stopped at t = ${last.time} (${last.status}), not ${t}`);
    steps.push(last.step);
    const e = ((last.freeEnergy - REFERENCE[i]) / REFERENCE[i]) * 100;
    errors.push(`${e >= 0 ? '+' : ''}${e.toFixed(2)}`);
  }
  sim.dispose();
  console.log(`tolerance ${tolerance} to t = ${switchAt}, ${lateTolerance} after; stabilizer ${stabilizer}`);
  console.log(`steps at t = ${CHECK_TIMES.join(', ')}: ${steps.join(' ')}`);
  console.log(`errors of F (%): ${errors.join(' ')}`);
} finally {
  gpu.dispose();
}
