/**
 * Issue 21: the viewport's electrodeposition simulation (src/solver/depositionSimulation.ts) on the real
 * adapter, on li-dendrite-2d cut to 24 x 12 cells of its spacing (l0; the 2.8 um electrode and the 1.4 um
 * nucleus stay) and 6 steps: it advances, hands out xi, c~ and phi [V] buffers of the grid's size, its
 * GPU-reduced observables agree with the full-readback observables of the CLI path (depositionObservables,
 * float64 over the read-back float32 state) within the float32 bounds of the reductions, reset() brings back
 * the initial state and its observables, and it stops at the end time. With the accuracy control it takes the
 * CLI run's steps.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../unit/cli/cliHarness.ts';
import { readTimeseries } from '../../../src/io/timeseries.ts';
import { useGpu } from '../gpuContext.ts';
import { readFloat32 } from '../../../src/gpu/buffers.ts';
import { reductionErrorBound } from '../../../src/gpu/reduction.ts';
import { FARADAY } from '../../../src/physics/constants.ts';
import { electrodepositionInternal } from '../../../src/physics/electrodeposition.ts';
import { findBundledScene } from '../../../src/scene/bundled.ts';
import { electrodepositionParameters } from '../../../src/scene/electrodepositionSchema.ts';
import { parseElectrodepositionSceneJson } from '../../../src/scene/resolveSceneModel.ts';
import { DepositionSimulation } from '../../../src/solver/depositionSimulation.ts';
import { initialDeposition } from '../../../src/solver/electrodepositionInitial.ts';
import { depositionObservables, SHORT_CIRCUIT_GAP, type DepositionObservables } from '../../../src/solver/electrodepositionObservables.ts';
import type { FieldName } from '../../../src/solver/sceneSimulation.ts';
import type { Observables } from '../../../src/solver/observables.ts';

const CELLS: [number, number] = [24, 12];
const STEPS = 6;

function smallScene() {
  const json = structuredClone(findBundledScene('li-dendrite-2d')!.json) as { grid: { cells: number[]; size: number[] }; time: { tEnd: number; dt: number } };
  json.grid.size = json.grid.size.map((L, i) => (L * CELLS[i]) / json.grid.cells[i]);
  json.grid.cells = [...CELLS];
  json.time.tEnd = STEPS * json.time.dt;
  return parseElectrodepositionSceneJson(json);
}

describe('DepositionSimulation (the viewport adapter of the electrodeposition step)', () => {
  const gpu = useGpu();

  it('advances, exposes xi, c~ and phi [V], matches the CLI observables, resets and stops at t_end', async () => {
    const scene = smallScene();
    const p = electrodepositionParameters(scene);
    const q = electrodepositionInternal(p);
    const cells = CELLS[0] * CELLS[1];
    const sim = await DepositionSimulation.create(gpu(), scene);
    try {
      expect(sim.model).toBe('electrodeposition');
      expect(sim.grid).toMatchObject({ shape: CELLS, dims: 2, cellCount: cells });
      expect(sim.grid.size[0]).toBeCloseTo(scene.grid.size[0], 20);
      expect(sim.fieldNames()).toEqual(['xi', 'c', 'phi']);
      const encoder = gpu().device.createCommandEncoder();
      const buffers = new Map(sim.fieldNames().map((name) => [name, sim.encodeField(encoder, name)] as [FieldName, GPUBuffer]));
      gpu().device.queue.submit([encoder.finish()]);
      for (const [name, buffer] of buffers) expect(buffer.size, name).toBe(cells * 4);
      expect(() => sim.encodeField(gpu().device.createCommandEncoder(), 'mu')).toThrow('field "mu" is not available in this scene (available: xi, c, phi)');

      // the initial state as the CLI uploads it (float32), and its observables: nothing deposited, no current yet
      const { grid, state: initial } = initialDeposition(scene);
      for (const field of [initial.xi, initial.c, initial.phi]) field.set(Float32Array.from(field));
      const initialMetal = initial.xi.reduce((s, v) => s + v, 0);
      const records: Observables[] = [];
      sim.onObservables((o) => records.push(o));
      await sim.settle();
      expect(sim.latest).toBeUndefined(); // as Simulation: the initial state's record comes with the first steps

      // a few steps, then the full readback of the CLI path
      sim.advance(3);
      expect(sim.submittedStep).toBe(3);
      expect(sim.finished).toBe(false);
      await sim.settle();
      expect(records.map((r) => r.step)).toEqual([0, 3]);
      const start = records[0];
      expect(start.time).toBe(0);
      expect(start.deposition!.depositedLithium).toBe(0);
      expect(start.deposition!.currentDensity).toBe(0);
      const o = sim.latest!;
      expect(o).toBe(records[1]);
      expect(o.time).toBeCloseTo(3 * scene.time.dt, 15);
      const out = await sim.stepper.read();
      const state = { xi: Float64Array.from(out.xi), c: Float64Array.from(out.c), phi: Float64Array.from(out.phi) };
      const cpu = depositionObservables(grid, p, q, state, initialMetal, out.rate);
      const gpuSide = o.deposition!;
      // the deposit really moved (so the comparison is not of zeros)
      expect(cpu.depositedLithium).toBeGreaterThan(0);
      expect(cpu.currentDensity).toBeGreaterThan(0);

      // float32 bounds: the reductions' sums (reductionErrorBound, relative to the sum of magnitudes), the
      // per-cell terms a few float32 roundings (2^-21 of each term; 1e-5 where cos(4 atan2) enters the gradient energy)
      const bound = reductionErrorBound(cells);
      const [nx] = CELLS;
      const h = grid.lengths[0] / nx;
      const l0 = q.scales.length;
      const perWidth = (h * h) / grid.lengths[1];
      const sumAbs = (f: (i: number) => number) => Array.from({ length: cells }, (_, i) => Math.abs(f(i))).reduce((a, b) => a + b, 0);
      const within = (key: Exclude<keyof DepositionObservables, 'shortCircuit'>, tolerance: number) => expect(Math.abs(gpuSide[key] - cpu[key]), `${key}: GPU ${gpuSide[key]}, CLI ${cpu[key]}`).toBeLessThanOrEqual(tolerance);
      within('tipX', 2 ** -21 * cpu.tipX);
      within('interfaceLengthPerWidth', (bound + 2 ** -21) * cpu.interfaceLengthPerWidth);
      within('depositedLithium', (bound + 2 ** -21) * sumAbs((i) => state.xi[i] - initial.xi[i]) * p.siteDensity * perWidth * l0);
      within('currentDensity', bound * sumAbs((i) => out.rate[i]) * ((p.electrons * FARADAY * p.siteDensity * perWidth * l0) / q.scales.time));
      within('electrolyteCurrentDensity', (bound + 2 ** -21) * Math.abs(cpu.electrolyteCurrentDensity));
      within('barrierEnergy', (bound + 2 ** -21) * cpu.barrierEnergy);
      within('gradientEnergy', (bound + 1e-5) * cpu.gradientEnergy);
      for (const key of ['cMin', 'cMax', 'xiMin', 'xiMax'] as const) expect(gpuSide[key], key).toBe(cpu[key]);
      expect(o.freeEnergy).toBe(gpuSide.barrierEnergy + gpuSide.gradientEnergy);
      expect(o.current).toBe(gpuSide.currentDensity);
      expect(o.cMin).toBe(cpu.cMin);

      // phi in volts: the internal potential times RT/F
      const phiEncoder = gpu().device.createCommandEncoder();
      const volts = sim.encodeField(phiEncoder, 'phi');
      gpu().device.queue.submit([phiEncoder.finish()]);
      const phiVolts = await readFloat32(gpu().device, volts, cells);
      phiVolts.forEach((v, i) => expect(Math.abs(v - out.phi[i] * q.scales.potential)).toBeLessThanOrEqual(2 ** -23 * Math.abs(out.phi[i] * q.scales.potential)));
      expect(Math.min(...phiVolts)).toBeLessThan(-0.4);

      // reset: the initial state, and with the next steps the step-0 observables again
      sim.reset();
      expect(sim.submittedStep).toBe(0);
      expect(sim.latest).toBeUndefined();
      const back = await sim.stepper.read();
      expect(Array.from(back.xi)).toEqual(Array.from(initial.xi));
      expect(Array.from(back.c)).toEqual(Array.from(initial.c));
      expect(Array.from(back.phi)).toEqual(Array.from(initial.phi));

      // the end time: no step beyond it
      records.length = 0;
      sim.advance(100);
      expect(sim.submittedStep).toBe(STEPS);
      expect(sim.finished).toBe(true);
      sim.advance(1);
      expect(sim.submittedStep).toBe(STEPS);
      await sim.settle();
      expect(records.map((r) => r.step)).toEqual([0, STEPS]);
      expect(records[0].deposition).toEqual(start.deposition);
      expect(sim.latest).toMatchObject({ step: STEPS, status: 'done', dt: 0 });
    } finally {
      sim.dispose();
    }
  }, 120_000);

  /*
   * The accuracy control in the viewport: advance(5) and a readback before the next, as the CLI's run with
   * output.timeseriesEvery = 5 (intervals of 5 steps, the step proposed from each interval's last estimate),
   * takes the same steps at the same times, bit for bit in the float64 clock; the step grows past time.dt and
   * the run ends at the first step past t_end (-0.1 V, tolerance 1e-3, 0.02 s).
   */
  it('with the accuracy control, takes the steps and times of the CLI run of the same scene', async () => {
    const sets = { potential: -0.1, tolerance: 1e-3, tEnd: 0.02 };
    const json = structuredClone(findBundledScene('li-dendrite-2d')!.json) as { grid: { cells: number[]; size: number[] }; model: { potential: { electrode: number } }; time: Record<string, unknown> };
    json.grid.size = json.grid.size.map((L, i) => (L * CELLS[i]) / json.grid.cells[i]);
    json.grid.cells = [...CELLS];
    json.model.potential.electrode = sets.potential;
    json.time = { ...json.time, tEnd: sets.tEnd, control: { kind: 'accuracy', tolerance: sets.tolerance } };
    const scene = parseElectrodepositionSceneJson(json);
    const sim = await DepositionSimulation.create(gpu(), scene);
    const records: Observables[] = [];
    try {
      sim.onObservables((o) => records.push(o));
      for (let k = 0; k < 100 && !sim.finished; k++) {
        sim.advance(5);
        await sim.settle();
      }
      expect(sim.finished).toBe(true);
    } finally {
      sim.dispose();
    }
    const dir = mkdtempSync(join(tmpdir(), 'spinode-deposition-viewport-'));
    try {
      const file = join(dir, 'scene.json');
      writeFileSync(file, JSON.stringify({ ...json, output: { timeseriesEvery: 5, fieldFrames: 0 } }));
      const r = await runCli(['run', file, '--quiet', '--out', join(dir, 'run')]);
      expect(r.code, r.stderr).toBe(0);
      const table = readTimeseries(readFileSync(join(dir, 'run', 'timeseries.csv'), 'utf8'));
      expect(records.map((o) => o.step)).toEqual(Array.from(table.column('step')));
      expect(records.map((o) => o.time)).toEqual(Array.from(table.column('time')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const last = records.at(-1)!;
    expect(last).toMatchObject({ status: 'done', dt: 0 });
    expect(last.time).toBeGreaterThanOrEqual(sets.tEnd);
    expect(Math.max(...records.map((o) => o.dt))).toBeGreaterThan(2 * scene.time.dt);
    expect(last.step).toBeLessThan(sets.tEnd / scene.time.dt / 2);
  }, 120_000);

  /*
   * li-dendrite-3d cut to 16 x 8 x 8 cells of its spacing (the 2.8 um electrode and the 1.4 um hemisphere stay):
   * the 3D grid, the GPU-reduced observables against the CLI's full readback as above (the interface area per
   * electrode area, the cubic a(n) in the gradient energy, the face current over ny nz rows).
   */
  it('ends at a short circuit: the first state read back with the tip within SHORT_CIRCUIT_GAP of x = L is the last, before the end time', async () => {
    const json = structuredClone(findBundledScene('li-dendrite-2d')!.json) as { grid: { cells: number[]; size: number[] }; initial: { electrodeThickness: number; nucleusRadius: number }; time: { tEnd: number; dt: number } };
    const l0 = json.grid.size[0] / json.grid.cells[0];
    json.grid.size = json.grid.size.map((L, i) => (L * CELLS[i]) / json.grid.cells[i]);
    json.grid.cells = [...CELLS];
    // the nucleus's tip 4.5 l0 from x = L, 200 steps allowed
    json.initial = { electrodeThickness: (CELLS[0] - 8.5) * l0, nucleusRadius: 4 * l0 };
    json.time.tEnd = 200 * json.time.dt;
    const sim = await DepositionSimulation.create(gpu(), parseElectrodepositionSceneJson(json));
    try {
      const records: Observables[] = [];
      sim.onObservables((o) => records.push(o));
      for (let k = 0; k < 200 && !sim.finished; k++) {
        sim.advance(2);
        await sim.settle();
      }
      expect(sim.finished).toBe(true);
      const last = records.at(-1)!;
      expect(last.status).toBe('done');
      expect(last.step).toBeLessThan(200);
      const L = CELLS[0] * l0;
      expect(last.deposition!.tipX).toBeGreaterThanOrEqual(L - SHORT_CIRCUIT_GAP * l0);
      expect(last.deposition!.shortCircuit).toBe(true);
      expect(records.slice(0, -1).every((o) => o.status === 'running' && o.deposition!.tipX < L - SHORT_CIRCUIT_GAP * l0)).toBe(true);
      const before = sim.submittedStep;
      sim.advance(5); // nothing more after the end
      expect(sim.submittedStep).toBe(before);
      sim.reset(); // and a reset starts it again
      expect(sim.finished).toBe(false);
    } finally {
      sim.dispose();
    }
  });

  it('runs a 3D scene and matches the CLI observables there (interface area per electrode area)', async () => {
    const cells3: [number, number, number] = [16, 8, 8];
    const json = structuredClone(findBundledScene('li-dendrite-3d')!.json) as { grid: { cells: number[]; size: number[] }; time: { tEnd: number; dt: number } };
    json.grid.size = json.grid.size.map((L, i) => (L * cells3[i]) / json.grid.cells[i]);
    json.grid.cells = [...cells3];
    json.time.tEnd = 3 * json.time.dt;
    const scene = parseElectrodepositionSceneJson(json);
    const p = electrodepositionParameters(scene);
    const q = electrodepositionInternal(p);
    const cells = cells3[0] * cells3[1] * cells3[2];
    const sim = await DepositionSimulation.create(gpu(), scene);
    try {
      expect(sim.grid).toMatchObject({ shape: cells3, dims: 3, cellCount: cells });
      const { grid, state: initial } = initialDeposition(scene);
      for (const field of [initial.xi, initial.c, initial.phi]) field.set(Float32Array.from(field));
      const initialMetal = initial.xi.reduce((s, v) => s + v, 0);
      sim.advance(3);
      await sim.settle();
      const o = sim.latest!.deposition!;
      const out = await sim.stepper.read();
      const state = { xi: Float64Array.from(out.xi), c: Float64Array.from(out.c), phi: Float64Array.from(out.phi) };
      const cpu = depositionObservables(grid, p, q, state, initialMetal, out.rate);
      expect(cpu.depositedLithium).toBeGreaterThan(0);
      // a hemisphere of radius 4 l0 in a 8 x 8 l0 electrode (a quarter in the box): 1 + pi 16 / 4 / 64 = 1.196 before
      // the grid's central differences (low by ~10 % of the interface's own part at h = l0)
      expect(cpu.interfaceLengthPerWidth).toBeGreaterThan(1.1);
      const bound = reductionErrorBound(cells);
      const within = (key: Exclude<keyof DepositionObservables, 'shortCircuit'>, tolerance: number) => expect(Math.abs(o[key] - cpu[key]), `${key}: GPU ${o[key]}, CLI ${cpu[key]}`).toBeLessThanOrEqual(tolerance);
      within('tipX', 2 ** -21 * cpu.tipX);
      within('interfaceLengthPerWidth', (bound + 2 ** -21) * cpu.interfaceLengthPerWidth);
      within('electrolyteCurrentDensity', (bound + 2 ** -21) * Math.abs(cpu.electrolyteCurrentDensity));
      within('barrierEnergy', (bound + 2 ** -21) * cpu.barrierEnergy);
      within('gradientEnergy', (bound + 1e-5) * cpu.gradientEnergy);
      // deposited Li and current: sums of terms of both signs, as in 2D (the bound relative to the sum of magnitudes)
      const perArea = (grid.lengths[0] / cells3[0]) ** 3 / (grid.lengths[1] * grid.lengths[2]!);
      const sumAbs = (f: (i: number) => number) => Array.from({ length: cells }, (_, i) => Math.abs(f(i))).reduce((a, b) => a + b, 0);
      within('depositedLithium', (bound + 2 ** -21) * sumAbs((i) => state.xi[i] - initial.xi[i]) * p.siteDensity * perArea * q.scales.length);
      within('currentDensity', bound * sumAbs((i) => out.rate[i]) * ((p.electrons * FARADAY * p.siteDensity * perArea * q.scales.length) / q.scales.time));
      for (const key of ['cMin', 'cMax', 'xiMin', 'xiMax'] as const) expect(o[key], key).toBe(cpu[key]);
    } finally {
      sim.dispose();
    }
  }, 120_000);
});
