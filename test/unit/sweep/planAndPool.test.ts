/**
 * `spinode sweep` without a GPU: the sweep file's errors by path, plan's per-sample validation (row and
 * field), the scenes it writes, the bounded pool (never more than `jobs` at once; a failing task does not
 * stop the others), failed samples recorded with their exit code and skipped on the next run, Slurm's
 * --array lists and scripts, and summary.csv for a sweep nothing ran in yet.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/cliHarness.ts';
import { runPool } from '../../../src/sweep/samplePool.ts';
import { arrayRanges, arrayScript, shellQuote } from '../../../src/sweep/slurmScripts.ts';
import { submitSweep } from '../../../src/sweep/slurmSubmit.ts';
import { readPlan } from '../../../src/sweep/planIndex.ts';
import { readSampleRecord } from '../../../src/sweep/sampleRecord.ts';
import { resolveScene } from '../../../src/scene/resolve.ts';

const root = mkdtempSync(join(tmpdir(), 'spinode-sweep-unit-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
function sweepFile(sweep: unknown): string {
  const file = join(root, `sweep${n++}.json`);
  writeFileSync(file, JSON.stringify(sweep));
  return file;
}

const BASE = { name: 'bm1a-kappa', scene: 'pfhub-bm1a', set: ['grid.cells=[16,16]', 'grid.size=[16,16]', 'time.tEnd=1'] };

describe('sweep.json', () => {
  it('names every problem by its path', async () => {
    const file = sweepFile({
      name: 'Bad Name',
      scene: 'pfhub-bm1a',
      parameters: [{ path: 'model.kappa', values: [1] }, { path: 'model..x', min: 0, max: 1 }, { path: 'model.kappa', values: [2] }],
      design: { kind: 'latinHypercube', samples: 4 },
      quantities: ['free_energy_end', { name: 'time_end', column: 'time', reduce: 'final' }],
    });
    const r = await runCli(['sweep', 'plan', file, '--out', join(root, 'never')]);
    expect(r.code).toBe(2);
    for (const text of [
      'name: use lower-case letters, digits and dashes',
      'parameters[0].values: a latinHypercube design samples a range: give min and max, not values',
      'parameters[0].min: a latinHypercube design needs min',
      'parameters[1].path: "model..x" is not a scene path',
      'parameters[2].path: "model.kappa" appears twice',
      'quantities[1].name: "time_end" is a standard quantity: list it by name',
    ]) expect(r.stderr).toContain(text);
  });

  it('rejects quantities the scene cannot have', async () => {
    const file = sweepFile({ ...BASE, parameters: [{ path: 'model.kappa', values: [1, 2] }], design: { kind: 'cartesian' }, quantities: ['voltage_plateau', 'no_such'] });
    const r = await runCli(['sweep', 'plan', file, '--out', join(root, 'never')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('quantities[0]: "voltage_plateau" comes from the column "voltage", which scene "pfhub-bm1a" does not record');
    expect(r.stderr).toContain('quantities[1]: "no_such" is neither a standard quantity');
  });
});

describe('sweep plan', () => {
  it('writes one resolved, valid scene per sample and names a bad sample by its row and field', async () => {
    const csv = join(root, 'design.csv');
    writeFileSync(csv, 'model.kappa,initial.epsilon\n1.5,0.01\n-2,0.02\n3,0.03\n');
    const file = sweepFile({ ...BASE, design: { kind: 'csv', file: 'design.csv' }, quantities: ['free_energy_end', { name: 'f_start', column: 'free_energy', reduce: 'initial' }] });
    const out = join(root, 'csv-plan');
    const r = await runCli(['sweep', 'plan', file, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('sweep: sample 1 invalid: design.csv line 3 (model.kappa = -2, initial.epsilon = 0.02): model.kappa: kappa must be > 0');
    expect(r.stderr).toContain('3 samples planned');
    const plan = readPlan(out);
    expect(plan.samples.map((s) => [s.dir, s.valid])).toEqual([['samples/0000', true], ['samples/0001', false], ['samples/0002', true]]);
    expect(readSampleRecord(join(out, 'samples/0001'))).toMatchObject({ status: 'invalid', exitCode: 2 });
    const scene = JSON.parse(readFileSync(join(out, 'samples/0002/scene.json'), 'utf8'));
    expect(scene.model.kappa).toBe(3);
    expect(scene.initial.epsilon).toBe(0.03);
    expect(scene.grid.cells).toEqual([16, 16]);
    expect(scene.output.quantities).toEqual([{ name: 'f_start', column: 'free_energy', reduce: 'initial' }]);
    expect(resolveScene(scene).scene).toEqual(scene); // the resolved scene is a fixed point of resolution
    expect(readFileSync(join(out, 'samples.csv'), 'utf8')).toBe('model.kappa,initial.epsilon\n1.5,0.01\n-2,0.02\n3,0.03\n');
    // planning into the same folder again is refused (run it, or plan elsewhere)
    expect((await runCli(['sweep', 'plan', file, '--out', out])).stderr).toContain('already holds a planned sweep');

    // collect before anything ran: pending and invalid rows, no quantities
    const c = await runCli(['sweep', 'collect', out, '--no-plots']);
    expect(c.code).toBe(0);
    expect(readFileSync(join(out, 'summary.csv'), 'utf8')).toBe(
      'sample,status,exit_code,model.kappa,initial.epsilon,free_energy_end,f_start\n0,pending,,1.5,0.01,,\n1,invalid,2,-2,0.02,,\n2,pending,,3,0.03,,\n',
    );
  });

  it('keeps failed samples with their exit codes, runs the rest, and skips them next time', async () => {
    const file = sweepFile({ ...BASE, parameters: [{ path: 'model.kappa', values: [1, 2, 3] }], design: { kind: 'cartesian' } });
    const out = join(root, 'failing');
    expect((await runCli(['sweep', 'plan', file, '--out', out])).code).toBe(0);
    // break two samples after planning: `spinode run` rejects them (exit 2) before any GPU work
    writeFileSync(join(out, 'samples/0000/scene.json'), '{"name": "x"');
    writeFileSync(join(out, 'samples/0002/scene.json'), '{"name": "x"');
    writeFileSync(join(out, 'samples/0001/scene.json'), '[]');
    const r = await runCli(['sweep', 'run', out, '--jobs', '2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('sweep: 0 done, 3 failed, 0 invalid, 0 not finished (3 run now)');
    const zero = readSampleRecord(join(out, 'samples/0000'));
    expect(zero).toMatchObject({ status: 'failed', exitCode: 2, attempts: 1 });
    expect(zero!.problems[0]).toMatch(/samples\/0000\/scene\.json: not valid JSON: .* at line 1, column 13$/);
    expect(readSampleRecord(join(out, 'samples/0001'))!.problems).toEqual([`${join(out, 'samples/0001/scene.json')}: a scene must be a JSON object`]);
    const again = await runCli(['sweep', 'run', out]);
    expect(again.stderr).toContain('0 of 3 samples to run');
    expect(readSampleRecord(join(out, 'samples/0000'))!.attempts).toBe(1);
    // Slurm: nothing left to submit but the collect job
    expect(submitSweep(out, { submit: false }).indices).toEqual([]);
  }, 120_000);
});

describe('bounded pool', () => {
  it('runs every task, never more than `jobs` at once, and survives tasks that throw', async () => {
    let running = 0;
    let most = 0;
    const outcome = await runPool([5, 1, 8, 2, 6, 3, 7], 3, async (ms, i) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, ms * 5));
      running--;
      if (i === 2) throw new Error('sample 2 failed');
      return ms * 10;
    });
    expect(most).toBe(3);
    expect(outcome.started).toBe(7);
    expect(outcome.results.map((r) => (r?.ok ? r.value : 'failed'))).toEqual([50, 10, 'failed', 20, 60, 30, 70]);
  });

  it('starts nothing new once stopped', async () => {
    let stop = false;
    const outcome = await runPool([1, 2, 3, 4, 5], 2, async (x) => {
      if (x === 2) stop = true;
      return x;
    }, () => stop);
    expect(outcome.started).toBe(2);
    expect(outcome.results.slice(2)).toEqual([undefined, undefined, undefined]);
  });
});

describe('Slurm scripts', () => {
  it('compresses sample indices into an --array list', () => {
    expect(arrayRanges([0, 1, 2, 3, 4, 5])).toBe('0-5');
    expect(arrayRanges([7, 0, 1, 2, 3, 5, 8])).toBe('0-3,5,7-8');
    expect(arrayRanges([4])).toBe('4');
  });
  it('writes one sample per array task with the options given', () => {
    const text = arrayScript({ name: 'x', sweepDir: '/data/my sweep', spinode: ['/usr/bin/node', '/opt/spinode/bin/spinode'], logDir: '/data/logs' }, [0, 1, 2, 4], { partition: 'gpu', gpusPerTask: 1, time: '2:00:00', arrayLimit: 8 });
    expect(text.split('\n').filter((l) => l.startsWith('#SBATCH'))).toEqual([
      '#SBATCH --job-name=spinode-x',
      '#SBATCH --array=0-2,4%8',
      '#SBATCH --ntasks=1',
      '#SBATCH --output=/data/logs/%A_%a.out',
      '#SBATCH --gpus-per-task=1',
      '#SBATCH --time=2:00:00',
      '#SBATCH --partition=gpu',
    ]);
    expect(text).toContain(`exec /usr/bin/node /opt/spinode/bin/spinode sweep run '/data/my sweep' --sample "$SLURM_ARRAY_TASK_ID" --jobs 1`);
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
  it('refuses option values that would add #SBATCH lines of their own', () => {
    expect(() => submitSweep(join(root, 'nowhere'), { partition: 'gpu\n#SBATCH --account=someone-else', submit: false })).toThrow('--partition: a line break is not allowed here');
  });
});
