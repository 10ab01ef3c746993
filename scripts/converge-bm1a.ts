/**
 * PFHub benchmark 1a self-convergence (issue 17, docs/numerics.md): runs the bundled scene at the time
 * tolerances tol, tol/4, tol/16, ... with every other setting at its default, lands exactly on each
 * check time (Simulation.extendTo) and prints F there, with the relative difference of each run to the
 * next tighter one and to the tightest. Also the step counts and wall times, as JSON with --json FILE.
 *
 *   npx tsx scripts/converge-bm1a.ts [--tolerance 1e-4] [--levels 4] [--t-end 10000]
 *                                    [--integrator etdrk4|semiImplicitEuler] [--stabilizer A|auto]
 *                                    [--json FILE]
 */
import { writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { parseArgs } from 'node:util';

register('../bin/hooks/raw-loader.mjs', import.meta.url); // the WGSL ?raw imports, as bin/spinode
const { acquireNodeGpu } = await import('../src/gpu/nodeGpu.ts');
const { findBundledScene } = await import('../src/scene/bundled.ts');
const { DEFAULT_TOLERANCE, resolveScene } = await import('../src/scene/resolve.ts');
const { Simulation } = await import('../src/solver/simulation.ts');

const CHECK_TIMES = [10, 20, 100, 1000, 2000, 3000, 5000, 10000];

export interface ConvergenceRun {
  integrator: string;
  tolerance: number;
  /** F at each check time */
  freeEnergy: number[];
  /** accepted steps to the last check time */
  steps: number;
  /** step attempts (calls), rejected ones included: the cost */
  attempts: number;
  wallSeconds: number;
}

export async function convergenceRun(integrator: 'etdrk4' | 'semiImplicitEuler', tolerance: number, tEnd: number, stabilizer: number | 'auto' = 'auto'): Promise<ConvergenceRun> {
  const gpu = await acquireNodeGpu({ label: 'converge-bm1a' });
  try {
    const json = structuredClone(findBundledScene('pfhub-bm1a')!.json) as { time: Record<string, unknown>; model: Record<string, unknown> };
    json.model.stabilizer = stabilizer;
    const times = CHECK_TIMES.filter((t) => t <= tEnd);
    // the default dtMax of the full run (tEnd / 20), so that landing on the check times is the only change
    json.time = { tEnd: times[0], integrator, control: { kind: 'accuracy', tolerance, dtMax: tEnd / 20 } };
    const spec = resolveScene(json);
    const sim = await Simulation.create(gpu, spec);
    const start = performance.now();
    const freeEnergy: number[] = [];
    let steps = 0;
    for (const [i, t] of times.entries()) {
      if (i > 0) sim.extendTo(t);
      const last = await sim.run({ chunk: 128 });
      if (last.status !== 'done' || Math.abs(last.time - t) > 1e-3 * t) throw new Error(`run stopped at t = ${last.time} (${last.status}), not ${t}`);
      freeEnergy.push(last.freeEnergy);
      steps = last.step;
      process.stderr.write(`  ${integrator} tol ${tolerance.toExponential(2)}: t = ${t}, F = ${last.freeEnergy.toFixed(4)}, ${steps} steps, ${sim.current.step + sim.current.rejected} attempts\n`);
    }
    const wallSeconds = (performance.now() - start) / 1000;
    const attempts = sim.current.step + sim.current.rejected;
    sim.dispose();
    return { integrator, tolerance, freeEnergy, steps, attempts, wallSeconds };
  } finally {
    gpu.dispose();
  }
}

function percent(a: number, b: number): string {
  const d = ((a - b) / b) * 100;
  return `${d >= 0 ? '+' : ''}${d.toFixed(3)} %`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      tolerance: { type: 'string' },
      levels: { type: 'string', default: '4' },
      't-end': { type: 'string', default: '10000' },
      integrator: { type: 'string', default: 'etdrk4' },
      stabilizer: { type: 'string', default: 'auto' },
      json: { type: 'string' },
    },
  });
  const integrator = values.integrator as 'etdrk4' | 'semiImplicitEuler';
  if (integrator !== 'etdrk4' && integrator !== 'semiImplicitEuler') throw new Error(`--integrator: ${values.integrator} is neither etdrk4 nor semiImplicitEuler`);
  const tol0 = values.tolerance !== undefined ? Number(values.tolerance) : DEFAULT_TOLERANCE[integrator];
  const tEnd = Number(values['t-end']);
  const stabilizer = values.stabilizer === 'auto' ? 'auto' : Number(values.stabilizer);
  if (stabilizer !== 'auto' && !(stabilizer >= 0)) throw new Error(`--stabilizer: ${values.stabilizer} is neither auto nor a number >= 0`);
  const runs: ConvergenceRun[] = [];
  for (let level = 0; level < Number(values.levels); level++) runs.push(await convergenceRun(integrator, tol0 / 4 ** level, tEnd, stabilizer));
  const times = CHECK_TIMES.filter((t) => t <= tEnd);
  const best = runs[runs.length - 1];
  const lines = [
    `| tolerance | steps | attempts | wall s | ${times.map((t) => `F(${t})`).join(' | ')} |`,
    `|---|---|---|---|${times.map(() => '---').join('|')}|`,
    ...runs.map((r) => `| ${r.tolerance.toExponential(2)} | ${r.steps} | ${r.attempts} | ${r.wallSeconds.toFixed(1)} | ${r.freeEnergy.map((f) => f.toFixed(4)).join(' | ')} |`),
    '',
    `| tolerance | ${times.map((t) => `vs next, t=${t}`).join(' | ')} |`,
    `|---|${times.map(() => '---').join('|')}|`,
    ...runs.slice(0, -1).map((r, i) => `| ${r.tolerance.toExponential(2)} | ${r.freeEnergy.map((f, j) => percent(f, runs[i + 1].freeEnergy[j])).join(' | ')} |`),
    '',
    `| tolerance | ${times.map((t) => `vs tightest, t=${t}`).join(' | ')} |`,
    `|---|${times.map(() => '---').join('|')}|`,
    ...runs.slice(0, -1).map((r) => `| ${r.tolerance.toExponential(2)} | ${r.freeEnergy.map((f, j) => percent(f, best.freeEnergy[j])).join(' | ')} |`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
  if (values.json) writeFileSync(values.json, JSON.stringify({ checkTimes: times, runs }, null, 2));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  });
}
