import { describe, expect, it } from 'vitest';
import { useGpu } from '../gpuContext.ts';
import { PipelineCache } from '../../../src/gpu/pipelineCache.ts';
import { resolveScene } from '../../../src/scene/resolve.ts';
import { Simulation, type Observables } from '../../../src/solver/simulation.ts';
import { AcrReference } from '../../../src/solver/acrReferenceStep.ts';
import { initialConcentration } from '../../../src/solver/initialCondition.ts';
import { fftNd, realToComplex, relativeL2Error } from '../../../src/fft/reference.ts';
import { acrGrowthRate, criticalRate } from '../../../src/physics/acrStability.ts';
import { acrModel, electrochemistryOf, reactionSetpoint } from '../../../src/scene/resolveElectrochemistry.ts';
import { platelet, LFP_SITES } from './electrochemScenes.ts';
import { ProtocolController } from '../../../src/solver/protocolController.ts';
import { chargeTransferResistance, tafelSlope, thermalVoltage } from '../../../src/physics/kinetics.ts';
import { openCircuitVoltage } from '../../../src/physics/ocv.ts';
import { freeEnergy } from '../../../src/physics/freeEnergy.ts';

// One pipeline cache per device: the runs of this file share their compiled kernels.
const caches = new WeakMap<GPUDevice, PipelineCache>();

async function run(gpu: ReturnType<ReturnType<typeof useGpu>>, json: unknown, maxSteps?: number) {
  const spec = resolveScene(json);
  if (!caches.has(gpu.device)) caches.set(gpu.device, new PipelineCache(gpu.device));
  const sim = await Simulation.create(gpu, spec, { cache: caches.get(gpu.device) });
  const records: Observables[] = [];
  sim.onObservables((o) => records.push(o));
  await sim.run({ maxSteps, chunk: 64 });
  const c = await sim.readConcentration();
  sim.dispose();
  return { spec, records, c };
}

describe('Allen-Cahn-reaction platelet on the GPU', () => {
  const gpu = useGpu();

  // A composition modulated along x only, c = 0.5 + 0.2 cos(2 pi x / L), isotropic stiffness, dilatational
  // misfit eps, plane strain: each slab may expand along x but not along y or z (uniform there), so
  // sigma_xx = 0 and sigma_yy = -E eps (c - cbar) / (1 - nu) (the biaxially constrained thin film), the
  // platelet's coherency stress; sigma_zz adds the plane-strain constraint of the mean swelling, -E eps cbar
  // (cRef = 0, in-plane mean stress free). The sigma columns carry the maxima.
  it('with coherency strain: the stress of a composition wave is the biaxial constraint, -E eps (c - cbar) / (1 - nu)', async () => {
    const E = 100e9;
    const nu = 0.3;
    const eps = 0.01;
    const json = platelet({ cells: [32, 8], initial: { kind: 'cosine', mean: 0.5, amplitude: 0.2, modes: [1, 0] }, steps: [{ kind: 'rest', duration: 1e6 }], tEnd: 1e6 }) as { model: Record<string, unknown> };
    json.model.elasticity = { stiffness: { kind: 'isotropic', youngsModulus: E, poissonRatio: nu }, eigenstrain: [eps, eps, eps, 0, 0, 0], plane: 'strain' };
    const spec = resolveScene(json);
    const sim = await Simulation.create(gpu(), spec);
    const c = await sim.readConcentration();
    const [sxx, syy, szz] = [await sim.readField('sigma_xx'), await sim.readField('sigma_yy'), await sim.readField('sigma_zz')];
    const records: Observables[] = [];
    sim.onObservables((o) => records.push(o));
    await sim.run({ maxSteps: 1 });
    sim.dispose();
    const mean = c.reduce((a, v) => a + v, 0) / c.length;
    const scale = (E * eps * 0.2) / (1 - nu);
    let worst = 0;
    for (let i = 0; i < c.length; i++) {
      const expected = (-E * eps * (c[i] - mean)) / (1 - nu);
      worst = Math.max(worst, Math.abs(sxx[i]) / scale, Math.abs(syy[i] - expected) / scale, Math.abs(szz[i] - expected + E * eps * mean) / scale);
    }
    console.log(`ACR coherency stress of a composition wave: largest deviation from the biaxial constraint ${worst.toExponential(2)} of ${(scale / 1e6).toFixed(1)} MPa, sigma_1_max column ${(records[0].sigma1Max / 1e6).toFixed(2)} MPa`);
    expect(worst).toBeLessThan(1e-4);
    // sigma_1 = the largest principal stress: sigma_yy where c is lowest (tension 0.2 E eps / (1 - nu))
    expect(Math.abs(records[0].sigma1Max / scale - 1)).toBeLessThan(1e-3);
  });

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

  it('a whole 1C discharge inserts exactly the integral of the applied current (1e-5 relative)', async () => {
    const tEnd = 0.95 * 3600;
    const { spec, records, c } = await run(gpu(), platelet({ cells: [32, 32], tEnd, steps: [{ kind: 'constantCurrent', cRate: 1 }] }));
    const ec = electrochemistryOf(spec)!;
    const charge = records.slice(0, -1).reduce((q, r) => q + r.current * r.dt, 0); // C/m^2, float64 sum of the steps
    const expected = 0.95; // 1C for 0.95 h
    expect(Math.abs(charge / ec.fullCharge / expected - 1)).toBeLessThan(1e-6);
    const initial = initialConcentration(spec).reduce((s, v) => s + v, 0) / c.length;
    const inserted = c.reduce((s, v) => s + v, 0) / c.length - initial;
    const spread = Math.max(...records.map((r) => r.cMax - r.cMin));
    console.log(`1C discharge: ${records.length - 1} steps, largest cMax - cMin ${spread.toFixed(3)}, inserted ${inserted}, integral of I ${expected}`);
    expect(Math.abs(inserted / expected - 1)).toBeLessThan(1e-5);
    expect(Math.abs(records.at(-1)!.capacity / expected - 1)).toBeLessThan(1e-5);
  });

  // A uniform state of a non-phase-separating solid solution (Omega = 1.5 RT < 2 RT) with a constant
  // exchange current: the first step's voltage is OCV(c) + the Butler-Volmer overpotential at the
  // imposed current, eta = -2 (kT/e) asinh(i / (2 i0)) (alpha = 1/2).
  async function firstVoltage(currentDensity: number, k0: number): Promise<number> {
    const json = platelet({ cells: [16, 16], omegaRT: 1.5, form: 'constant', k0, initial: { kind: 'uniform', value: 0.5 }, control: { kind: 'fixed', dt: 1e-6 }, steps: [{ kind: 'constantCurrent', currentDensity }] });
    const { records } = await run(gpu(), json, 1);
    return records[0].voltage;
  }

  it('Butler-Volmer limits: R_ct = kT/(e i0) at small current, 118 mV/decade Tafel slope at alpha = 1/2, 298 K', async () => {
    const k0 = 0.01;
    const kT = thermalVoltage(298);
    const ocv = 3.422; // symmetric regular solution at c = 1/2
    const small = 0.01 * k0;
    const rct = -(await firstVoltage(small, k0) - ocv) / small;
    // f32 voltage near 3.4 V resolves 0.24 uV of the 0.26 mV overpotential: 1e-3 relative
    console.log(`R_ct measured ${rct.toPrecision(6)} Ohm m^2, kT/(e i0) = ${chargeTransferResistance(k0, 298).toPrecision(6)}`);
    expect(Math.abs(rct / chargeTransferResistance(k0, 298) - 1)).toBeLessThan(3e-3);
    const v100 = await firstVoltage(100 * k0, k0);
    const v1000 = await firstVoltage(1000 * k0, k0);
    const slope = v100 - v1000;
    console.log(`Tafel slope measured ${(slope * 1000).toFixed(3)} mV/decade, ln(10) kT/(alpha e) = ${(tafelSlope(0.5, 298) * 1000).toFixed(3)}`);
    expect(Math.abs(slope / tafelSlope(0.5, 298) - 1)).toBeLessThan(2e-3);
    expect(v100 - ocv).toBeCloseTo(-2 * kT * Math.asinh(50), 4);
  });

  it('a non-phase-separating particle at low rate follows the OCV within 1 mV', async () => {
    const json = platelet({ cells: [16, 16], omegaRT: 1.5, form: 'constant', k0: 0.1, initial: { kind: 'uniform', value: 0.05 }, tEnd: 0.9 * 3600 / 0.05, steps: [{ kind: 'constantCurrent', cRate: 0.05 }] });
    const { spec, records } = await run(gpu(), json);
    const fe = freeEnergy(spec.freeEnergy);
    let worst = 0;
    for (const r of records.slice(0, -1)) worst = Math.max(worst, Math.abs(r.voltage - openCircuitVoltage(fe, LFP_SITES, 3.422, r.cMean)));
    console.log(`solid solution at C/20: ${records.length} steps, largest |V - OCV(c)| = ${(worst * 1000).toFixed(3)} mV`);
    expect(worst).toBeLessThan(1e-3);
    expect(records.at(-1)!.cMax - records.at(-1)!.cMin).toBeLessThan(1e-3);
  });

  // Linear stability of a uniformly filling platelet (Bai, Cogswell & Bazant 2011): one Fourier mode of
  // amplitude 1e-3 on c0 = 0.3 (inside the spinodal) grows at s(k) = dR/dc + dR/dmu (f'' + kappa k^2)
  // while the mean fills at I = 0.3 k0. The mean drifts by ~0.1 during the run, so the prediction
  // integrates s over the recorded mean composition. dt is small (s dt ~ 0.01: first-order error ~0.5 %).
  it('the growth rate of a small perturbation of a uniformly filling ACR platelet matches linear theory (5 %)', async () => {
    const k0 = 0.01;
    const rate = 0.3; // I / k0
    const probe = resolveScene(platelet({ cells: [32, 32], k0 }));
    const ec0 = electrochemistryOf(probe)!;
    const dtInternal = 0.002 / ec0.internal.rateScale;
    const dt = dtInternal * probe.scales.time;
    const steps = 160;
    const json = platelet({ cells: [32, 32], k0, control: { kind: 'fixed', dt }, initial: { kind: 'cosine', mean: 0.3, amplitude: 1e-3, modes: [1, 0] }, steps: [{ kind: 'constantCurrent', currentDensity: rate * k0 }] });
    const { spec, records, c } = await run(gpu(), json, steps);
    const ec = electrochemistryOf(spec)!;
    const model = acrModel(spec, ec);
    const k = (2 * Math.PI) / spec.internal.size[0];
    let predicted = 0; // integral of s dt, internal units
    for (const r of records.slice(0, steps)) predicted += ec.internal.rateScale * acrGrowthRate(model, r.cMean, rate, k) * dtInternal;
    const spectrum = fftNd(realToComplex(c), spec.shape);
    const amplitude = (2 * Math.hypot(spectrum[2], spectrum[3])) / c.length;
    const measured = Math.log(amplitude / 1e-3);
    const seconds = steps * dt;
    console.log(`ACR growth: mean c ${records[0].cMean.toFixed(3)} -> ${records[steps].cMean.toFixed(3)}, measured s = ${(measured / seconds).toPrecision(5)} 1/s, linear theory ${(predicted / seconds).toPrecision(5)} 1/s (ratio ${(measured / predicted).toFixed(4)})`);
    expect(predicted).toBeGreaterThan(0.5); // the mode really grows (by 2.5x here)
    expect(Math.abs(measured / predicted - 1)).toBeLessThan(0.05);
  });

  // Suppression of phase separation (Bai, Cogswell & Bazant 2011): with thermal fluctuations seeding
  // the instability, a platelet filled at 8 % of the linear-stability critical current splits into
  // Li-rich and Li-poor domains and its voltage sits on the two-phase plateau near E0 = 3.422 V; at
  // 1.6x the critical current no mode grows and it fills homogeneously.
  it('below the critical current the platelet phase-separates on the 3.42 V plateau, above it fills homogeneously', async () => {
    const k0 = 0.01;
    const probe = resolveScene(platelet({ cells: [32, 32], k0 }));
    const ec = electrochemistryOf(probe)!;
    const critical = criticalRate(acrModel(probe, ec), (2 * Math.PI) / probe.internal.size[0])! * k0; // A/m^2
    const discharge = async (currentDensity: number, capacity: number) => {
      const json = platelet({ cells: [32, 32], k0, initial: { kind: 'uniform', value: 0.02 }, tEnd: (capacity * ec.fullCharge) / currentDensity, steps: [{ kind: 'constantCurrent', currentDensity }] });
      (json.model as { reaction: Record<string, unknown> }).reaction.fluctuations = 0.1;
      return (await run(gpu(), json)).records;
    };
    const slow = await discharge(0.08 * critical, 0.6);
    const slowSpread = Math.max(...slow.map((r) => r.cMax - r.cMin));
    const plateau = slow.filter((r) => r.capacity > 0.35 && r.capacity < 0.55).map((r) => r.voltage).sort((a, b) => a - b);
    const median = plateau[plateau.length >> 1];
    const fast = await discharge(1.6 * critical, 0.95);
    const fastSpread = Math.max(...fast.map((r) => r.cMax - r.cMin));
    console.log(
      `critical current ${critical.toPrecision(4)} A/m^2 (${(critical / ec.oneC).toPrecision(3)}C); at 0.08x: ${slow.length} steps, largest cMax - cMin ${slowSpread.toFixed(3)}, ` +
        `plateau median ${median.toFixed(4)} V (range ${(plateau[0]).toFixed(4)}..${plateau.at(-1)!.toFixed(4)}); at 1.6x: ${fast.length} steps, largest cMax - cMin ${fastSpread.toFixed(4)}`,
    );
    expect(slowSpread).toBeGreaterThan(0.6);
    expect(Math.abs(median - 3.422)).toBeLessThan(0.02);
    expect(plateau.at(-1)! - plateau[0]).toBeLessThan(0.02);
    expect(fastSpread).toBeLessThan(0.05);
  });

  // The cycler drives the GPU between chunks exactly as `spinode run` does: CC to a cut-off, CV until
  // the current falls below its end value, rest for a duration. Each end condition is met on the GPU,
  // which holds the state until the next step starts, so the switches are exact.
  // both integrators: the Heun corrector solves mu_O of its predicted state without testing the end conditions
  for (const integrator of ['semiImplicitEuler', 'semiImplicitHeun'] as const) {
    it(`CC to the cut-off, CV to the end current, rest: switches exact on the GPU (${integrator})`, async () => {
      const json = platelet({
        cells: [16, 16],
        omegaRT: 1.5,
        form: 'constant',
        k0: 0.01,
        initial: { kind: 'uniform', value: 0.05 },
        tEnd: 3 * 3600,
        steps: [
          { kind: 'constantCurrent', cRate: 1, cutoffVoltage: 3.35 },
          { kind: 'constantVoltage', voltage: 3.35, minCurrent: 3e-4 },
          { kind: 'rest', duration: 600 },
        ],
      });
      (json.time as Record<string, unknown>).integrator = integrator;
      const spec = resolveScene(json);
      if (!caches.has(gpu().device)) caches.set(gpu().device, new PipelineCache(gpu().device));
      const sim = await Simulation.create(gpu(), spec, { cache: caches.get(gpu().device) });
      const cycler = ProtocolController.for(sim.stepper)!;
      const records: Observables[] = [];
      sim.onObservables((o) => {
        records.push(o);
        cycler.observe(o);
      });
      for (;;) {
        const outcome = await sim.advanceUntil({ pauseWhen: () => cycler.due() });
        if (outcome === 'done') break;
        if (cycler.due() && !cycler.next(sim.current)) {
          await sim.finish();
          break;
        }
      }
      sim.dispose();
      const [, cv, rest] = cycler.switches;
      expect(cycler.switches.map((s) => s.reason)).toEqual(['start', 'cutoff', 'current']); // the rest's end completes the protocol
      const cc = records.filter((r) => r.time < cv.time);
      // every CC record at the imposed current above the cut-off; the state at the switch is past it
      for (const r of cc) expect(r.voltage).toBeGreaterThan(3.35);
      const cvRecords = records.filter((r) => r.time >= cv.time && r.time < rest.time);
      for (const r of cvRecords) expect(r.voltage).toBeCloseTo(3.35, 5);
      expect(Math.abs(cvRecords.at(-1)!.current)).toBeGreaterThanOrEqual(3e-4 * 0.999);
      const last = records.at(-1)!;
      expect(last.time - rest.time).toBeCloseTo(600, 2); // the rest lasts exactly its duration
      expect(records.filter((r) => r.time > rest.time).every((r) => r.current === 0)).toBe(true);
      console.log(`cycler (${integrator}): cut-off at ${cv.time.toFixed(1)} s, CV ended at ${rest.time.toFixed(1)} s, rest to ${last.time.toFixed(1)} s, ${records.length} records`);
    });
  }
});
