/**
 * Issue #8, "headless runs that lose nothing":
 *  - a real SIGINT to `./bin/spinode run` leaves exit code 130, a readable checkpoint and run.json
 *    status "interrupted";
 *  - `--resume` from it ends with the same fields (every .vti both runs wrote, byte for byte) and the
 *    same timeseries.csv text as a run that was never interrupted;
 *  - the .vti files read back with the grid's shape and spacing, and their c range is the one
 *    timeseries.csv reports for that step; checkpoint pauses write no frames of their own.
 * Issue #25: every run ends with a checkpoint; a finished run resumed with a later --t-end gives the
 * CSV and fields of one run to that time, bit for bit; --until-step / --steps; spawned `info`,
 * `validate` and `run` print nothing on stderr but their own lines (no Dawn notes).
 * Spawned processes: the SIGINT run and the stderr checks; the other runs call main() in this process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoint, type LoadedCheckpoint } from '../../../src/io/checkpoint.ts';
import { readRunJson } from '../../../src/io/runJson.ts';
import { readTimeseries, type TimeseriesTable } from '../../../src/io/timeseries.ts';
import { parseVti } from '../../../src/io/vti.ts';
import { frameTimes } from '../../../src/cli/run.ts';
import { resolveScene } from '../../../src/scene/resolve.ts';
import { chemicalPotentialField } from '../../../src/solver/chemicalPotential.ts';
import { runCli, STACK_LINE } from '../../unit/cli/cliHarness.ts';
import { BIN, runAndInterrupt, type Spawned } from './spawnRun.ts';

/** PFHub 1a on 64^2 with a tight accuracy target: ~4,500 adaptive steps, ~5 s on the software adapter. */
const SCENE = ['pfhub-bm1a', '--set', 'grid.cells=[64,64]', '--set', 'grid.size=[64,64]', '--t-end', '10000', '--set', 'time.control={"kind":"accuracy","tolerance":1e-5}', '--quiet'];
/** Dawn's notes on stderr when a device is created (not ours; bin/spinode filters them out). */
const DAWN_NOTE = /^Warning: max\w+ artificially reduced from \d+ to \d+ to fit dynamic offset allocation limit\.$/;

const root = mkdtempSync(join(tmpdir(), 'spinode-runs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function table(dir: string): TimeseriesTable {
  return readTimeseries(readFileSync(join(dir, 'timeseries.csv'), 'utf8'));
}

function vtiFiles(dir: string): string[] {
  return readdirSync(join(dir, 'fields'))
    .filter((f) => f.endsWith('.vti'))
    .sort();
}

function bits(a: Float32Array): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, a.length);
}

describe('SIGINT, checkpoint and resume (spawned ./bin/spinode)', () => {
  const interruptedDir = join(root, 'interrupted');
  const referenceDir = join(root, 'reference');
  let interrupted: Spawned;
  let checkpoint: LoadedCheckpoint;

  beforeAll(async () => {
    interrupted = await runAndInterrupt(SCENE, interruptedDir);
  }, 120_000);

  it('a SIGINT mid-run ends with exit 130, one summary line, a readable checkpoint and run.json "interrupted"', async () => {
    expect(interrupted.signal, interrupted.stderr).toBeNull();
    expect(interrupted.code, interrupted.stderr).toBe(130);
    // bin/spinode drops Dawn's adapter-limit notes: the summary is all there is (issue #25)
    const lines = interrupted.stderr.split('\n').filter((l) => l);
    expect(lines.some((l) => DAWN_NOTE.test(l)), interrupted.stderr).toBe(false);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^interrupted: \d+ steps, t = \S+, output in /);

    checkpoint = await readCheckpoint(join(interruptedDir, 'checkpoint'));
    const { step, time } = checkpoint.meta;
    expect(step).toBeGreaterThan(0);
    expect(lines[0]).toContain(`interrupted: ${step} steps`);
    expect([...checkpoint.fields.keys()]).toEqual(['c', 'c_hat', 'previous_increment', 'step_control']);
    const c = checkpoint.fields.get('c')!;
    expect(c.length).toBe(64 * 64);
    expect(c.every((v) => Number.isFinite(v) && v > 0 && v < 1)).toBe(true);

    const run = await readRunJson(join(interruptedDir, 'run.json'));
    expect(run.status).toBe('interrupted');
    expect(run.steps).toBe(step);
    expect(run.time).toBe(time);
    expect(run.error).toBeNull();
    // Every step up to the checkpoint is in timeseries.csv, none after it.
    const steps = table(interruptedDir).rows.map((r) => r[0]);
    expect(steps).toEqual(Array.from({ length: step }, (_, i) => i));
  });

  it('--resume continues bit for bit: the same timeseries.csv text and the same .vti files as an uninterrupted run', async () => {
    expect(checkpoint, 'the SIGINT test did not leave a checkpoint').toBeDefined();
    // Periodic checkpoints in the resumed run: pausing to save must not change the numbers either.
    const resumed = await runCli(['run', ...SCENE, '--resume', interruptedDir, '--checkpoint-every', '0.2']);
    expect(resumed.thrown).toBeUndefined();
    expect(resumed.code, resumed.stderr).toBe(0);
    const reference = await runCli(['run', ...SCENE, '--out', referenceDir]);
    expect(reference.code, reference.stderr).toBe(0);

    const run = await readRunJson(join(interruptedDir, 'run.json'));
    expect(run.status).toBe('done');
    expect(run.resumedFrom).toEqual({ checkpoint: join(interruptedDir, 'checkpoint'), step: checkpoint.meta.step });
    const finalStep = table(referenceDir).rows.at(-1)![0];
    expect(checkpoint.meta.step, 'the SIGINT came after the end: make the scene longer').toBeLessThan(finalStep - 500);
    expect(run.steps).toBe(finalStep);

    expect(readFileSync(join(interruptedDir, 'timeseries.csv'), 'utf8')).toBe(readFileSync(join(referenceDir, 'timeseries.csv'), 'utf8'));

    const finalName = `${String(finalStep).padStart(8, '0')}.vti`;
    const mine = vtiFiles(interruptedDir);
    const theirs = vtiFiles(referenceDir);
    expect(mine).toContain(finalName);
    expect(theirs).toContain(finalName);
    const common = mine.filter((f) => theirs.includes(f));
    expect(common.length).toBeGreaterThanOrEqual(2); // the initial state and the final one at least
    for (const name of common) {
      const a = readFileSync(join(interruptedDir, 'fields', name));
      const b = readFileSync(join(referenceDir, 'fields', name));
      expect(bits(parseVti(a).arrays.get('c')!), name).toEqual(bits(parseVti(b).arrays.get('c')!));
      expect(a.equals(b), `${name} differs outside the c array`).toBe(true);
    }
    // Frames due at the SIGINT were written before the checkpoint, so none is missing after resuming.
    expect(mine.length).toBe(theirs.length);
  });
});

describe('field files (.vti) of a run', () => {
  it('read back with the grid shape, spacing and time, c in the range timeseries.csv reports; pauses write no extra frames', async () => {
    const dir = join(root, 'fields');
    // A non-square box with non-unit, unequal spacing (1.25 x 1.5); checkpoints every 50 ms pause the run often.
    // output.landOnFrames: each frame at its time, however often the checkpoints pause the run
    const r = await runCli(['run', ...SCENE, '--set', 'grid.cells=[64,32]', '--set', 'grid.size=[80,48]', '--set', 'output.landOnFrames=true', '--t-end', '3000', '--checkpoint-every', '0.05', '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(STACK_LINE.test(r.stderr)).toBe(false);
    const ts = table(dir);
    const byStep = new Map(ts.rows.map((row) => [row[0], row]));
    const col = (name: string) => ts.columns.indexOf(name);
    const finalStep = ts.rows.at(-1)![0];
    const files = vtiFiles(dir);
    const frames = frameTimes(3000, 8);
    const spec = resolveScene((await readRunJson(join(dir, 'run.json'))).scene);
    for (const name of files) {
      const vti = parseVti(readFileSync(join(dir, 'fields', name)));
      const step = Number(name.slice(0, 8));
      expect([...vti.arrays.keys()], name).toEqual(['c', 'mu']);
      expect(vti.dimensions, name).toEqual([64, 32, 1]);
      expect(vti.extent, name).toEqual([0, 63, 0, 31, 0, 0]);
      expect(vti.spacing, name).toEqual([1.25, 1.5, 1.25]);
      expect(vti.origin, name).toEqual([0, 0, 0]);
      const row = byStep.get(step)!;
      expect(row, `${name}: no timeseries row for step ${step}`).toBeDefined();
      expect(vti.fieldData.get('Step')![0], name).toBe(step);
      expect(vti.fieldData.get('TimeValue')![0], name).toBe(row[col('time')]);
      const c = vti.arrays.get('c')!;
      expect(c.length).toBe(64 * 32);
      let min = Infinity;
      let max = -Infinity;
      for (const v of c) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      // mu is the chemical potential of the same c (src/solver/chemicalPotential.ts, unit-tested there)
      expect(vti.arrays.get('mu')).toEqual(chemicalPotentialField(spec, c));
      expect(min, `${name}: min c`).toBe(row[col('c_min')]);
      expect(max, `${name}: max c`).toBe(row[col('c_max')]);
    }
    // The initial state and one frame at each frame time, the last at the end: the steps land on the
    // frame times (to float32's rounding of the clock), however often checkpoints pause the run.
    expect(files[0]).toBe('00000000.vti');
    expect(files.at(-1)).toBe(`${String(finalStep).padStart(8, '0')}.vti`);
    expect(files.length).toBe(1 + frames.length);
    const times = files.map((f) => byStep.get(Number(f.slice(0, 8)))![col('time')]);
    expect(times[0]).toBe(0);
    frames.forEach((t, i) => expect(Math.abs(times[i + 1] - t), `${files[i + 1]} (t = ${times[i + 1]}) is not at frame time ${t}`).toBeLessThanOrEqual(t * 1e-6));
    const series = JSON.parse(readFileSync(join(dir, 'fields', 'fields.vti.series'), 'utf8')) as { files: { name: string; time: number }[] };
    expect(series.files.map((f) => f.name)).toEqual(files);
    expect(series.files.map((f) => f.time)).toEqual(times);

    // output.fieldFrames = 0: the final state only, however often the run pauses.
    const only = join(root, 'final-only');
    const r0 = await runCli(['run', ...SCENE, '--t-end', '1000', '--set', 'output.fieldFrames=0', '--checkpoint-every', '0.05', '--out', only]);
    expect(r0.code, r0.stderr).toBe(0);
    expect(vtiFiles(only)).toEqual([`${String(table(only).rows.at(-1)![0]).padStart(8, '0')}.vti`]);
  });
});

/** PFHub 1a on 64^2 with the default accuracy control: ~140 steps to t = 300, ~290 to 1000. */
const SMALL = ['pfhub-bm1a', '--set', 'grid.cells=[64,64]', '--set', 'grid.size=[64,64]', '--quiet'];

describe('field frames land on their times', () => {
  it('long adaptive steps: every frame is written at its time, none skipped, and the steps after a frame are not shrunk', async () => {
    // PFHub 4a (64^2 over 100 nm): ~116 steps to t = 1e6 that grow to dtMax = 5e4, 10 frames from 1e3,
    // each 2.15x the last: a few steps apart, so a frame written at the first pause after its time
    // (chunks of 64 steps, two in flight) would be lost.
    // (the bundled PFHub 4 scenes set output.landOnFrames; here with the default tolerance, t_end 1e6 and 10
    // frames, for long steps between frames)
    const scene = ['pfhub-bm4a', '--set', 'grid.cells=[64,64]', '--set', 'grid.size=[100,100]', '--set', 'time={"tEnd":1e6}', '--set', 'output.fieldFrames=10', '--quiet'];
    const framed = join(root, 'framed');
    const plain = join(root, 'plain');
    const a = await runCli(['run', ...scene, '--out', framed]);
    expect(a.code, a.stderr).toBe(0);
    // the same run without frames, up to just past where the first frame lands
    const b = await runCli(['run', ...scene, '--set', 'output.landOnFrames=false', '--until-step', '70', '--out', plain]);
    expect(b.code, b.stderr).toBe(0);
    const frames = frameTimes(1e6, 10);
    const ts = table(framed);
    const byStep = new Map(ts.rows.map((row) => [row[0], row]));
    const files = vtiFiles(framed);
    expect(files.length).toBe(1 + 10); // the initial state and one per frame time
    const times = files.map((f) => byStep.get(Number(f.slice(0, 8)))![1]);
    expect(times[0]).toBe(0);
    frames.forEach((t, i) => expect(Math.abs(times[i + 1] - t), `${files[i + 1]} (t = ${times[i + 1]}) is not at frame time ${t}`).toBeLessThanOrEqual(t * 1e-6));
    for (const f of files) expect(parseVti(readFileSync(join(framed, 'fields', f))).fieldData.get('TimeValue')![0]).toBe(byStep.get(Number(f.slice(0, 8)))![1]);
    // The steps are long: fewer than 6 steps lie between some consecutive frame times.
    const between = files.slice(2).map((f, i) => Number(f.slice(0, 8)) - Number(files[i + 1].slice(0, 8)) - 1);
    expect(Math.min(...between)).toBeLessThan(6);
    const plainRows = table(plain).rows;
    // After a frame the run goes on with the step its controller chose before shortening it to land (not
    // one regrown from the short step): up to the first frame both runs take the same steps, and the step
    // from the first frame is the one the run without frames took from the state before it.
    const first = Number(files[1].slice(0, 8));
    const plainByStep = new Map(plainRows.map((row) => [row[0], row]));
    for (let s = 0; s < first - 1; s++) expect(byStep.get(s)![1]).toBe(plainByStep.get(s)![1]);
    expect(byStep.get(first - 1)![2], 'the step that lands on the first frame is shortened').toBeLessThan(plainByStep.get(first - 1)![2]);
    expect(byStep.get(first)![2], 'the step from the first frame').toBe(plainByStep.get(first - 1)![2]);
  }, 120_000);
});

describe('every run can be continued (issue #25)', () => {
  it('a finished run leaves a checkpoint; --resume with a later --t-end gives exactly the CSV and fields of one run', async () => {
    // the default output (no landing on frame times): the extension follows the single run's path
    const extended = join(root, 'extended');
    const single = join(root, 'single');
    const first = await runCli(['run', ...SMALL, '--t-end', '300', '--out', extended]);
    expect(first.code, first.stderr).toBe(0);
    const cp = await readCheckpoint(join(extended, 'checkpoint'));
    const finalStep = table(extended).rows.at(-1)![0];
    expect(cp.meta.step).toBe(finalStep);
    expect(cp.meta.time).toBe(300);
    // the state before the landing on t = 300 rides along, to continue from
    expect([...cp.fields.keys()]).toEqual(['c', 'c_hat', 'previous_increment', 'step_control', 'continuation_c', 'continuation_c_hat', 'continuation_previous_increment', 'continuation_step_control']);

    const again = await runCli(['run', ...SMALL, '--t-end', '300', '--resume', extended]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('the run already reached t = 300 (t_end 300); give a later --t-end to extend it');
    const otherScene = await runCli(['run', ...SMALL, '--set', 'model.kappa=3', '--t-end', '1000', '--resume', extended]);
    expect(otherScene.code).toBe(2);
    expect(otherScene.stderr).toContain('the checkpoint belongs to a different scene');

    const more = await runCli(['run', ...SMALL, '--t-end', '1000', '--resume', extended]);
    expect(more.code, more.stderr).toBe(0);
    const once = await runCli(['run', ...SMALL, '--t-end', '1000', '--out', single]);
    expect(once.code, once.stderr).toBe(0);
    expect(readFileSync(join(extended, 'timeseries.csv'), 'utf8')).toBe(readFileSync(join(single, 'timeseries.csv'), 'utf8'));
    const end = table(single).rows.at(-1)!;
    expect(end[1]).toBe(1000);
    const name = `${String(end[0]).padStart(8, '0')}.vti`;
    expect(readFileSync(join(extended, 'fields', name)).equals(readFileSync(join(single, 'fields', name)))).toBe(true);
    // the old end state (t = 300) is not on the longer trajectory: its frame is gone from files and series
    expect(existsSync(join(extended, 'fields', `${String(finalStep).padStart(8, '0')}.vti`))).toBe(false);
    const series = JSON.parse(readFileSync(join(extended, 'fields', 'fields.vti.series'), 'utf8')) as { files: { time: number }[] };
    expect(series.files.map((f) => f.time)).not.toContain(300);
    const run = await readRunJson(join(extended, 'run.json'));
    expect(run.status).toBe('done');
    expect(run.steps).toBe(end[0]);
  }, 120_000);

  it('--until-step counts from the start of the run, --steps from the resumed state; both continue bit for bit', async () => {
    const parts = join(root, 'parts');
    const whole = join(root, 'whole');
    const a = await runCli(['run', ...SMALL, '--t-end', '1000', '--until-step', '70', '--out', parts]);
    expect(a.code, a.stderr).toBe(0);
    expect((await readCheckpoint(join(parts, 'checkpoint'))).meta.step).toBe(70);
    const b = await runCli(['run', ...SMALL, '--t-end', '1000', '--steps', '60', '--resume', parts]);
    expect(b.code, b.stderr).toBe(0);
    expect((await readRunJson(join(parts, 'run.json'))).steps).toBe(130);
    const past = await runCli(['run', ...SMALL, '--t-end', '1000', '--until-step', '100', '--resume', parts]);
    expect(past.code).toBe(2);
    expect(past.stderr).toContain('--until-step 100: the checkpoint is already at step 130');
    const c = await runCli(['run', ...SMALL, '--t-end', '1000', '--until-step', '200', '--resume', parts]);
    expect(c.code, c.stderr).toBe(0);
    const d = await runCli(['run', ...SMALL, '--t-end', '1000', '--until-step', '200', '--out', whole]);
    expect(d.code, d.stderr).toBe(0);
    expect(table(parts).rows.at(-1)![0]).toBe(200);
    expect(readFileSync(join(parts, 'timeseries.csv'), 'utf8')).toBe(readFileSync(join(whole, 'timeseries.csv'), 'utf8'));
  }, 120_000);

  it('spawned info, validate and run write nothing to stderr but their own lines', () => {
    const env = { ...process.env, SPINODE_RAW_STDERR: undefined };
    const info = spawnSync(BIN, ['info'], { encoding: 'utf8', timeout: 60_000, env });
    expect(info.status).toBe(0);
    expect(info.stderr).toBe('');
    const validate = spawnSync(BIN, ['validate', 'pfhub-bm1a'], { encoding: 'utf8', timeout: 60_000, env });
    expect(validate.status).toBe(0);
    expect(validate.stderr).toBe('');
    const run = spawnSync(BIN, ['run', ...SMALL, '--t-end', '20', '--out', join(root, 'quiet')], { encoding: 'utf8', timeout: 60_000, env });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^done: \d+ steps, t = 20\.0+, output in \S+\n$/);
    // --debug shows the native module's output unfiltered
    const debug = spawnSync(BIN, ['info', '--debug'], { encoding: 'utf8', timeout: 60_000, env });
    expect(debug.status).toBe(0);
    expect(debug.stderr.split('\n').filter(Boolean).every((l) => DAWN_NOTE.test(l))).toBe(true);
  }, 120_000);
});
