/**
 * Issue #25: a run interrupted at an arbitrary step and resumed from its checkpoint continues bit for bit
 * as if it had never stopped, for every stepper kind. For each: an uninterrupted run of N steps; a run
 * stopped after K steps (K not a multiple of the chunk of 64), its state written to a checkpoint on disk
 * (writeCheckpoint/readCheckpoint, so the file format is part of the round trip), read back into a
 * freshly created simulation and run for the remaining N - K steps. Every declared state buffer at the
 * end and every observable record from step K on must agree to the bit (toEqual on float64 values
 * decoded from float32, NaN = NaN).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useGpu } from '../gpuContext.ts';
import { resolveScene, type Spec } from '../../../src/scene/resolve.ts';
import { Simulation, type Observables } from '../../../src/solver/simulation.ts';
import { readCheckpoint, writeCheckpoint } from '../../../src/io/checkpoint.ts';
import { PipelineCache } from '../../../src/gpu/pipelineCache.ts';
import { testScene } from './scenes.ts';
import { EtdControl } from '../../../src/solver/layouts.ts';
import { particle, platelet } from './electrochemScenes.ts';
import { AllenCahnReactionStepper } from '../../../src/solver/allenCahnReaction.ts';
import { ThermalCoupling, thermalSetup, type ThermalCouplingState } from '../../../src/solver/thermalCoupling.ts';

const root = mkdtempSync(join(tmpdir(), 'spinode-resume-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function bits(fields: [string, Float32Array][]): [string, number[]][] {
  return fields.map(([name, v]) => [name, Array.from(new Uint32Array(v.buffer, v.byteOffset, v.length))]);
}

/**
 * The fields' bits, less two words of the ETDRK4 control that count calls, not states: `step` (calls
 * made) and `accepted` (the last call's verdict). Once the control pauses at the step limit, the host
 * may already have submitted a call or two more (it never waits for the GPU), which change nothing but
 * those two words; how many depends on read-back timing, in either run.
 */
function stateBits(fields: [string, Float32Array][], spec: Spec): [string, number[]][] {
  const words = bits(fields);
  if (spec.integrator !== 'etdrk4') return words;
  const control = words.find(([n]) => n === 'step_control')![1];
  for (const f of ['step', 'accepted']) control[EtdControl.offsetOf(f) / 4] = 0;
  return words;
}

interface Outcome {
  records: Observables[];
  fields: [string, Float32Array][];
}

async function runSteps(sim: Simulation, steps: number): Promise<Outcome> {
  const records: Observables[] = [];
  const off = sim.onObservables((o) => records.push(o));
  const outcome = await sim.advanceUntil({ maxSteps: steps });
  off();
  expect(outcome).toBe('limit');
  return { records, fields: (await sim.saveState()).fields };
}

/** Host-side parts wired to a simulation (the thermal coupling), with their checkpoint state. */
interface Attached {
  state(): unknown;
  restore(saved: unknown): void;
  start(): void;
}

/** Uninterrupted vs interrupted at `stopAt` and resumed through a checkpoint file; returns the declared field names. */
async function compareResume(
  gpu: ReturnType<ReturnType<typeof useGpu>>,
  spec: Spec,
  total: number,
  stopAt: number,
  name: string,
  attach: (sim: Simulation) => Attached | undefined = () => undefined,
): Promise<string[]> {
  const cache = new PipelineCache(gpu.device); // compile once for the three runs
  const whole = await Simulation.create(gpu, spec, { cache });
  attach(whole)?.start();
  const reference = await runSteps(whole, total);
  whole.dispose();

  const first = await Simulation.create(gpu, spec, { cache });
  const firstHost = attach(first);
  firstHost?.start();
  await runSteps(first, stopAt);
  const saved = await first.saveState();
  first.dispose();
  const dir = join(root, name);
  // accepted steps (ETDRK4 pauses itself on the limit; its rejected attempts are calls beyond them)
  const step = first.current.step;
  expect(step).toBe(stopAt);
  if (spec.integrator === 'etdrk4') expect(Number(saved.counters.submittedSteps)).toBeGreaterThanOrEqual(stopAt);
  else expect(Number(saved.counters.submittedSteps)).toBe(stopAt);
  await writeCheckpoint(dir, { meta: { step, time: 1, dt: 1, sceneHash: 'test', controller: { ...saved.counters, host: firstHost?.state() ?? null } }, fields: saved.fields });
  const loaded = await readCheckpoint(dir);

  const second = await Simulation.create(gpu, spec, { cache });
  second.restoreState(loaded.fields, loaded.meta.controller);
  const secondHost = attach(second);
  secondHost?.restore(loaded.meta.controller.host);
  secondHost?.start();
  const resumed = await runSteps(second, total - stopAt);
  second.dispose();

  // one record per accepted step, from the state the checkpoint held
  const firstStep = resumed.records[0].step;
  expect(resumed.records.length, 'records after the resume').toBe(total - stopAt);
  expect(firstStep).toBe(stopAt);
  const later = reference.records.filter((r) => r.step >= firstStep);
  expect(later.length, 'records after the resume').toBe(resumed.records.length);
  // the states differ early: the test would pass trivially if nothing moved
  expect(later.at(-1)!.time).toBeGreaterThan(later[0].time);
  for (let i = 0; i < later.length; i++) expect(resumed.records[i], `${name}: record of step ${later[i].step}`).toEqual(later[i]);
  expect(stateBits(resumed.fields, spec)).toEqual(stateBits(reference.fields, spec));
  return reference.fields.map(([n]) => n);
}

const iso = (E: number) => ({ kind: 'isotropic', youngsModulus: E, poissonRatio: 0.3 });

describe('resume from a checkpoint is bit-identical for every stepper', () => {
  const gpu = useGpu();

  it('Cahn-Hilliard (adaptive steps, constant mobility)', async () => {
    const spec = resolveScene(testScene({ cells: [32, 32] }));
    const names = await compareResume(gpu(), spec, 150, 37, 'ch');
    expect(names).toEqual(['c', 'c_hat', 'previous_increment', 'step_control']);
  });

  it('Cahn-Hilliard with the ETDRK4 integrator (N(u), the pending observables and the rejection state in its control)', async () => {
    const json = testScene({ cells: [32, 32], control: { kind: 'accuracy', tolerance: 1e-4 } }) as { time: Record<string, unknown> };
    json.time.integrator = 'etdrk4';
    const names = await compareResume(gpu(), resolveScene(json), 120, 41, 'ch-etdrk4');
    expect(names).toEqual(['c', 'c_hat', 'previous_increment', 'step_control']);
  });

  it('Cahn-Hilliard with lattice mobility', async () => {
    const spec = resolveScene(testScene({ cells: [32, 32], mobility: { kind: 'diffusivity', diffusivity: 20, form: 'lattice' }, initial: { kind: 'noise', mean: 0.4, amplitude: 0.1, seed: 4 } }));
    await compareResume(gpu(), spec, 150, 53, 'ch-lattice');
  });

  it('homogeneous-modulus elasticity (Khachaturyan)', async () => {
    const json = testScene({ cells: [32, 32] }) as Record<string, unknown> & { model: Record<string, unknown>; output?: unknown };
    json.model.elasticity = { stiffness: iso(100), eigenstrain: [0.01, 0.01, 0.01, 0, 0, 0] };
    json.output = { stressEvery: 5 };
    await compareResume(gpu(), resolveScene(json), 150, 41, 'elastic-homogeneous');
  });

  it('iterative elasticity (inhomogeneous moduli): the warm-start strain, the iteration state and the predictor history', async () => {
    const json = testScene({ cells: [32, 32] }) as Record<string, unknown> & { model: Record<string, unknown> };
    json.model.elasticity = { stiffness: iso(100), stiffnessLithiated: iso(200), eigenstrain: [0.01, 0.01, 0.01, 0, 0, 0], solver: { tolerance: 1e-4, maxIterations: 20, warmStart: 'predicted' } };
    const names = await compareResume(gpu(), resolveScene(json), 140, 29, 'elastic-iterative');
    expect(names).toEqual(expect.arrayContaining(['elastic_strain', 'elastic_state', 'elastic_predictor']));
  });

  it('Allen-Cahn-reaction platelet (galvanostatic Butler-Volmer)', async () => {
    const spec = resolveScene(platelet({ cells: [32, 32] }));
    const names = await compareResume(gpu(), spec, 150, 45, 'acr');
    expect(names).toEqual(['c', 'c_hat', 'previous_increment', 'step_control', 'reaction_control', 'reaction_state']);
  });

  it('Allen-Cahn-reaction platelet with Marcus kinetics (warm-started Newton for mu_O)', async () => {
    const json = platelet({ cells: [32, 32] }) as { model: { reaction: Record<string, unknown> } };
    json.model.reaction.rateLaw = { kind: 'marcus', reorganizationEnergy: 8 * 8.314462618 * 298 };
    await compareResume(gpu(), resolveScene(json), 120, 33, 'acr-marcus');
  });

  it('thermal coupling of an ACR platelet: the temperature schedule and the lumped body continue exactly', async () => {
    const json = platelet({ cells: [16, 16], omegaRT: 1.5, form: 'constant', initial: { kind: 'uniform', value: 0.1 }, tEnd: 252, control: { kind: 'fixed', dt: 0.25 }, steps: [{ kind: 'constantCurrent', cRate: 10 }] });
    (json.model as { reaction: { exchangeCurrent: Record<string, unknown> } }).reaction.exchangeCurrent.activationEnergy = 40e3;
    json.thermal = { capacity: 1, mass: 0.0135, specificHeat: 1000, volume: 1e-5, coolingArea: 1e-3, heatTransferCoefficient: 1, conductivity: 1 };
    const spec = resolveScene(json);
    const temperatures = new Map<Simulation, { at: (step: number) => number; final: () => number }>();
    const attach = (sim: Simulation): Attached => {
      const stepper = sim.stepper as AllenCahnReactionStepper;
      const coupling = new ThermalCoupling(thermalSetup(spec)!, { setTemperature: (k) => stepper.setTemperature(k), submittedStep: () => sim.submittedStep });
      sim.onObservables((o) => coupling.observe(o));
      sim.onChunk((step) => coupling.beforeChunk(step));
      temperatures.set(sim, { at: (step) => coupling.temperatureAt(step), final: () => coupling.temperature });
      return { state: () => coupling.state(), restore: (saved) => coupling.restore(saved as ThermalCouplingState), start: () => coupling.start() };
    };
    // 300 steps: updates at 64, 128, 192, 256; stopped at 150, between updates
    await compareResume(gpu(), spec, 300, 150, 'thermal', attach);
    const [whole, , resumed] = [...temperatures.values()];
    expect(whole.final()).toBeGreaterThan(298.01); // it heated up, so the kinetics changed with it
    for (const step of [150, 200, 256, 299]) expect(resumed.at(step), `temperature of step ${step}`).toBe(whole.at(step));
    expect(resumed.final()).toBe(whole.final());
  });

  it('Cahn-Hilliard-reaction particle (smoothed boundary, Li content with compensated k = 0 sum)', async () => {
    const spec = resolveScene(particle({ cells: [32, 32] }));
    await compareResume(gpu(), spec, 150, 45, 'chr');
  });

  it('Cahn-Hilliard-reaction particle with coherency strain', async () => {
    const spec = resolveScene(particle({ cells: [32, 32], elasticity: { stiffness: iso(100e9), eigenstrain: [0.01, 0.01, 0.01, 0, 0, 0] } }));
    await compareResume(gpu(), spec, 120, 39, 'chr-elastic');
  });

  it('Cahn-Hilliard-reaction particle in an electrolyte (iterative elasticity, first hot-spot times in the state)', async () => {
    const elasticity = { stiffness: iso(100e9), matrix: { stiffness: iso(150e9), strength: { kind: 'tensile', value: 2e8 } }, eigenstrain: [0.01, 0.01, 0.01, 0, 0, 0], strength: { kind: 'tensile', value: 2e8 } };
    const spec = resolveScene({ ...particle({ cells: [32, 32], elasticity }), output: { fieldFrames: 0, stressEvery: 4 } });
    await compareResume(gpu(), spec, 120, 39, 'chr-matrix');
  });
});
