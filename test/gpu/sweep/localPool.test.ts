/**
 * Issue #22, "local pool": a 12-sample Latin-hypercube sweep of lfp-platelet-slow (C-rate x exchange
 * current) on `spinode sweep run --jobs 2`.
 *  - The k0 range [-0.001, 0.011) cuts into 12 strata of 0.001, so exactly one sample (the lowest
 *    stratum) has k0 < 0: `plan` names its design row and the field, and the other 11 run.
 *  - A real SIGINT to the sweep stops it (exit 130) after some samples are done and while others run;
 *    the running ones checkpoint. Run again, it does not redo the finished samples (their records are
 *    untouched), resumes the interrupted ones from their checkpoints, and ends with 11 done.
 *  - `collect` writes summary.csv with 12 rows (the invalid one marked, exit code 2) and the plots.
 *  - Every run wrote qoi.json; each capacity obeys Faraday's law, capacity = C-rate x t / 3600 s.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../unit/cli/cliHarness.ts';
import { spawnAndInterrupt, type Spawned } from '../cli/spawnRun.ts';
import { readSampleRecord, type SampleRecord } from '../../../src/sweep/sampleRecord.ts';
import { readPlan } from '../../../src/sweep/planIndex.ts';

const T_END = 600;
const SWEEP = {
  name: 'platelet-lhs',
  scene: 'lfp-platelet-slow',
  // a tight accuracy target: ~480 steps, so a sample is interruptible for a second or two
  set: ['grid.cells=[16,16]', 'grid.size=[1.6e-8,1.6e-8]', `time.tEnd=${T_END}`, 'output.fieldFrames=0', 'time.control={"kind":"accuracy","tolerance":1e-5}'],
  parameters: [
    { path: 'protocol.steps[0].cRate', min: 0.1, max: 2, scale: 'log' },
    { path: 'model.reaction.exchangeCurrent.k0', min: -0.001, max: 0.011 },
  ],
  design: { kind: 'latinHypercube', samples: 12, seed: 22 },
  quantities: ['capacity_end', 'voltage_plateau', { name: 'voltage_mean', column: 'voltage', reduce: 'timeAverage' }],
};

const root = mkdtempSync(join(tmpdir(), 'spinode-sweep-pool-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function records(dir: string): (SampleRecord | undefined)[] {
  return readPlan(dir).samples.map((s) => readSampleRecord(join(dir, s.dir)));
}

/** run.json's status of a sample, if it has one yet. */
function runStatus(dir: string): string | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')).status;
  } catch {
    return undefined;
  }
}

/** Start the sweep, SIGINT it once 2 samples are done and another is stepping, wait for its exit. */
function interruptSweep(dir: string): Promise<Spawned> {
  return spawnAndInterrupt(
    ['sweep', 'run', dir, '--jobs', '2'],
    () => {
      const all = records(dir);
      const finished = all.filter((r) => r?.status === 'done').length;
      // run.json says "running" from the first step to the last (timeseries.csv is written in blocks)
      const running = readPlan(dir).samples.some((s, i) => !all[i] && runStatus(join(dir, s.dir)) === 'running');
      return finished >= 2 && running;
    },
    300_000,
  );
}

describe('spinode sweep run: a Latin-hypercube sweep on the local pool', () => {
  it('survives an invalid sample, an interruption and a resume, and collects 12 rows with plots', async () => {
    const sweepFile = join(root, 'sweep.json');
    writeFileSync(sweepFile, JSON.stringify(SWEEP));
    const dir = join(root, 'lhs');
    const planned = await runCli(['sweep', 'plan', sweepFile, '--out', dir]);
    expect(planned.code, planned.stderr).toBe(0);
    const plan = readPlan(dir);
    expect(plan.samples).toHaveLength(12);
    const invalid = plan.samples.filter((s) => !s.valid);
    expect(invalid).toHaveLength(1);
    const bad = invalid[0];
    expect(bad.values[1]).toBeLessThan(0);
    expect(plan.samples.filter((s) => (s.values[1] as number) < 0)).toEqual([bad]);
    // the row of the design and the field, on stderr and in the record
    const line = planned.stderr.split('\n').find((l) => l.startsWith(`sweep: sample ${bad.index} invalid: `));
    expect(line).toMatch(new RegExp(`^sweep: sample ${bad.index} invalid: design row ${bad.index + 1} \\(protocol\\.steps\\[0\\]\\.cRate = [0-9.e-]+, model\\.reaction\\.exchangeCurrent\\.k0 = -[0-9.e-]+\\): model\\.reaction\\.exchangeCurrent\\.k0: `));
    expect(readSampleRecord(join(dir, bad.dir))).toMatchObject({ status: 'invalid', exitCode: 2 });
    expect(planned.stderr).toContain('12 samples planned');

    const first = await interruptSweep(dir);
    expect(first.code, first.stderr).toBe(130);
    const before = records(dir);
    const doneBefore = before.flatMap((r, i) => (r?.status === 'done' ? [i] : []));
    expect(doneBefore.length).toBeGreaterThanOrEqual(2);
    expect(doneBefore.length).toBeLessThan(11);
    const interrupted = before.flatMap((r, i) => (r?.status === 'interrupted' ? [i] : []));
    expect(interrupted.length).toBeGreaterThanOrEqual(1);

    const second = await runCli(['sweep', 'run', dir, '--jobs', '2']);
    // exit 1: a sample is invalid (recorded); the rest ran
    expect(second.code, second.stderr).toBe(1);
    expect(second.stderr).toContain(`sweep platelet-lhs: ${11 - doneBefore.length} of 12 samples to run`);
    expect(second.stderr).toContain('sweep: 11 done, 0 failed, 1 invalid, 0 not finished');
    const after = records(dir);
    for (const i of doneBefore) expect(after[i]).toEqual(before[i]); // not run again
    const resumed = interrupted.filter((i) => {
      const run = JSON.parse(readFileSync(join(dir, plan.samples[i].dir, 'run.json'), 'utf8'));
      return run.resumedFrom !== null;
    });
    expect(resumed.length, 'an interrupted sample continued from its checkpoint').toBeGreaterThanOrEqual(1);
    for (const i of interrupted) expect(after[i]).toMatchObject({ status: 'done', attempts: 2 });

    const collected = await runCli(['sweep', 'collect', dir]);
    expect(collected.code, collected.stderr).toBe(0);
    const lines = readFileSync(join(dir, 'summary.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('sample,status,exit_code,protocol.steps[0].cRate,model.reaction.exchangeCurrent.k0,capacity_end,voltage_plateau,voltage_mean');
    expect(lines).toHaveLength(13);
    for (const [k, row] of lines.slice(1).entries()) {
      const cells = row.split(',');
      expect(Number(cells[0])).toBe(k);
      if (k === bad.index) {
        expect(cells.slice(1, 3)).toEqual(['invalid', '2']);
        expect(cells.slice(5)).toEqual(['', '', '']);
        continue;
      }
      expect(cells.slice(1, 3)).toEqual(['done', '0']);
      const [cRate, , capacity, plateau, mean] = cells.slice(3).map(Number);
      // Faraday (constant current, no cut-off within 600 s): float32 state, 1e-5
      expect(Math.abs(capacity / ((cRate * T_END) / 3600) - 1)).toBeLessThan(1e-5);
      // discharge on the LiFePO4 plateau: below the 3.422 V reference, above the 3.0 V cut-off
      expect(plateau).toBeGreaterThan(3.0);
      expect(plateau).toBeLessThan(3.422);
      expect(mean).toBeGreaterThan(3.0);
      // the qoi.json the run wrote holds the same numbers as the summary
      const qoi = JSON.parse(readFileSync(join(dir, plan.samples[k].dir, 'qoi.json'), 'utf8'));
      expect(qoi.quantities.capacity_end).toBe(capacity);
      expect(qoi.status).toBe('done');
    }
    const plots = readdirSync(join(dir, 'plots')).sort();
    expect(plots).toEqual(
      ['capacity_end', 'voltage_mean', 'voltage_plateau'].flatMap((q) => [`${q}_vs_model.reaction.exchangeCurrent.k0.png`, `${q}_vs_protocol.steps-0-.cRate.png`]).sort(),
    );
    for (const p of plots) expect(readFileSync(join(dir, 'plots', p)).subarray(1, 4).toString()).toBe('PNG');
  }, 600_000);
});
