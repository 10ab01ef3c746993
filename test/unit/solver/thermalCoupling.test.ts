/**
 * Thermal coupling (issue #11): a fake stream of observables, read back in chunks as Simulation hands
 * them out, drives the lumped thermal model; the temperatures written to the (fake) GPU and the
 * `temperature` column must equal integrating src/physics/thermal.ts directly with each chunk's span,
 * mean current and current-weighted overpotential. Plus the scene section's rules and defaults.
 */
import { describe, expect, it } from 'vitest';
import { LumpedThermalModel } from '../../../src/physics/thermal.ts';
import { ThermalCoupling, thermalSetup, type ThermalSetup } from '../../../src/solver/thermalCoupling.ts';
import type { Observables } from '../../../src/solver/observables.ts';
import { resolveScene, SceneError } from '../../../src/scene/resolve.ts';
import { FARADAY } from '../../../src/physics/constants.ts';

function setup(overrides: Partial<ThermalSetup> = {}): ThermalSetup {
  return {
    massKg: 0.05,
    specificHeat: 900,
    heatTransferCoefficient: 8,
    coolingArea: 4e-3,
    volume: 2e-5,
    conductivity: 0.6,
    characteristicLength: 5e-3,
    ambientKelvin: 298,
    initialKelvin: 300,
    entropicCoefficient: -1e-4,
    capacityAh: 2,
    oneC: 0.5,
    sceneKelvin: 298,
    // a temperature-dependent OCV, so the coupling must use the temperature each step ran at
    equilibriumVoltage: (c, kelvin) => 3.4 - 0.1 * (c - 0.5) + 2e-4 * (kelvin - 298),
    ...overrides,
  };
}

function record(step: number, time: number, dt: number, current: number, voltage: number, cMean: number): Observables {
  return { step, time, dt, current, voltage, cMean, capacity: cMean, status: 'running' } as Observables;
}

/** A deterministic wiggly stream: chunks of 64 records with changing dt, current, voltage, composition. */
function stream(chunks: number, perChunk = 64): Observables[][] {
  const out: Observables[][] = [];
  let t = 0;
  let step = 0;
  for (let k = 0; k < chunks; k++) {
    const chunk: Observables[] = [];
    for (let i = 0; i < perChunk; i++) {
      const dt = 0.5 + 0.3 * Math.sin(0.7 * step);
      const current = 5 + 2 * Math.cos(0.11 * step); // A/m^2 (oneC = 0.5: 6..14 C)
      const voltage = 3.3 - 0.02 * Math.sin(0.05 * step);
      chunk.push(record(step, t, dt, current, voltage, 0.02 + 0.0005 * step));
      t += dt;
      step++;
    }
    out.push(chunk);
  }
  return out;
}

describe('thermal coupling between chunks', () => {
  it('temperatures equal the lumped model integrated directly with the chunk means (1e-12)', () => {
    const s = setup();
    const written: number[] = [];
    let submitted = 0;
    const coupling = new ThermalCoupling(s, { setTemperature: (k) => written.push(k), submittedStep: () => submitted });
    coupling.start();
    submitted = 128; // two chunks in flight before the first readback
    const reference = new LumpedThermalModel({ massKg: s.massKg, specificHeat: s.specificHeat, heatTransferCoefficient: s.heatTransferCoefficient, surfaceArea: s.coolingArea, volume: s.volume, thermalConductivity: s.conductivity, ambientKelvin: s.ambientKelvin, initialKelvin: s.initialKelvin });
    const applied: { from: number; kelvin: number }[] = [{ from: 0, kelvin: s.initialKelvin }];
    const appliedAt = (step: number) => applied.filter((a) => a.from <= step).at(-1)!.kelvin;
    const expected: number[] = [s.initialKelvin];
    let irreversible = 0;
    for (const chunk of stream(12)) {
      let span = 0;
      let charge = 0;
      let heat = 0;
      for (const o of chunk) {
        // the column: the temperature the step ran at on the GPU
        expect(coupling.temperatureAt(o.step)).toBe(appliedAt(o.step));
        coupling.observe(o);
        const I = (o.current / s.oneC) * s.capacityAh;
        const eta = s.equilibriumVoltage(o.cMean, appliedAt(o.step)) - o.voltage;
        span += o.dt;
        charge += I * o.dt;
        heat += I * eta * o.dt;
      }
      irreversible += heat;
      coupling.flush();
      const T = reference.step(span, { current: charge / span, overpotential: heat / charge, entropicCoefficient: s.entropicCoefficient });
      applied.push({ from: submitted, kelvin: T });
      expected.push(T);
      submitted += 64;
    }
    expect(written.length).toBe(expected.length);
    for (let k = 0; k < expected.length; k++) expect(Math.abs(written[k] - expected[k])).toBeLessThan(1e-12 * expected[k]);
    expect(coupling.temperature).toBe(written.at(-1));
    const report = coupling.report();
    // every step's I eta dt is in the irreversible heat, and the ledger balances
    expect(Math.abs(report.ledger.irreversible / irreversible - 1)).toBeLessThan(1e-12);
    expect(Math.abs(report.ledger.generated - report.ledger.stored - report.ledger.removed)).toBeLessThan(1e-6 * report.ledger.generated);
    expect(report.finalTemperature).toBeGreaterThan(s.initialKelvin + 1); // it heats up
    expect(report.updates).toBe(12);
  });

  it('a checkpointed coupling (state through JSON text) continues exactly like the uninterrupted one', () => {
    const s = setup();
    const chunks = stream(10);
    // the fake GPU: steps submitted so far, one chunk ahead of the readbacks
    let submitted = 0;
    const target = (writes: number[] = []) => ({ setTemperature: (k: number) => writes.push(k), submittedStep: () => submitted });
    const run = (coupling: ThermalCoupling, from: number, to: number, temperatures: number[]) => {
      for (let k = from; k < to; k++) {
        submitted = (k + 2) * 64;
        for (const o of chunks[k]) coupling.observe(o);
        coupling.flush();
        temperatures.push(coupling.temperature);
      }
    };
    const whole: number[] = [];
    const uninterrupted = new ThermalCoupling(s, target());
    submitted = 0;
    uninterrupted.start();
    run(uninterrupted, 0, 10, whole);

    const first = new ThermalCoupling(s, target());
    submitted = 0;
    first.start();
    const before: number[] = [];
    run(first, 0, 6, before);
    // half a chunk observed but not yet flushed when the checkpoint is written: saved too
    const split = chunks[6].length / 2;
    for (const o of chunks[6].slice(0, split)) first.observe(o);
    const saved = JSON.parse(JSON.stringify(first.state()));
    const gpuWrites: number[] = [];
    const resumed = new ThermalCoupling(s, target(gpuWrites));
    resumed.restore(saved);
    submitted = 7 * 64;
    resumed.start();
    expect(gpuWrites).toEqual([before.at(-1)]); // the kinetics restart at the saved temperature, not the initial one
    submitted = 8 * 64;
    for (const o of chunks[6].slice(split)) resumed.observe(o);
    resumed.flush();
    const after = [resumed.temperature];
    run(resumed, 7, 10, after);
    expect([...before, ...after]).toEqual(whole);
    const { ledger, ...rest } = resumed.report();
    const { ledger: ledgerWhole, ...restWhole } = uninterrupted.report();
    expect(rest).toEqual({ ...restWhole, updates: restWhole.updates });
    for (const key of Object.keys(ledger) as (keyof typeof ledger)[]) expect(ledger[key]).toBeCloseTo(ledgerWhole[key], 9);
    expect(resumed.temperatureAt(3 * 64)).toBe(uninterrupted.temperatureAt(3 * 64));
  });

  it('with inputs held over each chunk, the chunked model equals integrating every step (1e-9)', () => {
    const s = setup({ equilibriumVoltage: () => 3.42, entropicCoefficient: 5e-5 });
    const coupling = new ThermalCoupling(s, { setTemperature: () => undefined, submittedStep: () => 0 });
    const fine = new LumpedThermalModel({ massKg: s.massKg, specificHeat: s.specificHeat, heatTransferCoefficient: s.heatTransferCoefficient, surfaceArea: s.coolingArea, volume: s.volume, thermalConductivity: s.conductivity, ambientKelvin: s.ambientKelvin, initialKelvin: s.initialKelvin });
    let step = 0;
    let t = 0;
    for (let k = 0; k < 8; k++) {
      const current = k % 3 === 2 ? -4 : 6; // charge chunks too: I eta > 0 both ways
      const voltage = current > 0 ? 3.35 : 3.5;
      for (let i = 0; i < 64; i++) {
        const dt = 0.2 + 0.1 * (i % 5);
        coupling.observe(record(step++, t, dt, current, voltage, 0.5));
        t += dt;
        fine.step(dt, { current: (current / s.oneC) * s.capacityAh, overpotential: 3.42 - voltage, entropicCoefficient: s.entropicCoefficient });
      }
      coupling.flush();
      expect(Math.abs(coupling.temperature - fine.temperatureKelvin)).toBeLessThan(1e-9 * fine.temperatureKelvin);
    }
    expect(coupling.report().ledger.irreversible).toBeGreaterThan(0);
  });

  it('a rollback (fewer submitted steps) replaces the temperatures scheduled after it', () => {
    let submitted = 0;
    const coupling = new ThermalCoupling(setup(), { setTemperature: () => undefined, submittedStep: () => submitted });
    coupling.start();
    const [a, b] = stream(2);
    submitted = 128;
    a.forEach((o) => coupling.observe(o));
    coupling.flush();
    const t1 = coupling.temperature;
    expect(coupling.temperatureAt(127)).toBe(300);
    expect(coupling.temperatureAt(128)).toBe(t1);
    submitted = 64; // the chunk from step 64 failed and is retried
    b.forEach((o) => coupling.observe(o));
    coupling.flush();
    expect(coupling.temperatureAt(64)).toBe(coupling.temperature);
    expect(coupling.temperatureAt(200)).toBe(coupling.temperature);
    expect(coupling.temperatureAt(63)).toBe(300);
  });

  it('beforeChunk: updates at multiples of 64 from the steps up to 64 before, whatever the readback timing; stateAt() an earlier chunk start resumes exactly (issue #25)', () => {
    const s = setup();
    const records = stream(10).flat();
    /** Observe records in bursts of `lag` steps behind the submitted count, calling beforeChunk at every chunk start. */
    const drive = (coupling: ThermalCoupling, from: number, to: number, lag: number, submitted: { step: number }) => {
      let seen = from;
      for (let chunk = from; chunk < to; chunk = Math.min(to, (Math.floor(chunk / 64) + 1) * 64)) {
        // records up to `lag` steps back have arrived (lag <= 64: with two chunks in flight, all before the previous chunk)
        while (seen < chunk - lag) coupling.observe(records[seen++]);
        submitted.step = chunk;
        coupling.beforeChunk(chunk);
      }
      while (seen < to) coupling.observe(records[seen++]);
    };
    const run = (lag: number) => {
      const submitted = { step: 0 };
      const c = new ThermalCoupling(s, { setTemperature: () => undefined, submittedStep: () => submitted.step });
      c.start();
      drive(c, 0, 640, lag, submitted);
      return c;
    };
    const eager = run(1);
    const late = run(64);
    expect(late.history).toEqual(eager.history);
    for (let step = 0; step < 640; step += 13) expect(late.temperatureAt(step)).toBe(eager.temperatureAt(step));
    expect(eager.report().updates).toBe(8); // at 128, 192, ..., 576 (64 has nothing before step 0)

    // a run that went on to step 500 is resumed from its state at chunk start 448 (a finished run's continuation)
    const submitted = { step: 0 };
    const first = new ThermalCoupling(s, { setTemperature: () => undefined, submittedStep: () => submitted.step });
    first.start();
    drive(first, 0, 500, 50, submitted);
    const saved = JSON.parse(JSON.stringify(first.stateAt(448)));
    const again = { step: 448 };
    const resumed = new ThermalCoupling(s, { setTemperature: () => undefined, submittedStep: () => again.step });
    resumed.restore(saved);
    resumed.start();
    drive(resumed, 448, 640, 50, again);
    expect(resumed.history).toEqual(eager.history);
    for (let step = 448; step < 640; step += 7) expect(resumed.temperatureAt(step)).toBe(eager.temperatureAt(step));
    resumed.flush();
    eager.flush();
    expect(resumed.report().ledger).toEqual(eager.report().ledger);
  });

  it('reports the Biot number and warns when a lumped temperature is not valid', () => {
    const ok = new ThermalCoupling(setup(), { setTemperature: () => undefined, submittedStep: () => 0 });
    expect(ok.biot).toBeCloseTo((8 * 5e-3) / 0.6, 12);
    expect(ok.warnings).toEqual([]);
    const bad = new ThermalCoupling(setup({ heatTransferCoefficient: 100 }), { setTemperature: () => undefined, submittedStep: () => 0 });
    expect(bad.report().biot.value).toBeGreaterThan(0.1);
    expect(bad.warnings[0]).toMatch(/Biot number .* not valid/);
  });
});

describe('scene section `thermal`', () => {
  const base = () => JSON.parse(JSON.stringify({
    name: 'heat',
    description: 'test',
    units: 'SI',
    grid: { cells: [16, 16], size: [16e-9, 16e-9] },
    model: {
      freeEnergy: { kind: 'regularSolution', siteDensity: 22904, temperature: 298, omega: 11150 },
      kappa: 5e-10,
      mobility: { kind: 'diffusivity', diffusivity: 1e-14 },
      reaction: { mode: 'acr', exchangeCurrent: { form: 'activity', k0: 0.01, activationEnergy: 40000 }, material: 'LiFePO4', thickness: 2e-8 },
    },
    initial: { kind: 'uniform', value: 0.1 },
    time: { tEnd: 100 },
    protocol: { steps: [{ kind: 'constantCurrent', cRate: 10 }] },
    thermal: { density: 2500, specificHeat: 1000, volume: 1e-6, coolingArea: 6e-4, heatTransferCoefficient: 5, conductivity: 1 },
  })) as Record<string, any>;

  it('defaults: the simulated particle as the body, ambient = scene temperature, mass = density x volume', () => {
    const t = thermalSetup(resolveScene(base()))!;
    expect(t.massKg).toBeCloseTo(2.5e-3, 15);
    expect(t.ambientKelvin).toBe(298);
    expect(t.initialKelvin).toBe(298);
    expect(t.characteristicLength).toBeCloseTo(1e-6 / 6e-4, 15);
    const particleCharge = ((FARADAY * 2e-8 * 22904) / 2) * (2 * 16e-9 * 16e-9); // C, both faces
    expect(t.capacityAh).toBeCloseTo(particleCharge / 3600, 25);
    // U_eq: the plateau (3.422 V, symmetric regular solution) inside the gap, the homogeneous OCV outside
    expect(t.equilibriumVoltage(0.5, 298)).toBeCloseTo(3.422, 9);
    expect(t.equilibriumVoltage(0.001, 298)).toBeGreaterThan(3.422);
  });

  it('rejects a thermal section without a reaction and with both or neither of mass and density', () => {
    const both = base();
    both.thermal.mass = 1;
    expect(() => resolveScene(both)).toThrow(SceneError);
    const neither = base();
    delete neither.thermal.density;
    expect(() => resolveScene(neither)).toThrow(/exactly one of mass/);
    const noReaction = base();
    delete noReaction.model.reaction;
    delete noReaction.protocol;
    expect(() => resolveScene(noReaction)).toThrow(/needs model.reaction/);
    const negative = base();
    negative.thermal.specificHeat = -1;
    expect(() => resolveScene(negative)).toThrow(/thermal\.specificHeat/);
  });
});
