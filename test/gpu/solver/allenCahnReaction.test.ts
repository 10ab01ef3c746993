import { describe, expect, it } from 'vitest';
import { useGpu } from '../gpuContext.ts';
import { resolveScene } from '../../../src/scene/resolve.ts';
import { Simulation, type Observables } from '../../../src/solver/simulation.ts';
import { AcrReference } from '../../../src/solver/acrReferenceStep.ts';
import { initialConcentration } from '../../../src/solver/initialCondition.ts';
import { relativeL2Error } from '../../../src/fft/reference.ts';
import { electrochemistryOf, reactionSetpoint } from '../../../src/scene/resolveElectrochemistry.ts';
import { platelet } from './electrochemScenes.ts';

async function run(gpu: ReturnType<ReturnType<typeof useGpu>>, json: unknown, maxSteps?: number) {
  const spec = resolveScene(json);
  const sim = await Simulation.create(gpu, spec);
  const records: Observables[] = [];
  sim.onObservables((o) => records.push(o));
  await sim.run({ maxSteps, chunk: 64 });
  const c = await sim.readConcentration();
  sim.dispose();
  return { spec, records, c };
}

describe('Allen-Cahn-reaction platelet on the GPU', () => {
  const gpu = useGpu();

  it('matches the float64 CPU twin step by step (activity i0, constant current, fixed dt)', async () => {
    const dt = 0.5;
    const json = platelet({ cells: [32, 24], control: { kind: 'fixed', dt }, initial: { kind: 'noise', mean: 0.3, amplitude: 0.05, seed: 2 }, steps: [{ kind: 'constantCurrent', cRate: 2 }] });
    const steps = 20;
    const { spec, records, c } = await run(gpu(), json, steps);
    const ec = electrochemistryOf(spec)!;
    const twin = new AcrReference(spec, initialConcentration(spec), reactionSetpoint(ec, ec.protocol.steps[0]));
    const voltages: number[] = [];
    for (let s = 0; s < steps; s++) {
      twin.step(dt / spec.scales.time);
      voltages.push(ec.referencePotential - twin.muReservoir * ec.internal.voltsPerEnergy);
    }
    const mean = twin.concentration.reduce((s, v) => s + v, 0) / twin.concentration.length;
    expect(relativeL2Error(Array.from(c, (v) => v - mean), Array.from(twin.concentration, (v) => v - mean))).toBeLessThan(1e-4);
    // voltage of every step: mu_O is an O(1..10) kT number in f32, 1e-6 relative ~ 0.3 uV
    for (let s = 0; s < steps; s++) expect(Math.abs(records[s].voltage - voltages[s])).toBeLessThan(2e-5);
    expect(records[0].current).toBeCloseTo(2 * ec.oneC, 8);
  });
});
