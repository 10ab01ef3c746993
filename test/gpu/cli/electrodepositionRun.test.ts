/**
 * `spinode run` on an electrodeposition scene steps the GPU stepper (src/cli/electrodepositionRun.ts):
 * scenes/li-dendrite-2d.json on a 32 x 16 grid of l0 for 10 steps. Its last .vti frame against the float64
 * twin run from the same initial state (float32 tolerances of test/gpu/solver/electrodeposition.test.ts),
 * the columns (the Li inventory to 1e-5, the deposit growing), and i0, the solver and the adapter in run.json.
 * Checkpoints: a finished run extended with --resume --t-end, and a spawned run interrupted by SIGINT and
 * resumed, give the timeseries.csv text and the last frame of one uninterrupted run, bit for bit.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTimeseries } from '../../../src/io/timeseries.ts';
import { readQoiJson } from '../../../src/io/qoiJson.ts';
import { parseVti } from '../../../src/io/vti.ts';
import { electrodepositionInternal } from '../../../src/physics/electrodeposition.ts';
import { parseElectrodepositionScene } from '../../../src/cli/electrodepositionRun.ts';
import { SHORT_CIRCUIT_GAP } from '../../../src/solver/electrodepositionObservables.ts';
import { initialDeposition } from '../../../src/solver/electrodepositionInitial.ts';
import { electrodepositionParameters } from '../../../src/scene/electrodepositionSchema.ts';
import { depositionStep } from '../../../src/solver/electrodepositionReference.ts';
import { runCli } from '../../unit/cli/cliHarness.ts';
import { runAndInterrupt } from './spawnRun.ts';

const root = mkdtempSync(join(tmpdir(), 'spinode-deposition-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const l0 = Math.sqrt(3e-8 / 2.4e5);
const SETS = ['--set', 'grid.cells=[32,16]', '--set', `grid.size=[${32 * l0},${16 * l0}]`, '--set', 'output.timeseriesEvery=5', '--set', 'output.fieldFrames=2'];

describe('spinode run: electrodeposition on the GPU', () => {
  it('writes the twin-checked fields, the issue columns and i0 (32 x 16, 10 steps at -0.45 V)', async () => {
    const out = join(root, 'run');
    const dt = 3.333333e-4;
    const r = await runCli(['run', 'scenes/li-dendrite-2d.json', ...SETS, '--t-end', String(10 * dt), '--quiet', '--out', out]);
    expect(r.thrown).toBeUndefined();
    expect(r.code).toBe(0);

    // the float64 twin from the same scene and initial state (rounded to float32 as the GPU holds it)
    const json = JSON.parse(readFileSync('scenes/li-dendrite-2d.json', 'utf8'));
    json.grid.cells = [32, 16];
    json.grid.size = [32 * l0, 16 * l0];
    const scene = parseElectrodepositionScene(json, 'test');
    const q = electrodepositionInternal(electrodepositionParameters(scene));
    const { grid, state } = initialDeposition(scene);
    for (const field of [state.xi, state.c, state.phi]) field.set(Float32Array.from(field));
    for (let s = 0; s < 10; s++) depositionStep(grid, q, state, dt / q.scales.time);

    const frames = readdirSync(join(out, 'fields')).filter((f) => f.endsWith('.vti')).sort();
    expect(frames).toEqual(['00000000.vti', '00000010.vti']);
    const last = parseVti(readFileSync(join(out, 'fields', frames[1])));
    const difference = (name: string, twin: Float64Array, scale = 1) => last.arrays.get(name)!.reduce((m, v, i) => Math.max(m, Math.abs(v - twin[i] * scale)), 0);
    expect(difference('xi', state.xi)).toBeLessThan(1e-6);
    expect(difference('c', state.c)).toBeLessThan(2e-5 * Math.max(...state.c));
    // phi in volts: 2e-6 of |phi_app| = 0.45 V
    expect(difference('phi', state.phi, q.scales.potential)).toBeLessThan(2e-6 * 0.45);

    const table = readTimeseries(readFileSync(join(out, 'timeseries.csv'), 'utf8'));
    expect(Array.from(table.column('step'))).toEqual([0, 5, 10]);
    for (const drift of table.column('li_inventory_drift')) expect(Math.abs(drift)).toBeLessThan(1e-5);
    const deposited = table.column('deposited_li');
    expect(deposited[0]).toBe(0);
    expect(deposited[2]).toBeGreaterThan(deposited[1]);
    expect(deposited[1]).toBeGreaterThan(0);
    expect(table.column('tip_x')[2]).toBeGreaterThan(table.column('tip_x')[0]);

    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { status: string; solver: string; adapter: unknown; electrodeposition: { exchangeCurrentDensity: number } };
    expect(run.status).toBe('done');
    expect(run.solver).toMatch(/GPU/);
    expect(run.adapter).toBeTruthy();
    expect(run.electrodeposition.exchangeCurrentDensity).toBeCloseTo(11.057, 2);
    // qoi.json, as every run writes it (DESIGN.md 4.2): the status, the end time and the deposition's
    // standard quantities, each the last row of its column (the current a time average), in SI units
    const qoi = await readQoiJson(join(out, 'qoi.json'));
    expect(qoi).toMatchObject({ status: 'done', steps: 10 });
    expect(qoi.quantities.time_end).toBeCloseTo(10 * dt, 12);
    expect(qoi.units.time_end).toBe('s');
    expect(qoi.quantities.tip_x_end).toBe(table.column('tip_x')[2]);
    expect(qoi.quantities.deposited_li_end).toBe(deposited[2]);
    expect(qoi.quantities.interface_length_per_width_end).toBe(table.column('interface_length_per_width')[2]);
    expect(qoi.quantities.li_inventory_drift_end).toBe(table.column('li_inventory_drift')[2]);
    const current = table.column('current_density');
    expect(qoi.quantities.current_density_mean).toBeCloseTo((current[0] + 2 * current[1] + current[2]) / 4, 10);
    expect(qoi.units).toMatchObject({ tip_x_end: 'm', deposited_li_end: 'mol/m^2', current_density_mean: 'A/m^2' });
    expect(qoi.quantities.interface_area_per_electrode_area_end).toBeUndefined(); // a 3D run's column
  });

  // the nucleus's tip 4.5 l0 from x = L: the run ends at the first recorded step with the tip within
  // SHORT_CIRCUIT_GAP (4 l0) of the counter electrode, well before its end time, as a finished run
  it('ends a run whose deposit reaches the counter electrode: a short circuit, reported in run.json and on the console', async () => {
    const out = join(root, 'short');
    const dt = 3.333333e-4;
    const sets = [...SETS, '--set', 'output.timeseriesEvery=2', '--set', `initial.electrodeThickness=${23.5 * l0}`, '--set', `initial.nucleusRadius=${4 * l0}`];
    const r = await runCli(['run', 'scenes/li-dendrite-2d.json', ...sets, '--t-end', String(200 * dt), '--quiet', '--out', out]);
    expect(r.thrown).toBeUndefined();
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/short circuit: the deposit's tip reached x = .* from the counter electrode/);
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { status: string; steps: number; electrodeposition: { shortCircuit?: { step: number; tipX: number; gap: number } } };
    expect(run.status).toBe('done');
    const short = run.electrodeposition.shortCircuit!;
    expect(short.step).toBe(run.steps);
    expect(short.step).toBeLessThan(200);
    expect(short.gap).toBeLessThanOrEqual(SHORT_CIRCUIT_GAP * l0);
    const tip = readTimeseries(readFileSync(join(out, 'timeseries.csv'), 'utf8')).column('tip_x');
    const L = 32 * l0;
    expect(tip[tip.length - 1]).toBeCloseTo(short.tipX, 12);
    expect(L - tip[tip.length - 2]).toBeGreaterThan(SHORT_CIRCUIT_GAP * l0); // the recorded step before was not yet shorted
    expect(tip[0]).toBeLessThan(L - SHORT_CIRCUIT_GAP * l0);
    expect(readdirSync(join(out, 'fields'))).toContain(`${String(short.step).padStart(8, '0')}.vti`);
  });

  // li-dendrite-3d on 24 x 8 x 8 cells of l0, 4 steps: 3D frames against the twin (the bounds above), the 3D column set
  it('runs a 3D scene: 3D frames that follow the twin, the interface area per electrode area column (24 x 8 x 8, 4 steps)', async () => {
    const out = join(root, 'run3d');
    const dt = 3.333333e-4;
    const sets = ['--set', 'grid.cells=[24,8,8]', '--set', `grid.size=[${24 * l0},${8 * l0},${8 * l0}]`, '--set', 'output.timeseriesEvery=2', '--set', 'output.fieldFrames=2'];
    const r = await runCli(['run', 'scenes/li-dendrite-3d.json', ...sets, '--t-end', String(4 * dt), '--quiet', '--out', out]);
    expect(r.thrown).toBeUndefined();
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync('scenes/li-dendrite-3d.json', 'utf8'));
    json.grid.cells = [24, 8, 8];
    json.grid.size = [24 * l0, 8 * l0, 8 * l0];
    const scene = parseElectrodepositionScene(json, 'test');
    const q = electrodepositionInternal(electrodepositionParameters(scene));
    const { grid, state } = initialDeposition(scene);
    for (const field of [state.xi, state.c, state.phi]) field.set(Float32Array.from(field));
    for (let s = 0; s < 4; s++) depositionStep(grid, q, state, dt / q.scales.time);
    const last = parseVti(readFileSync(join(out, 'fields', '00000004.vti')));
    expect(last.dimensions).toEqual([24, 8, 8]);
    const difference = (name: string, twin: Float64Array, scale = 1) => last.arrays.get(name)!.reduce((m, v, i) => Math.max(m, Math.abs(v - twin[i] * scale)), 0);
    expect(difference('xi', state.xi)).toBeLessThan(1e-6);
    expect(difference('c', state.c)).toBeLessThan(2e-5 * Math.max(...state.c));
    expect(difference('phi', state.phi, q.scales.potential)).toBeLessThan(2e-6 * 0.45);
    const table = readTimeseries(readFileSync(join(out, 'timeseries.csv'), 'utf8'));
    expect(table.columns).toContain('interface_area_per_electrode_area');
    expect(table.columns).not.toContain('interface_length_per_width');
    // a hemisphere of radius 4 l0 on an 8 x 8 l0 electrode (a quarter in the box) adds pi 16 / 4 / 64 = 0.196 to 1
    expect(table.column('interface_area_per_electrode_area')[0]).toBeGreaterThan(1.1);
    for (const drift of table.column('li_inventory_drift')) expect(Math.abs(drift)).toBeLessThan(1e-5);
    expect(table.column('deposited_li')[2]).toBeGreaterThan(0);
  });
  // the stepper's whole state (xi and c~ with their float32 carries, phi, the transport's u, the inflow total,
  // the noise counter) goes into the checkpoint, so a continued run takes the steps of one uninterrupted run
  const DT = 3.333333e-4;
  const frameBytes = (dir: string, step: number) => readFileSync(join(dir, 'fields', `${String(step).padStart(8, '0')}.vti`));

  it('a finished run leaves a checkpoint: --resume with a later --t-end gives the CSV and the last frame of one run, bit for bit', async () => {
    const single = join(root, 'single');
    const extended = join(root, 'extended');
    const sets = [...SETS, '--set', 'model.noise.amplitude=2'];
    expect((await runCli(['run', 'scenes/li-dendrite-2d.json', ...sets, '--t-end', String(12 * DT), '--quiet', '--out', single])).code).toBe(0);
    expect((await runCli(['run', 'scenes/li-dendrite-2d.json', ...sets, '--t-end', String(10 * DT), '--quiet', '--out', extended])).code).toBe(0);
    const again = await runCli(['run', 'scenes/li-dendrite-2d.json', ...sets, '--t-end', String(10 * DT), '--quiet', '--resume', extended]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/--resume .*: the run already reached t = .* give a later --t-end to extend it/);
    const other = await runCli(['run', 'scenes/li-dendrite-2d.json', ...sets, '--set', 'model.potential.electrode=-0.2', '--t-end', String(12 * DT), '--quiet', '--resume', extended]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/the checkpoint belongs to a different scene/);
    const r = await runCli(['run', 'scenes/li-dendrite-2d.json', ...sets, '--t-end', String(12 * DT), '--quiet', '--resume', extended]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(extended, 'timeseries.csv'), 'utf8')).toBe(readFileSync(join(single, 'timeseries.csv'), 'utf8'));
    expect(frameBytes(extended, 12).equals(frameBytes(single, 12))).toBe(true);
    const run = JSON.parse(readFileSync(join(extended, 'run.json'), 'utf8')) as { status: string; steps: number; resumedFrom: { step: number } };
    expect(run).toMatchObject({ status: 'done', steps: 12, resumedFrom: { step: 10 } });
  });

  /*
   * The accuracy control (src/solver/depositionStepControl.ts) at -0.1 V, where the flat front barely moves: the
   * step grows from time.dt to several times it. Measured on this case (t_end 0.03 s): tolerance 1e-3 takes 22
   * steps where the fixed 3.3e-4 s takes 91, and its deposited Li is 1.3 % off a run at half the fixed step
   * (tolerance 1e-4: 0.43 %, the fixed step 0.10 %); the bound below is 3 %.
   */
  it('chooses its steps for a local error tolerance: fewer steps, rows at interval ends, frames at their times, the end at the first step past t_end', async () => {
    const sets = [...SETS, '--set', 'output.fieldFrames=4', '--set', 'model.potential.electrode=-0.1', '--t-end', '0.03', '--quiet'];
    const accuracy = ['--set', 'time.control={"kind":"accuracy","tolerance":1e-3}'];
    const adaptive = join(root, 'adaptive');
    const fixed = join(root, 'adaptive-fixed');
    expect((await runCli(['run', 'scenes/li-dendrite-2d.json', ...sets, ...accuracy, '--out', adaptive])).code).toBe(0);
    expect((await runCli(['run', 'scenes/li-dendrite-2d.json', ...sets, '--out', fixed])).code).toBe(0);
    const a = readTimeseries(readFileSync(join(adaptive, 'timeseries.csv'), 'utf8'));
    const f = readTimeseries(readFileSync(join(fixed, 'timeseries.csv'), 'utf8'));
    const steps = a.column('step');
    const time = a.column('time');
    const dt = a.column('dt');
    const last = steps.length - 1;
    // rows at every interval of 5 steps and at the end; the clock is the sum of the steps
    for (let i = 1; i < last; i++) expect(steps[i] - steps[i - 1]).toBe(5);
    for (let i = 1; i <= last; i++) expect(time[i]).toBeCloseTo(time[i - 1] + (steps[i] - steps[i - 1]) * dt[i], 15);
    expect(time[last]).toBeGreaterThanOrEqual(0.03);
    expect(time[last] - dt[last]).toBeLessThan(0.03);
    expect(Math.max(...dt)).toBeGreaterThan(4 * DT);
    expect(steps[last]).toBeLessThan(f.column('step').at(-1)! / 2);
    for (const drift of a.column('li_inventory_drift')) expect(Math.abs(drift)).toBeLessThan(1e-5);
    const interpolate = (t: number[], y: number[], x: number) => {
      const k = t.findIndex((v) => v >= x);
      return y[k - 1] + ((y[k] - y[k - 1]) * (x - t[k - 1])) / (t[k] - t[k - 1]);
    };
    const deposited = interpolate(Array.from(time), Array.from(a.column('deposited_li')), 0.03);
    expect(Math.abs(deposited / interpolate(Array.from(f.column('time')), Array.from(f.column('deposited_li')), 0.03) - 1)).toBeLessThan(0.03);
    // a frame at the first row at or after each of 0, 0.01, 0.02 and 0.03 s
    const series = JSON.parse(readFileSync(join(adaptive, 'fields', 'fields.vti.series'), 'utf8')) as { files: { name: string; time: number }[] };
    const expected = [0, 0.01, 0.02, 0.03].map((t) => time.findIndex((v) => v >= t));
    expect(series.files.map((e) => e.name)).toEqual(expected.map((i) => `${String(steps[i]).padStart(8, '0')}.vti`));
    expect(series.files.map((e) => e.time)).toEqual(expected.map((i) => time[i]));
    const run = JSON.parse(readFileSync(join(adaptive, 'run.json'), 'utf8')) as { steps: number; time: number; solver: string };
    expect(run).toMatchObject({ steps: steps[last], time: time[last] });
    expect(run.solver).toMatch(/step size for a local error of xi <= 0.001 per step/);
  });

  // the checkpoint keeps the control's state (the proposed step, the last step's size, the interval's progress,
  // the last frame's time), so the continued run takes the steps (and writes the rows) of an uninterrupted one
  it('with the accuracy control, a SIGINT and --resume end as one uninterrupted run, bit for bit', async () => {
    const sets = [...SETS, '--set', 'output.timeseriesEvery=10', '--set', 'model.potential.electrode=-0.1', '--set', 'time.control={"kind":"accuracy","tolerance":1e-4}', '--t-end', '0.04', '--quiet'];
    const interrupted = join(root, 'adaptive-interrupted');
    const spawned = await runAndInterrupt(['scenes/li-dendrite-2d.json', ...sets], interrupted, 1);
    expect(spawned.code, spawned.stderr).toBe(130);
    const stopped = JSON.parse(readFileSync(join(interrupted, 'run.json'), 'utf8')) as { status: string; time: number };
    expect(stopped.status).toBe('interrupted');
    expect(stopped.time, 'the SIGINT came after the end: make the run longer').toBeLessThan(0.04);
    const reference = join(root, 'adaptive-uninterrupted');
    expect((await runCli(['run', 'scenes/li-dendrite-2d.json', ...sets, '--out', reference])).code).toBe(0);
    expect((await runCli(['run', 'scenes/li-dendrite-2d.json', ...sets, '--resume', interrupted])).code).toBe(0);
    expect(readFileSync(join(interrupted, 'timeseries.csv'), 'utf8')).toBe(readFileSync(join(reference, 'timeseries.csv'), 'utf8'));
    const end = readTimeseries(readFileSync(join(reference, 'timeseries.csv'), 'utf8')).column('step').at(-1)!;
    expect(frameBytes(interrupted, end).equals(frameBytes(reference, end))).toBe(true);
  });

  it('a SIGINT mid-run ends with exit 130 and run.json "interrupted"; --resume ends as one uninterrupted run', async () => {
    const steps = 60;
    const sets = [...SETS, '--set', 'output.timeseriesEvery=1', '--t-end', String(steps * DT), '--quiet'];
    const interrupted = join(root, 'interrupted');
    const spawned = await runAndInterrupt(['scenes/li-dendrite-2d.json', ...sets], interrupted, 3);
    expect(spawned.code, spawned.stderr).toBe(130);
    expect(spawned.stderr).toMatch(/^interrupted \(SIGINT\): \d+ steps, t = .* s; continue with --resume /m);
    const stopped = JSON.parse(readFileSync(join(interrupted, 'run.json'), 'utf8')) as { status: string; steps: number };
    expect(stopped.status).toBe('interrupted');
    expect((await readQoiJson(join(interrupted, 'qoi.json'))).status).toBe('interrupted');
    expect(stopped.steps, 'the SIGINT came after the end: make the run longer').toBeLessThan(steps);
    const reference = join(root, 'uninterrupted');
    expect((await runCli(['run', 'scenes/li-dendrite-2d.json', ...sets, '--out', reference])).code).toBe(0);
    expect((await runCli(['run', 'scenes/li-dendrite-2d.json', ...sets, '--resume', interrupted])).code).toBe(0);
    expect(readFileSync(join(interrupted, 'timeseries.csv'), 'utf8')).toBe(readFileSync(join(reference, 'timeseries.csv'), 'utf8'));
    expect(frameBytes(interrupted, steps).equals(frameBytes(reference, steps))).toBe(true);
  });
});
