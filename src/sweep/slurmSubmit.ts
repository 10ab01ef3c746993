/**
 * `spinode sweep slurm DIR [--partition P] [--gpus-per-task G] [--time T] [--array-limit K] [--no-submit]`:
 * write DIR/slurm/array.sbatch and DIR/slurm/collect.sbatch (src/sweep/slurmScripts.ts) for the samples
 * that still have to run, submit the array with `sbatch --parsable`, then the collect job with
 * `--dependency=afterany:<array job id>`, and record both ids in DIR/slurm/jobs.json. Resubmitting after a
 * partial run sends only the samples not yet done. Slurm's own tools (squeue, scancel, sacct) take it
 * from there.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readPlan } from './planIndex.ts';
import { pendingSamples, SPINODE_BIN } from './runSamples.ts';
import { arrayScript, collectScript, type SlurmOptions } from './slurmScripts.ts';
import { InputError } from '../cli/inputError.ts';

export interface SlurmSubmission {
  arrayScript?: string;
  collectScript: string;
  indices: number[];
  arrayJobId?: string;
  collectJobId?: string;
}

/** sbatch --parsable prints "jobid" or "jobid;cluster". */
export function parseJobId(output: string): string {
  const id = output.trim().split(';')[0];
  if (!/^\d+$/.test(id)) throw new Error(`sbatch printed "${output.trim()}", not a job id`);
  return id;
}

function sbatch(args: string[]): string {
  try {
    return parseJobId(execFileSync('sbatch', ['--parsable', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch (e) {
    const err = e as { code?: string; stderr?: string; message: string };
    if (err.code === 'ENOENT') throw new Error('sbatch: not found; run this on a Slurm login node (or use `spinode sweep run` on this machine)');
    throw new Error(`sbatch ${args.join(' ')} failed: ${(err.stderr ?? err.message).trim().split('\n').at(-1)}`);
  }
}

export function submitSweep(dir: string, options: SlurmOptions & { submit?: boolean }): SlurmSubmission {
  for (const [flag, value] of [['--partition', options.partition], ['--time', options.time], ...(options.extra ?? []).map((e) => ['#SBATCH', e])] as const) {
    // each becomes one #SBATCH line: a line break would smuggle in lines of its own
    if (value !== undefined && /[\r\n]/.test(value)) throw new InputError(`${flag}: a line break is not allowed here`);
  }
  const plan = readPlan(dir);
  const sweepDir = resolve(dir);
  const slurmDir = join(sweepDir, 'slurm');
  const logDir = join(slurmDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const context = { name: plan.name, sweepDir, spinode: [process.execPath, SPINODE_BIN], logDir };
  const indices = pendingSamples(sweepDir, plan.samples).map((s) => s.index);
  const collectFile = join(slurmDir, 'collect.sbatch');
  writeFileSync(collectFile, collectScript(context, options), { mode: 0o755 });
  const result: SlurmSubmission = { collectScript: collectFile, indices };
  if (indices.length > 0) {
    result.arrayScript = join(slurmDir, 'array.sbatch');
    writeFileSync(result.arrayScript, arrayScript(context, indices, options), { mode: 0o755 });
  }
  if (options.submit === false) return result;
  const record = () =>
    writeFileSync(join(slurmDir, 'jobs.json'), `${JSON.stringify({ submittedAt: new Date().toISOString(), arrayJobId: result.arrayJobId ?? null, collectJobId: result.collectJobId ?? null, samples: indices }, null, 2)}\n`);
  if (result.arrayScript) result.arrayJobId = sbatch([result.arrayScript]);
  record(); // the array is queued: its id is on disk even if the collect job's submission fails
  result.collectJobId = sbatch([...(result.arrayJobId ? [`--dependency=afterany:${result.arrayJobId}`] : []), collectFile]);
  record();
  return result;
}
