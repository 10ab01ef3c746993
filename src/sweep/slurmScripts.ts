/**
 * The batch scripts of `spinode sweep slurm` (pure text; src/sweep/slurmSubmit.ts writes and submits
 * them): a job array with one sample per task (`--array=0-N%K`, the task's $SLURM_ARRAY_TASK_ID is the
 * sample's index in plan.json), and a collect job that the submitter makes depend on the array with
 * `--dependency=afterany:<array job>`, so summary.csv is written once every task has ended, whether it
 * succeeded or not. Options follow sbatch(1).
 */

export interface SlurmOptions {
  partition?: string;
  gpusPerTask?: number;
  /** wall-time limit per task, in sbatch's formats ("30", "2:00:00", "1-0") */
  time?: string;
  /** at most this many tasks run at once (the `%K` of --array) */
  arrayLimit?: number;
  /** extra `#SBATCH` lines, e.g. "--account=battery" */
  extra?: string[];
}

/** Sorted sample indices as sbatch's --array list: [0,1,2,3,5,7,8] -> "0-3,5,7-8". */
export function arrayRanges(indices: readonly number[]): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  if (sorted.length === 0) throw new Error('arrayRanges: no indices');
  const parts: string[] = [];
  let start = sorted[0];
  let previous = start;
  for (const i of [...sorted.slice(1), Number.NaN]) {
    if (i === previous + 1) {
      previous = i;
      continue;
    }
    parts.push(start === previous ? `${start}` : `${start}-${previous}`);
    start = previous = i;
  }
  return parts.join(',');
}

/** A word for bash, single-quoted where it needs to be. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function commonLines(options: SlurmOptions): string[] {
  const lines: string[] = [];
  if (options.partition) lines.push(`#SBATCH --partition=${options.partition}`);
  for (const e of options.extra ?? []) lines.push(`#SBATCH ${e}`);
  return lines;
}

export interface ScriptContext {
  name: string;
  /** the sweep folder, absolute */
  sweepDir: string;
  /** how to start spinode on the compute nodes: [node, bin/spinode] */
  spinode: string[];
  logDir: string;
}

export function arrayScript(context: ScriptContext, indices: readonly number[], options: SlurmOptions): string {
  const limit = options.arrayLimit !== undefined ? `%${options.arrayLimit}` : '';
  const lines = [
    '#!/bin/bash',
    `#SBATCH --job-name=spinode-${context.name}`,
    `#SBATCH --array=${arrayRanges(indices)}${limit}`,
    '#SBATCH --ntasks=1',
    `#SBATCH --output=${context.logDir}/%A_%a.out`,
    ...(options.gpusPerTask !== undefined ? [`#SBATCH --gpus-per-task=${options.gpusPerTask}`] : []),
    ...(options.time ? [`#SBATCH --time=${options.time}`] : []),
    ...commonLines(options),
    '# one sample per array task: SLURM_ARRAY_TASK_ID is the sample index in plan.json (written by spinode sweep slurm)',
    `exec ${context.spinode.map(shellQuote).join(' ')} sweep run ${shellQuote(context.sweepDir)} --sample "$SLURM_ARRAY_TASK_ID" --jobs 1`,
    '',
  ];
  return lines.join('\n');
}

export function collectScript(context: ScriptContext, options: SlurmOptions): string {
  const lines = [
    '#!/bin/bash',
    `#SBATCH --job-name=spinode-${context.name}-collect`,
    '#SBATCH --ntasks=1',
    `#SBATCH --output=${context.logDir}/collect_%j.out`,
    '#SBATCH --time=00:30:00',
    ...commonLines(options),
    '# submitted with --dependency=afterany:<array job>: runs once every sample task has ended',
    `exec ${context.spinode.map(shellQuote).join(' ')} sweep collect ${shellQuote(context.sweepDir)}`,
    '',
  ];
  return lines.join('\n');
}
