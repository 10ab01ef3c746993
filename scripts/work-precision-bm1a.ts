/**
 * Work-precision diagram of the time integrators on PFHub benchmark 1a (issue 17, docs/numerics.md):
 * for each integrator a ladder of tolerances, each run landing exactly on t = 10, 20, 100, 1000
 * (scripts/converge-bm1a.ts), and the largest relative error of F there against the converged
 * trajectory, drawn against the step attempts (rejected ones included: the work) and against the wall
 * time. Writes docs/figures/work-precision-bm1a-steps.png and -wall.png and prints the table.
 *
 *   npx tsx scripts/work-precision-bm1a.ts [--out docs/figures] [--json FILE]
 *   npx tsx scripts/work-precision-bm1a.ts --replot FILE      (redraw a saved --json without running)
 *
 * The converged F values are a float64 ETDRK4 solution with fixed steps (0.05 to t = 100, 0.2 to 1000),
 * whose step halving agrees to 3e-7 at t <= 100 and 1e-5 at t = 1000 (docs/numerics.md, "ETDRK4").
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { convergenceRun, type ConvergenceRun } from './converge-bm1a.ts';
import { renderLinePlotPng } from '../src/io/linePlot.ts';

const T_END = 1000;
const CONVERGED = [297.96073, 213.15732, 136.46022, 85.94432];
const LADDERS = {
  semiImplicitEuler: [3e-4, 1e-4, 3e-5, 1e-5],
  etdrk4: [3e-4, 1e-4, 7e-5, 3e-5, 1e-5],
} as const;
const NAMES = { semiImplicitEuler: 'first order', etdrk4: 'ETDRK4' } as const;

function worstError(run: ConvergenceRun): number {
  return Math.max(...run.freeEnergy.map((f, i) => Math.abs(f - CONVERGED[i]) / CONVERGED[i]));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'docs/figures' }, json: { type: 'string' }, replot: { type: 'string' } } });
  const runs: ConvergenceRun[] = [];
  if (values.replot) runs.push(...(JSON.parse(readFileSync(values.replot, 'utf8')) as { runs: ConvergenceRun[] }).runs);
  else {
    for (const integrator of ['semiImplicitEuler', 'etdrk4'] as const) {
      for (const tolerance of LADDERS[integrator]) runs.push(await convergenceRun(integrator, tolerance, T_END));
    }
  }
  const rows = runs.map((r) => ({ ...r, error: worstError(r) }));
  process.stdout.write('| integrator | tolerance | steps | attempts | wall s | max |F - F_conv| / F_conv, t <= 1000 |\n|---|---|---|---|---|---|\n');
  for (const r of rows) {
    process.stdout.write(`| ${NAMES[r.integrator as keyof typeof NAMES]} | ${r.tolerance.toExponential(1)} | ${r.steps} | ${r.attempts} | ${r.wallSeconds.toFixed(1)} | ${(r.error * 100).toPrecision(3)} % |\n`);
  }
  for (const [axis, label, x] of [
    ['steps', 'step attempts to t = 1000 (rejected included)', (r: (typeof rows)[number]) => r.attempts],
    ['wall', 'wall time to t = 1000 [s] (this machine, software adapter)', (r: (typeof rows)[number]) => r.wallSeconds],
  ] as const) {
    const png = await renderLinePlotPng({
      title: 'PFHub 1a: worst relative error of F at t = 10, 20, 100, 1000',
      x: { label, log: true },
      y: { label: 'max |F - F_converged| / F_converged', log: true },
      series: (['semiImplicitEuler', 'etdrk4'] as const).map((integrator) => ({
        name: NAMES[integrator],
        points: rows.filter((r) => r.integrator === integrator).map((r) => [x(r), r.error] as const).sort((a, b) => a[0] - b[0]),
      })),
    });
    writeFileSync(join(values.out!, `work-precision-bm1a-${axis}.png`), png);
  }
  if (values.json) writeFileSync(values.json, JSON.stringify({ converged: CONVERGED, runs: rows }, null, 2));
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
