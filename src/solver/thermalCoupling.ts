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
 * chunks) are summed as they arrive: span = sum dt, sum I dt, sum I eta dt. Between chunks (`flush`) the
 * thermal model is advanced over the span with the mean current and the current-weighted mean
 * overpotential (so that I eta span is exactly the irreversible heat of the steps), and the new
 * temperature is written to the GPU (AllenCahnReactionStepper.setTemperature: kT, the regular solution's
 * RT, the Arrhenius factor of k0) with queue.writeBuffer. The write lands after the chunks already in
 * flight, so the kinetics run at a temperature up to three chunks old; `temperatureAt(step)` tells which
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

export interface ThermalCouplingState {
  model: LumpedThermalState;
  schedule: { fromStep: number; kelvin: number }[];
  sums: { span: number; charge: number; heat: number; eta: number };
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
  private span = 0;
  private chargeSum = 0; // sum I dt [C]
  private heatSum = 0; // sum I eta dt [J]
  private etaSum = 0; // sum eta dt [V s]
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
      sums: { span: this.span, charge: this.chargeSum, heat: this.heatSum, eta: this.etaSum },
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
    this.span = state.sums.span;
    this.chargeSum = state.sums.charge;
    this.heatSum = state.sums.heat;
    this.etaSum = state.sums.eta;
    this.maxKelvin = state.maxKelvin;
    this.updates = state.updates;
    this.lastTime = state.lastTime;
    this.history.splice(0, this.history.length, ...state.history.map((h) => ({ ...h })));
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
    this.span += o.dt;
    this.chargeSum += current * o.dt;
    this.heatSum += current * eta * o.dt;
    this.etaSum += eta * o.dt;
  }

  /** Between chunks: advance the thermal model over what was observed since the last flush and update the GPU. */
  flush(): void {
    if (!(this.span > 0)) return;
    const current = this.chargeSum / this.span;
    // current-weighted mean overpotential: mean current x it x span = the irreversible heat of the steps
    const overpotential = Math.abs(this.chargeSum) > 1e-12 * Math.abs(this.heatSum) ? this.heatSum / this.chargeSum : this.etaSum / this.span;
    const kelvin = this.model.step(this.span, { current, overpotential, entropicCoefficient: this.setup.entropicCoefficient });
    this.maxKelvin = Math.max(this.maxKelvin, kelvin);
    this.history.push({ time: this.lastTime, temperature: kelvin, current, overpotential });
    this.updates++;
    this.span = 0;
    this.chargeSum = 0;
    this.heatSum = 0;
    this.etaSum = 0;
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
