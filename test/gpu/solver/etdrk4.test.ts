/**
 * The ETDRK4 Cahn-Hilliard integrator (time.integrator "etdrk4": shaders/ch/etd_stage.wgsl,
 * etd_step_control.wgsl) on the real adapter: against its float64 twin (CahnHilliardReference.stepEtdrk4),
 * mass conservation, an energy that never rises, and step rejection that rescues a too-large step.
 */
import { describe, expect, it } from 'vitest';
import { useGpu } from '../gpuContext.ts';
import { findBundledScene } from '../../../src/scene/bundled.ts';
import { resolveScene } from '../../../src/scene/resolve.ts';
import { Simulation, type Observables } from '../../../src/solver/simulation.ts';
import { CahnHilliardReference } from '../../../src/solver/referenceStep.ts';
import { initialConcentration } from '../../../src/solver/initialCondition.ts';
import { relativeL2Error } from '../../../src/fft/reference.ts';
import { testScene } from './scenes.ts';

function etdScene(overrides: Parameters<typeof testScene>[0]): Record<string, unknown> {
  const json = testScene(overrides) as { time: Record<string, unknown> };
  json.time.integrator = 'etdrk4';
  return json;
}

async function run(gpu: ReturnType<ReturnType<typeof useGpu>>, json: unknown, maxSteps?: number) {
  const spec = resolveScene(json);
  const sim = await Simulation.create(gpu, spec);
  const records: Observables[] = [];
  sim.onObservables((o) => records.push(o));
  const last = await sim.run({ maxSteps, chunk: 64 });
  const c = await sim.readConcentration();
  sim.dispose();
  return { spec, records, c, last };
}

describe('ETDRK4 Cahn-Hilliard integrator', () => {
  const gpu = useGpu();

  const cases = [
    { mobility: { kind: 'constant', value: 5 }, stages: 'coxMatthews' },
    { mobility: { kind: 'diffusivity', diffusivity: 5, form: 'lattice' }, stages: 'coxMatthews' },
    { mobility: { kind: 'constant', value: 5 }, stages: 'krogstad' },
  ];
  for (const { mobility, stages } of cases) {
    it(`matches the float64 twin step by step (${mobility.kind} mobility, ${stages} stages, fixed dt)`, async () => {
      const dt = 0.5;
      const steps = 12;
      const json = etdScene({ cells: [32, 24], control: { kind: 'fixed', dt }, mobility }) as { time: Record<string, unknown> };
      json.time.etdStages = stages;
      const { spec, records, c } = await run(gpu(), json, steps);
      const twin = new CahnHilliardReference(spec, initialConcentration(spec));
      const energies = [twin.freeEnergy()];
      for (let s = 0; s < steps; s++) {
        twin.stepEtdrk4(dt / spec.scales.time);
        energies.push(twin.freeEnergy());
      }
      // f32 rounding (~6e-8 per value, four stages and eight FFTs a step) accumulates over 12 steps to
      // ~1e-6 of the pattern; 1e-4 leaves two orders of margin, and a wrong stage coefficient gives > 1e-2.
      const mean = twin.concentration.reduce((s, v) => s + v, 0) / twin.concentration.length;
      expect(relativeL2Error(Array.from(c, (v) => v - mean), Array.from(twin.concentration, (v) => v - mean))).toBeLessThan(1e-4);
      expect(records.length).toBe(steps + 1);
      records.forEach((r, i) => expect(Math.abs(r.freeEnergy / (energies[i] * spec.scales.energy) - 1)).toBeLessThan(2e-5));
      // the pattern moved: the comparison is not of two initial states
      expect(Math.abs(energies[steps] / energies[0] - 1)).toBeGreaterThan(1e-3);
    });
  }

  it('estimates the error of a long step as its float64 twin does (the candidate-ended estimate)', async () => {
    // dt = 1000 is ~10^4 relaxation times of the interface modes: the stage-ended estimate |u4 - u2|
    // tends to 0 like 1/dt there (test/unit/solver/etdEstimate.test.ts), so the recorded estimate must be
    // etd_stage STAGE 5's |u4 - u2'|, the distance one more fixed-point sweep would move the state.
    const dt = 1000;
    const steps = 3;
    const { spec, records } = await run(gpu(), etdScene({ cells: [32, 24], control: { kind: 'fixed', dt } }), steps);
    const twin = new CahnHilliardReference(spec, initialConcentration(spec));
    for (let s = 0; s < steps; s++) {
      const estimate = twin.stepEtdrk4(dt / spec.scales.time);
      expect(twin.etdEstimates.stage, `step ${s}`).toBeLessThan(0.1 * twin.etdEstimates.candidate);
      // a difference of two O(1e-2) spectra in f32 after four stages: ~1e-6 absolute; 2 % is ample
      // a state's record carries the step taken from it: its dt and its error estimate
      expect(Math.abs(records[s].truncationError / estimate - 1), `step ${s}`).toBeLessThan(0.02);
    }
  });

  it('conserves mass and never raises the free energy over an adaptive spinodal run', async () => {
    const json = etdScene({ cells: [48, 48], tEnd: 400, control: { kind: 'accuracy', tolerance: 1e-5 } });
    const { records, last } = await run(gpu(), json);
    expect(last.status).toBe('done');
    expect(last.time).toBeCloseTo(400, 3);
    const m0 = records[0].mass;
    for (const r of records) expect(Math.abs(r.mass / m0 - 1)).toBeLessThan(1e-6);
    // the energy falls by two thirds; no step may raise it beyond the f32 round-off of its sums
    for (let i = 1; i < records.length; i++) {
      expect(records[i].freeEnergy - records[i - 1].freeEnergy).toBeLessThanOrEqual(1e-5 * Math.abs(records[i - 1].freeEnergy));
    }
    expect(last.freeEnergy).toBeLessThan(0.9 * records[0].freeEnergy);
    // one row per accepted step, consecutive step numbers (rejected attempts leave no row)
    records.forEach((r, i) => expect(r.step).toBe(i));
  });

  it('rejects a far too large first step and shrinks it until the run goes on', async () => {
    // dtInitial 200 at the start of spinodal decomposition: the first candidates miss the tolerance
    // (or leave the bounds) and are rejected on the GPU; the run still reaches its end time
    const json = etdScene({ cells: [32, 32], tEnd: 300, control: { kind: 'accuracy', tolerance: 1e-7, dtInitial: 200 } });
    const { records, last } = await run(gpu(), json);
    expect(last.status).toBe('done');
    expect(last.time).toBeCloseTo(300, 3);
    expect(records[0].dt).toBeLessThan(20); // the step actually taken from the initial state
    expect(last.freeEnergy).toBeLessThan(records[0].freeEnergy);
  });

  it('the bundled elastic-precipitate with its defaults: the energy never rises (it did in 145 of 641 first-order steps)', async () => {
    // the bundled scene at a quarter of its cells, same spacing (precipitate radius halved with the box)
    const json = structuredClone(findBundledScene('elastic-precipitate')!.json) as { grid: { cells: number[]; size: number[] }; initial: { shape: { radius: number } } };
    json.grid = { cells: json.grid.cells.map((n) => n / 4), size: json.grid.size.map((L) => L / 4) };
    json.initial.shape.radius /= 4;
    const { spec, records, last } = await run(gpu(), json);
    expect(spec.integrator).toBe('etdrk4');
    expect(last.status).toBe('done'); // to t = 10^5 (about 100 steps: the small precipitate settles early)
    expect(records.length).toBe(last.step + 1);
    for (let i = 1; i < records.length; i++) {
      const scale = Math.abs(records[i - 1].bulkEnergy) + Math.abs(records[i - 1].gradientEnergy) + Math.abs(records[i - 1].elasticEnergy);
      expect(records[i].freeEnergy - records[i - 1].freeEnergy, `step ${i}`).toBeLessThanOrEqual(1e-5 * scale);
    }
    expect(last.freeEnergy).toBeLessThan(records[0].freeEnergy);
  });

  it('stress observables evaluated before rejected attempts stay with their state', async () => {
    // the first attempts from the initial state are rejected (dtInitial far too large); the stress
    // evaluated on that state before the first of them must still reach its record
    const json = structuredClone(findBundledScene('elastic-precipitate')!.json) as { grid: { cells: number[]; size: number[] }; initial: { shape: { radius: number } }; time: Record<string, unknown>; output: Record<string, unknown> };
    json.grid = { cells: json.grid.cells.map((n) => n / 4), size: json.grid.size.map((L) => L / 4) };
    json.initial.shape.radius /= 4;
    json.time = { tEnd: 1e5, control: { kind: 'accuracy', tolerance: 1e-6, dtInitial: 1e4 } };
    json.output = { ...json.output, stressEvery: 1000 };
    const spec = resolveScene(json);
    const sim = await Simulation.create(gpu(), spec);
    const records: Observables[] = [];
    sim.onObservables((o) => records.push(o));
    await sim.run({ maxSteps: 2, chunk: 64 });
    const rejected = sim.current.rejected;
    sim.dispose();
    expect(rejected).toBeGreaterThan(0);
    expect(records[0].step).toBe(0);
    expect(Number.isFinite(records[0].sigmaVmMax) && records[0].sigmaVmMax > 0, `sigma_vm of the initial state: ${records[0].sigmaVmMax}`).toBe(true);
  });
});
