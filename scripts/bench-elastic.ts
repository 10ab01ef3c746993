/**
 * The inhomogeneous-elasticity cases of `spinode bench` alone (issue 18's "5x today's steps/s"):
 * `elastic-precipitate-inhomogeneous` at 256^2 with the default solver (conjugate gradients, Willot's
 * operator, started from the previous solution), with CG started from the strain predicted in time, and with the
 * scheme of the issue's filing (basic fixed point, continuous operator), same process, same device, the
 * bench's own code (src/bench/solverBench.ts; each case settles its iterations per step first). The set
 * runs `repeats` times, alternating, and the ratios of each set are printed: on a shared machine the
 * load changes between runs.
 *   npx tsx scripts/bench-elastic.ts [budgetMs=3000] [repeats=1]
 */
import { register } from 'node:module';

register('../bin/hooks/raw-loader.mjs', import.meta.url);
const { acquireNodeGpu } = await import('../src/gpu/nodeGpu.ts');
const { runSolverBench, chemoMechanicalCases, formatSolverTable } = await import('../src/bench/solverBench.ts');

const gpu = await acquireNodeGpu({ label: 'bench-elastic' });
const pair = chemoMechanicalCases().filter((c) => c.model === 'elasticity-inhomogeneous');
const repeats = Number(process.argv[3] ?? 1);
for (let rep = 0; rep < repeats; rep++) {
  const report = await runSolverBench(gpu, pair, { budgetMs: Number(process.argv[2] ?? 3000) });
  if (rep === 0) console.log(formatSolverTable(report));
  const [previous, cg, basic] = report.results;
  const it = (r: typeof cg) => `${r.stepsPerS.toPrecision(3)} (${r.elasticIterationsPerStep} it)`;
  console.log(
    `steps/s: CG predicted ${it(cg)}, CG previous ${it(previous)}, basic ${it(basic)}: predicted/basic ${(cg.stepsPerS / basic.stepsPerS).toFixed(2)}x, predicted/previous ${(cg.stepsPerS / previous.stepsPerS).toFixed(2)}x, previous/basic ${(previous.stepsPerS / basic.stepsPerS).toFixed(2)}x`,
  );
}
gpu.dispose();
