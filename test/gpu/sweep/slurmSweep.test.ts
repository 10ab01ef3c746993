/**
 * Issue #22, "CI runs a real Slurm": a single-node slurmctld + slurmd (started and stopped by this test,
 * slurmCluster.ts) runs a 6-sample sweep of lfp-platelet-slow submitted by `spinode sweep slurm` as a
 * job array (one sample per task, at most 2 at once) and the collect job that depends on it
 * (afterany). summary.csv then holds 6 rows whose every value equals those of the same samples run by
 * the local pool (`spinode sweep run --jobs 2`): the same scene gives the same bits whoever starts it.
 * Each capacity is also checked against Faraday's law (galvanostatic: capacity = C-rate x t / 3600 s).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../unit/cli/cliHarness.ts';
import { readSampleRecord } from '../../../src/sweep/sampleRecord.ts';
import { slurmInstalled, startSlurm, type SlurmCluster } from './slurmCluster.ts';

const installed = slurmInstalled();
const isRoot = process.getuid?.() === 0;
// In CI the Slurm test must run: a missing Slurm or a non-root runner fails the file instead of skipping it.
if (process.env.CI) {
  if (!installed) throw new Error('Slurm is not installed: scripts/setup.sh installs slurm-wlm and munge');
  if (!isRoot) throw new Error('the Slurm test starts slurmctld and slurmd and needs root (CI runs as root)');
}

const T_END = 600; // s: about 60 adaptive steps on a 16^2 platelet
const SWEEP = {
  name: 'platelet-slurm',
  scene: 'lfp-platelet-slow',
  set: ['grid.cells=[16,16]', 'grid.size=[1.6e-8,1.6e-8]', `time.tEnd=${T_END}`, 'output.fieldFrames=0'],
  parameters: [
    { path: 'protocol.steps[0].cRate', values: [0.25, 1, 4] },
    { path: 'model.reaction.exchangeCurrent.k0', values: [0.002, 0.02] },
  ],
  design: { kind: 'cartesian' },
  quantities: ['capacity_end', 'voltage_plateau', 'voltage_end', 'free_energy_end'],
};

const root = mkdtempSync(join(tmpdir(), 'spinode-slurm-sweep-'));
let cluster: SlurmCluster | undefined;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

describe.skipIf(!installed || !isRoot)('spinode sweep slurm on a real single-node Slurm', () => {
  beforeAll(async () => {
    cluster = await startSlurm(2);
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('runs 6 samples as a job array plus an afterany collect job, with the local pool values', async () => {
    const sweepFile = join(root, 'sweep.json');
    writeFileSync(sweepFile, JSON.stringify(SWEEP));
    const viaSlurm = join(root, 'slurm');
    const local = join(root, 'local');
    for (const out of [viaSlurm, local]) expect((await runCli(['sweep', 'plan', sweepFile, '--out', out])).code).toBe(0);

    const saved = process.env.SLURM_CONF;
    process.env.SLURM_CONF = cluster!.conf; // sbatch, spawned by the command, reads it
    let submitted;
    try {
      submitted = await runCli(['sweep', 'slurm', viaSlurm, '--array-limit', '2', '--time', '10']);
    } finally {
      if (saved === undefined) delete process.env.SLURM_CONF;
      else process.env.SLURM_CONF = saved;
    }
    expect(submitted.code, submitted.stderr).toBe(0);
    const [arrayJob, collectJob] = submitted.stdout.trim().split(' ');
    expect(arrayJob).toMatch(/^\d+$/);
    expect(collectJob).toMatch(/^\d+$/);
    const script = readFileSync(join(viaSlurm, 'slurm', 'array.sbatch'), 'utf8');
    expect(script).toContain('#SBATCH --array=0-5%2');
    expect(script).toContain('--sample "$SLURM_ARRAY_TASK_ID"');
    const jobs = JSON.parse(readFileSync(join(viaSlurm, 'slurm', 'jobs.json'), 'utf8'));
    expect(jobs).toMatchObject({ arrayJobId: arrayJob, collectJobId: collectJob, samples: [0, 1, 2, 3, 4, 5] });

    // the collect job waits for the whole array (afterany), then writes summary.csv
    const deadline = Date.now() + 400_000;
    while (cluster!.squeue() !== '') {
      if (Date.now() > deadline) throw new Error(`Slurm jobs still queued: ${cluster!.squeue()}`);
      await sleep(1000);
    }
    expect(existsSync(join(viaSlurm, 'summary.csv')), readFileSync(join(viaSlurm, 'slurm', 'logs', `collect_${collectJob}.out`), 'utf8')).toBe(true);
    for (let i = 0; i < 6; i++) {
      const record = readSampleRecord(join(viaSlurm, 'samples', String(i).padStart(4, '0')));
      expect(record).toMatchObject({ status: 'done', exitCode: 0, slurm: { jobId: arrayJob, arrayTaskId: String(i) } });
    }
    const collectLog = readFileSync(join(viaSlurm, 'slurm', 'logs', `collect_${collectJob}.out`), 'utf8');
    expect(collectLog).toContain('6 samples x 4 quantities');

    // the same samples on the local pool
    const ran = await runCli(['sweep', 'run', local, '--jobs', '2']);
    expect(ran.code, ran.stderr).toBe(0);
    expect((await runCli(['sweep', 'collect', local, '--no-plots'])).code).toBe(0);

    const slurmSummary = readFileSync(join(viaSlurm, 'summary.csv'), 'utf8');
    const localSummary = readFileSync(join(local, 'summary.csv'), 'utf8');
    const lines = slurmSummary.trim().split('\n');
    expect(lines[0]).toBe('sample,status,exit_code,protocol.steps[0].cRate,model.reaction.exchangeCurrent.k0,capacity_end,voltage_plateau,voltage_end,free_energy_end');
    expect(lines).toHaveLength(7);
    expect(slurmSummary).toBe(localSummary); // every value, to the last bit of its shortest decimal

    // Faraday: a constant current at C-rate r inserts r x t / 3600 s of the sites (float32 state: 1e-5)
    for (const line of lines.slice(1)) {
      const [, status, , cRate, , capacity] = line.split(',');
      expect(status).toBe('done');
      expect(Math.abs(Number(capacity) / ((Number(cRate) * T_END) / 3600) - 1)).toBeLessThan(1e-5);
    }
  }, 600_000);
});
