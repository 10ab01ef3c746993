/**
 * Marcus-Hush-Chidsey kinetics on the GPU (issue #6): the Newton iteration for the reservoir potential
 * against the float64 closed form of Zeng, Smith, Bai & Bazant 2014 (src/physics/kinetics.ts).
 *
 * A uniform, non-phase-separating platelet (Omega = 1.5 RT, c = 1/2, constant exchange current) under a
 * constant current I: every cell has the same overpotential, so the first step's voltage is
 * OCV + (kT/e) eta with net(eta, lambda) = I / k0 (dt = 1 us: the state does not move in three steps).
 * The float64 eta comes from bisection on the CPU. Tolerance: the voltage is a float32 near 3.4 V
 * (2.4e-7 V per ulp) and the Newton iteration, warm-started from step to step, must have converged
 * by the third step: 20 uV, against overpotentials
 * of 0.3 mV to 0.3 V. Butler-Volmer would give a different voltage at every current tested (its Tafel
 * line keeps rising where MHC saturates), so the test also fails if the BV kernels ran.
 */
import { describe, expect, it } from 'vitest';
import { useGpu } from '../gpuContext.ts';
import { PipelineCache } from '../../../src/gpu/pipelineCache.ts';
import { resolveScene } from '../../../src/scene/resolve.ts';
import { Simulation, type Observables } from '../../../src/solver/simulation.ts';
import { electrochemistryOf } from '../../../src/scene/resolveElectrochemistry.ts';
import { butlerVolmer, marcusHushChidsey, thermalVoltage } from '../../../src/physics/kinetics.ts';
import { GAS_CONSTANT } from '../../../src/physics/constants.ts';
import { initialConcentration } from '../../../src/solver/initialCondition.ts';
import { platelet } from './electrochemScenes.ts';

const LAMBDA_KT = 8; // reorganisation energy in kT (0.2 eV at 298 K)
const T = 298;

function marcusPlatelet(overrides: Parameters<typeof platelet>[0]): Record<string, unknown> {
  const json = platelet(overrides) as { model: { reaction: Record<string, unknown> } };
  json.model.reaction.rateLaw = { kind: 'marcus', reorganizationEnergy: LAMBDA_KT * GAS_CONSTANT * T };
  return json;
}

/** eta (kT) with net(eta) = target, by bisection in float64 (net is decreasing in eta). */
function marcusOverpotential(target: number): number {
  let lo = -200;
  let hi = 200;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (marcusHushChidsey(mid, LAMBDA_KT) > target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

describe('Marcus-Hush-Chidsey kinetics on the GPU', () => {
  const gpu = useGpu();
  const cache = new WeakMap<GPUDevice, PipelineCache>();

  async function run(json: unknown, maxSteps?: number) {
    const spec = resolveScene(json);
    if (!cache.has(gpu().device)) cache.set(gpu().device, new PipelineCache(gpu().device));
    const sim = await Simulation.create(gpu(), spec, { cache: cache.get(gpu().device) });
    const records: Observables[] = [];
    sim.onObservables((o) => records.push(o));
    await sim.run({ maxSteps, chunk: 64 });
    const c = await sim.readConcentration();
    sim.dispose();
    return { spec, records, c };
  }

  async function firstVoltage(currentDensity: number, k0: number): Promise<number> {
    const json = marcusPlatelet({ cells: [16, 16], omegaRT: 1.5, form: 'constant', k0, initial: { kind: 'uniform', value: 0.5 }, control: { kind: 'fixed', dt: 1e-6 }, steps: [{ kind: 'constantCurrent', currentDensity }] });
    // the third step: Newton warm-started twice from its own iterate (the first step starts from mu_O = 0)
    const { records } = await run(json, 3);
    return records[2].voltage;
  }

  it('the voltage at a constant current follows the float64 MHC overpotential, from the linear region to near saturation', async () => {
    const k0 = 0.01;
    const kT = thermalVoltage(T);
    const ocv = 3.422;
    const saturation = marcusHushChidsey(-1e3, LAMBDA_KT);
    for (const fraction of [0.01, 0.3, 0.8, 0.97]) {
      const ratio = fraction * saturation;
      const v = await firstVoltage(ratio * k0, k0);
      const eta = marcusOverpotential(ratio);
      const expected = ocv + kT * eta;
      const bv = ocv - 2 * kT * Math.asinh(ratio / 2);
      console.log(`MHC at ${(100 * fraction).toFixed(0)} % of saturation: V - OCV = ${((v - ocv) * 1e3).toFixed(4)} mV, float64 ${(kT * eta * 1e3).toFixed(4)} mV (Butler-Volmer ${((bv - ocv) * 1e3).toFixed(4)} mV)`);
      expect(Math.abs(v - expected)).toBeLessThan(2e-5);
      if (fraction > 0.1) expect(Math.abs(v - bv)).toBeGreaterThan(1e-3);
    }
    // the linear region has the charge-transfer resistance of the same i0 (MHC is normalised to BV there)
    expect(butlerVolmer(-1e-3, 0.5) / marcusHushChidsey(-1e-3, LAMBDA_KT)).toBeCloseTo(1, 4);
  });

  it('a whole discharge inserts exactly the integral of the applied current; a current beyond saturation ends the step', async () => {
    const tEnd = 0.5 * 3600;
    const { spec, records, c } = await run(marcusPlatelet({ cells: [32, 32], tEnd, steps: [{ kind: 'constantCurrent', cRate: 1 }] }));
    const ec = electrochemistryOf(spec)!;
    const charge = records.slice(0, -1).reduce((q, r) => q + r.current * r.dt, 0);
    expect(Math.abs(charge / ec.fullCharge / 0.5 - 1)).toBeLessThan(1e-6);
    const initial = initialConcentration(spec).reduce((s, v) => s + v, 0) / c.length;
    const inserted = c.reduce((s, v) => s + v, 0) / c.length - initial;
    expect(Math.abs(inserted / 0.5 - 1)).toBeLessThan(1e-5);
    // 1C at k0 = 0.01 A/m^2 is far from saturation: the voltage stays finite and near the OCV curve
    for (const r of records) expect(Number.isFinite(r.voltage)).toBe(true);

    // k0 such that the imposed current is 1.5 x the saturation current: no reservoir potential carries it
    const saturation = marcusHushChidsey(-1e3, LAMBDA_KT);
    const k0 = 1 / (1.5 * saturation);
    const json = marcusPlatelet({ cells: [16, 16], omegaRT: 1.5, form: 'constant', k0, initial: { kind: 'uniform', value: 0.5 }, control: { kind: 'fixed', dt: 1e-6 }, steps: [{ kind: 'constantCurrent', currentDensity: 1 }] });
    const beyond = await run(json, 5);
    // the step ends before any step is taken (state held, nothing recorded past the start)
    expect(beyond.records.length).toBeLessThanOrEqual(1);
    const mean = beyond.c.reduce((s, v) => s + v, 0) / beyond.c.length;
    expect(mean).toBeCloseTo(0.5, 6);
  });
});
