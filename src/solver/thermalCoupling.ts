/**
 * Thermal coupling of an electrochemistry run (issue #11, DESIGN.md 3.5/3.6): the lumped thermal body of
 * the scene's `thermal` section (src/scene/thermalSchema.ts, src/physics/thermal.ts) is heated by the
 * particle's reaction and cooled by its surroundings, and its temperature drives the run's kinetics.
 *
 * Heat generation after Bernardi, Pawlikowski & Newman, J. Electrochem. Soc. 132 (1985) 5 (without the
 * mixing terms): Q = I eta - I T dU/dT with
 *   I   = (i / i_1C) * capacity           [A] the body's current, insertion (discharge) positive, from the
 *                                          particle's current density i (a representative particle);
 *   eta = U_eq(c_mean, T) - V              [V] the particle's voltage against its equilibrium open-circuit
 *                                          voltage at the mean composition (the two-phase plateau inside
 *                                          the miscibility gap, the homogeneous OCV outside it), so that
 *                                          I eta >= 0 both ways;
 *   dU/dT                                  [V/K] the scene's entropic coefficient.
 *
 * Nothing here runs per step on the GPU or waits for it. The observables (read back asynchronously in
 * chunks) are kept as they arrive. Before the chunk that starts at step s, s a multiple of 64
 * (`beforeChunk`, called by Simulation), the thermal model is advanced over the observed steps before
 * s - 64 with their mean current and current-weighted mean overpotential (so that I eta span is exactly
 * the irreversible heat of the steps), and the new temperature is written to the GPU
 * (AllenCahnReactionStepper.setTemperature: kT, the regular solution's RT, the Arrhenius factor of k0)
 * with queue.writeBuffer, in force from step s on. So the kinetics run at a temperature 64 to 128 steps
 * old, a schedule fixed by the step numbers alone (a resumed run follows it bit for bit); `temperatureAt(step)` tells which
 * temperature each step actually ran at (the `temperature` column of timeseries.csv).
 */
import { LUMPED_BIOT_LIMIT, LumpedThermalModel, type HeatLedger, type LumpedThermalState } from '../physics/thermal.ts';
import { commonTangent, freeEnergy, type FreeEnergy } from '../physics/freeEnergy.ts';
import { GAS_CONSTANT } from '../physics/constants.ts';
import { openCircuitVoltage } from '../physics/ocv.ts';
import { FARADAY } from '../physics/constants.ts';
import type { Spec } from '../scene/resolve.ts';
import type { Thermal } from '../scene/thermalSchema.ts';
import { electrochemistryOf } from '../scene/resolveElectrochemistry.ts';
import type { Observables } from './observables.ts';

/** Everything the coupling needs, in SI units (from a scene by `thermalSetup`). */
export interface ThermalSetup {
  massKg: number;
  specificHeat: number;
  heatTransferCoefficient: number;
  coolingArea: number;
  volume: number;
  conductivity: number;
  characteristicLength: number;
  ambientKelvin: number;
  initialKelvin: number;
  entropicCoefficient: number;
  /** charge of the body's active material [A h] */
  capacityAh: number;
  /** current density of 1C of the particle [A/m^2] */
  oneC: number;
  /** temperature of the scene (internal units of the run) [K] */
  sceneKelvin: number;
  /** equilibrium open-circuit voltage [V] at mean composition c and temperature T */
  equilibriumVoltage: (c: number, kelvin: number) => number;
}

/** The coupling's inputs from a resolved scene, or undefined without a `thermal` section. */
export function thermalSetup(spec: Spec): ThermalSetup | undefined {
  const t = (spec.scene as { thermal?: Thermal }).thermal;
  if (!t) return undefined;
  const ec = electrochemistryOf(spec);
  if (!ec) throw new Error('thermal: the thermal coupling needs model.reaction and a protocol');
  const fe = spec.freeEnergy;
  if (fe.kind !== 'regularSolution') throw new Error('thermal: needs a regular-solution free energy');
  // ACR platelet: the current density is per area of its two faces
  const particleArea = 2 * spec.size[0] * spec.size[1];
  const ambient = t.ambientTemperature ?? ec.temperature;
  const equilibrium = equilibriumVoltageOf((kelvin) => freeEnergy({ ...fe, rt: GAS_CONSTANT * kelvin }), ec.siteDensity, ec.referencePotential);
  return {
    massKg: t.mass ?? t.density! * t.volume,
    specificHeat: t.specificHeat,
    heatTransferCoefficient: t.heatTransferCoefficient,
    coolingArea: t.coolingArea,
    volume: t.volume,
    conductivity: t.conductivity,
    characteristicLength: t.characteristicLength ?? t.volume / t.coolingArea,
    ambientKelvin: ambient,
    initialKelvin: t.initialTemperature ?? ambient,
    entropicCoefficient: t.entropicCoefficient,
    capacityAh: t.capacity ?? (ec.fullCharge * particleArea) / 3600,
    oneC: ec.oneC,
    sceneKelvin: ec.temperature,
    equilibriumVoltage: equilibrium,
  };
}

/**
 * U_eq(c, T): the convexified open-circuit voltage (common tangent inside the miscibility gap), with the
 * free energy at temperature T; the binodal is cached for the last temperature asked for.
 */
export function equilibriumVoltageOf(feAt: (kelvin: number) => FreeEnergy, siteDensity: number, referencePotential: number): (c: number, kelvin: number) => number {
  let cachedKelvin = NaN;
  let fe: FreeEnergy | undefined;
  let gap: { c1: number; c2: number; voltage: number } | null = null;
  return (c, kelvin) => {
    if (kelvin !== cachedKelvin || !fe) {
      cachedKelvin = kelvin;
      fe = feAt(kelvin);
      const g = commonTangent(fe);
      gap = g ? { c1: g[0], c2: g[1], voltage: referencePotential - (fe.f(g[1]) - fe.f(g[0])) / (g[1] - g[0]) / siteDensity / FARADAY } : null;
    }
    if (gap && c > gap.c1 && c < gap.c2) return gap.voltage;
    return openCircuitVoltage(fe, siteDensity, referencePotential, c);
  };
}

/** What the coupling drives: the GPU stepper's temperature and the number of steps submitted so far. */
export interface ThermalTarget {
  setTemperature(kelvin: number): void;
  /** steps recorded into command buffers so far: a temperature written now applies from this step on */
  submittedStep(): number;
}

export interface ThermalReport {
  units: { temperature: 'K'; heat: 'J'; current: 'A (insertion/discharge positive)' };
  biot: { value: number; reading: string };
  warnings: string[];
  ambientTemperature: number;
  initialTemperature: number;
  finalTemperature: number;
  maxTemperature: number;
  /** m c_p [J/K] and m c_p / (h A) [s] */
  heatCapacity: number;
  timeConstant: number;
  capacityAh: number;
  ledger: HeatLedger;
  /** chunks the model was advanced over */
  updates: number;
}

/** One observed step's contribution: span dt [s], charge I dt [C], heat I eta dt [J], eta dt [V s]. */
interface Contribution {
  step: number;
  /** simulated time at the end of the step [s] */
  end: number;
  span: number;
  charge: number;
  heat: number;
  eta: number;
}

/**
 * Steps between temperature updates made by `beforeChunk`, and their lag: the update at step s (a
 * multiple of BLOCK) uses the steps before s - BLOCK, whose observables Simulation has always read back
 * by then (at most two chunks of <= BLOCK steps in flight, chunks aligned to BLOCK). So the temperature
 * schedule is a function of the step numbers only, not of when readbacks arrive or where a run paused,
 * and a resumed run follows it bit for bit (issue #25).
 */
export const THERMAL_BLOCK = 64;

export interface ThermalCouplingState {
  model: LumpedThermalState;
  schedule: { fromStep: number; kelvin: number }[];
  /** observed steps not yet taken into the model, in order */
  pending: Contribution[];
  /** steps before this one have been taken into the model */
  consumedUntil?: number;
  maxKelvin: number;
  updates: number;
  lastTime: number;
  history: { time: number; temperature: number; current: number; overpotential: number }[];
}

export class ThermalCoupling {
  readonly model: LumpedThermalModel;
  readonly biot: number;
  readonly warnings: string[] = [];
  /** temperature in force from each step on (ascending steps) */
  private schedule: { fromStep: number; kelvin: number }[] = [];
  /** observed steps not yet taken into the model, in step order */
  private pending: Contribution[] = [];
  private consumedUntil = 0;
  /** every step observed lately, taken into the model or not, and the state before each recent update: for stateAt() */
  private recent: Contribution[] = [];
  private log: { step: number; before: ThermalCouplingState }[] = [];
  private maxKelvin: number;
  private updates = 0;
  /** per flush: time at its end [s], temperature after it [K], mean current [A], overpotential [V] */
  readonly history: { time: number; temperature: number; current: number; overpotential: number }[] = [];
  private lastTime = 0;

  constructor(
    readonly setup: ThermalSetup,
    private readonly target: ThermalTarget,
  ) {
    this.model = new LumpedThermalModel({
      massKg: setup.massKg,
      specificHeat: setup.specificHeat,
      heatTransferCoefficient: setup.heatTransferCoefficient,
      surfaceArea: setup.coolingArea,
      volume: setup.volume,
      thermalConductivity: setup.conductivity,
      ambientKelvin: setup.ambientKelvin,
      initialKelvin: setup.initialKelvin,
    });
    this.biot = (setup.heatTransferCoefficient * setup.characteristicLength) / setup.conductivity;
    if (this.biot > LUMPED_BIOT_LIMIT) {
      this.warnings.push(
        `thermal: Biot number ${this.biot.toPrecision(3)} > ${LUMPED_BIOT_LIMIT}: conduction inside the body is not fast against its surface cooling, so the lumped temperature is not valid (it underestimates the hottest point)`,
      );
    }
    this.maxKelvin = setup.initialKelvin;
  }

  /**
   * Everything needed to continue after a resume (checkpoint controller JSON): the lumped model, the
   * sums observed since the last update, the temperature schedule and the history.
   */
  state(): ThermalCouplingState {
    return {
      model: this.model.state(),
      schedule: this.schedule.map((e) => ({ ...e })),
      pending: this.pending.map((p) => ({ ...p })),
      consumedUntil: this.consumedUntil,
      maxKelvin: this.maxKelvin,
      updates: this.updates,
      lastTime: this.lastTime,
      history: this.history.map((h) => ({ ...h })),
    };
  }

  /** Continue from `state()` of a checkpoint (call before start(), which then writes the saved temperature). */
  restore(state: ThermalCouplingState | undefined): void {
    if (!state) return;
    this.model.restore(state.model);
    this.schedule = state.schedule.map((e) => ({ ...e }));
    this.pending = (state.pending ?? []).map((p) => ({ ...p }));
    this.consumedUntil = state.consumedUntil ?? 0;
    this.recent = this.pending.map((p) => ({ ...p }));
    this.log = [];
    this.maxKelvin = state.maxKelvin;
    this.updates = state.updates;
    this.lastTime = state.lastTime;
    this.history.splice(0, this.history.length, ...state.history.map((h) => ({ ...h })));
  }

  /**
   * The state as it was just before the chunk starting at step `step` was recorded (before its update),
   * with every observed step before `step` that the model had not taken in by then: what a run resumed
   * from the solver state at `step` continues with (a finished run's continuation point, a few chunks
   * back). Exact for steps within the last few chunks.
   */
  stateAt(step: number): ThermalCouplingState {
    const later = this.log.find((e) => e.step >= step);
    const base = later ? later.before : this.state();
    const from = base.consumedUntil ?? 0;
    return { ...base, pending: this.recent.filter((r) => r.step >= from && r.step < step).map((r) => ({ ...r })) };
  }

  /** Write the model's temperature to the GPU (before the first chunk; after a restore, the saved one). */
  start(): void {
    this.apply(this.model.temperatureKelvin);
  }

  /** Temperature [K] the kinetics of step `step` ran at. */
  temperatureAt(step: number): number {
    const s = this.schedule;
    for (let k = s.length - 1; k >= 0; k--) if (s[k].fromStep <= step) return s[k].kelvin;
    return s.length > 0 ? s[0].kelvin : this.setup.sceneKelvin;
  }

  get temperature(): number {
    return this.model.temperatureKelvin;
  }

  /** Body current [A] of a particle current density [A/m^2]. */
  bodyCurrent(currentDensity: number): number {
    return (currentDensity / this.setup.oneC) * this.setup.capacityAh;
  }

  /** Feed every observable in order (Simulation.onObservables). */
  observe(o: Observables): void {
    this.lastTime = o.time + o.dt;
    if (!(o.dt > 0) || o.status === 'failed') return;
    const current = this.bodyCurrent(o.current);
    const eta = this.setup.equilibriumVoltage(o.cMean, this.temperatureAt(o.step)) - o.voltage;
    const c = { step: o.step, end: o.time + o.dt, span: o.dt, charge: current * o.dt, heat: current * eta * o.dt, eta: eta * o.dt };
    this.pending.push(c);
    this.recent.push({ ...c });
    // stateAt() looks back a few chunks at most
    const keepFrom = o.step - 6 * THERMAL_BLOCK;
    if (this.recent[0].step < keepFrom) this.recent = this.recent.filter((r) => r.step >= keepFrom);
  }

  /**
   * Simulation calls this before recording the chunk that starts at step `step` (Simulation.onChunk): at
   * every multiple of THERMAL_BLOCK the model is advanced over the observed steps before
   * step - THERMAL_BLOCK and the new temperature drives the kinetics from `step` on. Deterministic in
   * the step numbers (see THERMAL_BLOCK).
   */
  beforeChunk(step: number): void {
    if (step % THERMAL_BLOCK !== 0) return;
    const until = step - THERMAL_BLOCK;
    let n = 0;
    while (n < this.pending.length && this.pending[n].step < until) n++;
    if (n === 0) return;
    this.log.push({ step, before: this.state() });
    if (this.log.length > 4) this.log.shift();
    this.consumedUntil = Math.max(this.consumedUntil, until);
    this.advance(this.pending.splice(0, n));
  }

  /** Advance the thermal model over everything observed so far and update the GPU (the end of a run; tests). */
  flush(): void {
    if (this.pending.length) this.consumedUntil = Math.max(this.consumedUntil, this.pending[this.pending.length - 1].step + 1);
    this.advance(this.pending.splice(0));
  }

  private advance(steps: Contribution[]): void {
    let span = 0;
    let charge = 0;
    let heat = 0;
    let etaSum = 0;
    for (const p of steps) {
      span += p.span;
      charge += p.charge;
      heat += p.heat;
      etaSum += p.eta;
    }
    if (!(span > 0)) return;
    const current = charge / span;
    // current-weighted mean overpotential: mean current x it x span = the irreversible heat of the steps
    const overpotential = Math.abs(charge) > 1e-12 * Math.abs(heat) ? heat / charge : etaSum / span;
    const kelvin = this.model.step(span, { current, overpotential, entropicCoefficient: this.setup.entropicCoefficient });
    this.maxKelvin = Math.max(this.maxKelvin, kelvin);
    this.history.push({ time: steps[steps.length - 1].end, temperature: kelvin, current, overpotential });
    this.updates++;
    this.apply(kelvin);
  }

  private apply(kelvin: number): void {
    const from = this.target.submittedStep();
    // after a rollback the submitted count goes back: later entries no longer describe what ran
    this.schedule = this.schedule.filter((e) => e.fromStep < from);
    this.schedule.push({ fromStep: from, kelvin });
    this.target.setTemperature(kelvin);
  }

  report(): ThermalReport {
    const m = this.model;
    return {
      units: { temperature: 'K', heat: 'J', current: 'A (insertion/discharge positive)' },
      biot: {
        value: this.biot,
        reading: `Bi = ${this.biot.toPrecision(3)}: ${this.biot <= LUMPED_BIOT_LIMIT ? 'the body is nearly isothermal, a lumped temperature holds' : 'temperature varies inside the body, the lumped temperature is not valid'}`,
      },
      warnings: [...this.warnings],
      ambientTemperature: this.setup.ambientKelvin,
      initialTemperature: this.setup.initialKelvin,
      finalTemperature: m.temperatureKelvin,
      maxTemperature: this.maxKelvin,
      heatCapacity: m.heatCapacity,
      timeConstant: m.timeConstantSeconds,
      capacityAh: this.setup.capacityAh,
      ledger: m.ledger,
      updates: this.updates,
    };
  }
}
