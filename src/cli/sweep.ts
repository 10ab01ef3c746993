/**
 * `spinode sweep plan|run|slurm|collect` (DESIGN.md 4.2b, docs/sweeps.md): parameter studies over a
 * scene, on this machine or on a Slurm cluster. The work lives in src/sweep/; this file parses the
 * options and prints one line per outcome.
 */
import type { Command } from 'commander';
import { planSweep } from '../sweep/plan.ts';
import { runSweep } from '../sweep/runSamples.ts';
import { submitSweep } from '../sweep/slurmSubmit.ts';
import { collectSweep } from '../sweep/collect.ts';
import { InputError } from './inputError.ts';
import { EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_OK, EXIT_RUNTIME_FAILURE } from './exitCodes.ts';

function wholeNumber(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!Number.isInteger(v) || v < min) throw new InputError(`${flag} ${text}: expected a whole number >= ${min}`);
  return v;
}

const say = (line: string) => process.stderr.write(`${line}\n`);

export function registerSweepCommands(program: Command, setExitCode: (code: number) => void): void {
  const sweep = program.command('sweep').description('parameter studies: plan samples from a sweep.json, run them here or on Slurm, collect summary.csv');

  sweep
    .command('plan')
    .description('expand SWEEP into one folder per sample (resolved scene + index) and validate every sample')
    .argument('<sweep>', 'sweep file (.json)')
    .requiredOption('--out <dir>', 'the sweep folder to create')
    .action(async (file: string, opts: { out: string }) => {
      const { plan, invalid } = await planSweep(file, opts.out);
      for (const s of invalid) for (const p of s.problems) say(`sweep: sample ${s.index} invalid: ${p}`);
      say(`sweep ${plan.name}: ${plan.samples.length} samples planned in ${opts.out} (${plan.samples.length - invalid.length} valid${invalid.length ? `, ${invalid.length} invalid: recorded, skipped by run` : ''})`);
      setExitCode(invalid.length === plan.samples.length ? EXIT_BAD_INPUT : EXIT_OK);
    });

  sweep
    .command('run')
    .description('run the planned samples on this machine with a bounded pool; resumes, keeps failed samples')
    .argument('<dir>', 'sweep folder made by `spinode sweep plan`')
    .option('--jobs <n>', 'samples at a time (default 1; see docs/sweeps.md for sizing)')
    .option('--sample <i>', 'run only sample I (what a Slurm array task does)')
    .option('--retry-failed', 'run failed samples again')
    .option('--in-process', 'run the samples one after the other in this process on one GPU device and one set of compiled pipelines (many small samples: several times the samples/s)')
    .action(async (dir: string, opts: { jobs?: string; sample?: string; retryFailed?: boolean; inProcess?: boolean }) => {
      const jobs = wholeNumber('--jobs', opts.jobs, 1) ?? 1;
      if (opts.inProcess && jobs > 1) throw new InputError(`--jobs ${jobs} with --in-process: in-process samples run one at a time on one device; drop one of the two`);
      const sample = wholeNumber('--sample', opts.sample, 0);
      const result = await runSweep(dir, { jobs, sample, retryFailed: opts.retryFailed, inProcess: opts.inProcess, log: say });
      const c = result.counts;
      say(`sweep: ${c.done} done, ${c.failed} failed, ${c.invalid} invalid, ${c.interrupted} not finished (${result.ran} run now)`);
      setExitCode(result.interrupted ? EXIT_INTERRUPTED : c.failed + c.invalid + c.interrupted > 0 ? EXIT_RUNTIME_FAILURE : EXIT_OK);
    });

  sweep
    .command('slurm')
    .description('write and submit a Slurm job array (one sample per task) and a dependent collect job')
    .argument('<dir>', 'sweep folder made by `spinode sweep plan`')
    .option('--partition <p>', 'partition (sbatch --partition)')
    .option('--gpus-per-task <g>', 'GPUs per sample (sbatch --gpus-per-task), e.g. 1')
    .option('--time <t>', 'wall-time limit per sample (sbatch --time), e.g. 2:00:00')
    .option('--array-limit <k>', 'at most K samples at once (--array=0-N%K)')
    .option('--no-submit', 'write the scripts only')
    .action((dir: string, opts: { partition?: string; gpusPerTask?: string; time?: string; arrayLimit?: string; submit: boolean }) => {
      const r = submitSweep(dir, { partition: opts.partition, gpusPerTask: wholeNumber('--gpus-per-task', opts.gpusPerTask, 1), time: opts.time, arrayLimit: wholeNumber('--array-limit', opts.arrayLimit, 1), submit: opts.submit });
      if (!opts.submit) say(`sweep: wrote ${r.arrayScript ?? '(no samples left to run)'} and ${r.collectScript}`);
      else say(`sweep: submitted ${r.indices.length} samples as job array ${r.arrayJobId ?? '(none: all done)'} and collect job ${r.collectJobId} (afterany)`);
      process.stdout.write(`${r.arrayJobId ?? ''} ${r.collectJobId ?? ''}`.trim() + (opts.submit ? '\n' : ''));
      setExitCode(EXIT_OK);
    });

  sweep
    .command('collect')
    .description("gather every sample's qoi.json into summary.csv, and plot each quantity against each parameter (PNG)")
    .argument('<dir>', 'sweep folder')
    .option('--no-plots', 'summary.csv only')
    .action(async (dir: string, opts: { plots: boolean }) => {
      const r = await collectSweep(dir, { plots: opts.plots });
      say(`sweep: ${r.summaryFile}: ${r.table.rows.length} samples x ${r.table.quantities.length} quantities; ${r.plots.length} plots`);
      setExitCode(EXIT_OK);
    });
}
