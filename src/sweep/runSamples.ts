/**
 * `spinode sweep run DIR [--jobs N] [--sample I] [--retry-failed] [--in-process]`: run a planned sweep's
 * samples on this machine. Each sample is one `spinode run` child process (its own GPU device, its own
 * crash), started by a bounded pool (src/sweep/samplePool.ts); its output goes into the sample's folder,
 * its console into samples/NNNN/log.txt, how it ended into samples/NNNN/sample.json. With --in-process
 * the samples run one after the other in this process on one GPU device and one pipeline cache, so
 * Node, the device and the shader compilation are paid once: for many small samples that is most of
 * the cost (docs/sweeps.md, "Batching on one GPU"); the outputs are the same bit for bit.
 *
 * Resumable: samples recorded "done" are not run again; "failed" and "invalid" ones keep their record
 * (and exit code) unless --retry-failed; an interrupted sample continues from its checkpoint
 * (`spinode run --resume`). SIGINT or SIGTERM stops new starts and passes SIGINT to the running samples,
 * which checkpoint and exit 130; the sweep then exits 130 too. A Slurm array task runs its one sample
 * with --sample $SLURM_ARRAY_TASK_ID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants } from 'node:os';
import { readPlan, type PlannedSample } from './planIndex.ts';
import { isPending, readSampleRecord, statusOfExit, writeSampleRecord, type SampleRecord, type SampleStatus } from './sampleRecord.ts';
import { runPool } from './samplePool.ts';
import { InputError } from '../cli/inputError.ts';
import { runCommand, type RunOptions, type SharedRunContext } from '../cli/run.ts';
import { EXIT_BAD_INPUT, EXIT_RUNTIME_FAILURE } from '../cli/exitCodes.ts';
import { acquireNodeGpu } from '../gpu/nodeGpu.ts';
import { PipelineCache } from '../gpu/pipelineCache.ts';

/** The `spinode` executable of this checkout (children run the same code as their parent). */
export const SPINODE_BIN = fileURLToPath(new URL('../../bin/spinode', import.meta.url));

export interface RunSweepOptions {
  jobs: number;
  /** all samples in this process, one after the other, on one GPU device and pipeline cache */
  inProcess?: boolean;
  /** run only this sample (a Slurm array task) */
  sample?: number;
  retryFailed?: boolean;
  /** progress lines (stderr) */
  log?: (line: string) => void;
}

export interface RunSweepResult {
  counts: Record<SampleStatus, number>;
  /** samples this call ran (others were done, failed or invalid before) */
  ran: number;
  interrupted: boolean;
}

/** The last line a failed run printed as `spinode: ...` (its one-line error), if any. */
function lastErrorLine(logFile: string): string | undefined {
  if (!existsSync(logFile)) return undefined;
  const lines = readFileSync(logFile, 'utf8').split('\n').filter((l) => l.startsWith('spinode: '));
  return lines.at(-1)?.replace(/^spinode: /, '');
}

/** The status in a sample's run.json (undefined if there is none or it cannot be read). */
function runStatus(dir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { status?: string }).status;
  } catch {
    return undefined;
  }
}

/** How a sample's `spinode run` is carried out: its arguments after `spinode run`, the log file descriptor; resolves to the exit code. */
type SampleLauncher = (runArgs: string[], log: number) => Promise<number>;

/** A `spinode run` child process (its own device, its own crash); SIGINT reaches it through `children`. */
function childProcessLauncher(children: Set<ChildProcess>): SampleLauncher {
  return (runArgs, log) =>
    new Promise<number>((done, fail) => {
      const child = spawn(process.execPath, [SPINODE_BIN, 'run', ...runArgs], { stdio: ['ignore', log, log] });
      children.add(child);
      child.on('error', fail);
      child.on('exit', (exitCode, signal) => {
        children.delete(child);
        if (exitCode !== null) done(exitCode);
        // killed by a signal: as a shell reports it, 128 + the signal's number
        else done(signal === 'SIGINT' || signal === 'SIGTERM' ? 130 : 128 + (constants.signals[signal as keyof typeof constants.signals] ?? 0));
      });
    });
}

/**
 * The run in this process on a shared device and pipeline cache, its console lines into the log; errors
 * become the exit codes `spinode run` would give (src/cli/main.ts). The run handles SIGINT itself.
 */
function inProcessLauncher(shared: Omit<SharedRunContext, 'say'>): SampleLauncher {
  return async (runArgs, log) => {
    const say = (text: string) => void writeSync(log, text);
    const [scene, mode, dir] = runArgs;
    const options: RunOptions = mode === '--resume' ? { resume: dir, quiet: true } : { out: dir, quiet: true };
    try {
      return await runCommand(scene, options, ['run', ...runArgs], { ...shared, say });
    } catch (e) {
      say(`spinode: ${(e as Error).message}\n`);
      return e instanceof InputError ? EXIT_BAD_INPUT : EXIT_RUNTIME_FAILURE;
    }
  };
}

/** Run one sample to its end and record how it ended. */
export async function runSample(sweepDir: string, sample: PlannedSample, launch: SampleLauncher): Promise<SampleRecord> {
  const dir = join(sweepDir, sample.dir);
  const previous = readSampleRecord(dir);
  const resume = existsSync(join(dir, 'checkpoint', 'state.json')) && runStatus(dir) !== 'done';
  const runArgs = [join(dir, 'scene.json'), resume ? '--resume' : '--out', dir, '--quiet'];
  const logFile = join(dir, 'log.txt');
  const log = openSync(logFile, 'a');
  const startedAt = new Date();
  writeSync(log, `# ${startedAt.toISOString()} ${resume ? 'resume' : 'start'}: run ${runArgs.join(' ')}\n`);
  let code: number;
  try {
    code = await launch(runArgs, log);
  } finally {
    closeSync(log);
  }
  let status = statusOfExit(code);
  const endedAt = new Date();
  // a signal that arrives after the run ended (while it draws its plots) stops it with its results written
  const lateSignal = status === 'interrupted' && runStatus(dir) === 'done' && existsSync(join(dir, 'qoi.json'));
  if (lateSignal) status = 'done';
  const slurm = process.env.SLURM_ARRAY_JOB_ID ? { jobId: process.env.SLURM_ARRAY_JOB_ID, arrayTaskId: process.env.SLURM_ARRAY_TASK_ID ?? '' } : null;
  return writeSampleRecord(dir, {
    index: sample.index,
    status,
    exitCode: code,
    attempts: (previous?.attempts ?? 0) + 1,
    startedAt: startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    wallTimeSeconds: (endedAt.getTime() - startedAt.getTime()) / 1000,
    problems: status === 'failed' ? [lastErrorLine(logFile) ?? `spinode run exited with code ${code}`] : lateSignal ? [`interrupted (exit ${code}) after its run had ended: run.json and qoi.json are complete, its plots may be missing`] : [],
    slurm,
  });
}

/** The samples that still have to run (valid, and not recorded done, failed or invalid). */
export function pendingSamples(sweepDir: string, samples: readonly PlannedSample[], retryFailed = false): PlannedSample[] {
  return samples.filter((s) => s.valid && isPending(readSampleRecord(join(sweepDir, s.dir)), retryFailed));
}

export async function runSweep(sweepDir: string, options: RunSweepOptions): Promise<RunSweepResult> {
  const plan = readPlan(sweepDir);
  const log = options.log ?? (() => {});
  let selected = plan.samples;
  if (options.sample !== undefined) {
    const one = plan.samples.find((s) => s.index === options.sample);
    if (!one) throw new InputError(`--sample ${options.sample}: the sweep has samples 0 to ${plan.samples.length - 1}`);
    selected = [one];
  }
  const pending = pendingSamples(sweepDir, selected, options.retryFailed);
  const children = new Set<ChildProcess>();
  const gpu = options.inProcess && pending.length > 0 ? await acquireNodeGpu({ label: 'spinode-sweep' }) : undefined;
  const launch = gpu ? inProcessLauncher({ gpu, cache: new PipelineCache(gpu.device) }) : childProcessLauncher(children);
  const jobs = gpu ? 1 : options.jobs;
  let interrupted = false;
  let outcome: Awaited<ReturnType<typeof runPool>> = { results: [], started: 0 };
  const onSignal = () => {
    interrupted = true;
    for (const child of children) child.kill('SIGINT');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    log(`sweep ${plan.name}: ${pending.length} of ${selected.length} samples to run, ${gpu ? 'one after the other in this process' : `${Math.min(jobs, Math.max(1, pending.length))} at a time`}`);
    outcome = await runPool(
      pending,
      jobs,
      async (sample) => {
        const record = await runSample(sweepDir, sample, launch);
        log(`sample ${sample.dir}: ${record.status} (exit ${record.exitCode}, ${record.wallTimeSeconds.toFixed(1)} s)${record.problems.length ? `: ${record.problems[0]}` : ''}`);
        return record;
      },
      () => interrupted,
    );
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    gpu?.dispose();
  }
  const ran = outcome.started;
  const counts: Record<SampleStatus, number> = { done: 0, failed: 0, invalid: 0, interrupted: 0 };
  let notRun = 0;
  for (const s of selected) {
    const status = s.valid ? readSampleRecord(join(sweepDir, s.dir))?.status : 'invalid';
    if (status) counts[status]++;
    else notRun++;
  }
  counts.interrupted += notRun;
  return { counts, ran, interrupted };
}
