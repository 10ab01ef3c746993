/**
 * Lumped thermal model of a particle or a cell: one temperature T for the whole body,
 *     m c_p dT/dt = Q_irr + Q_rev - h A (T - T_amb),
 * with the battery heat sources of Bernardi, Pawlikowski & Newman, J. Electrochem. Soc. 132 (1985) 5,
 * eq. 1 without mixing and phase-change terms:
 *     Q_irr = I eta                 (irreversible: current times the overpotential eta = U - V, so that
 *                                     I eta >= 0 on charge and on discharge)
 *     Q_rev = -I T dU/dT            (reversible, entropic: the reaction entropy n F dU/dT released or absorbed)
 * and Newton cooling through the surface A with a heat-transfer coefficient h. Sign convention: I > 0
 * on discharge (the cell delivers current), U the open-circuit voltage, dU/dT its entropic coefficient.
 *
 * A single temperature is valid when conduction inside the body is fast against the surface exchange:
 * Biot number Bi = h L_c / k << 1 with L_c = V / A; Bi < 0.1 keeps the internal temperature spread
 * within about 5 % of the surface-to-ambient difference (Incropera, DeWitt, Bergman & Lavine,
 * Fundamentals of Heat and Mass Transfer, 6th ed. (2007) sec. 5.2). Above that the model warns.
 *
 * Integration: with I, eta and dU/dT held over a step, the right-hand side is linear in T, so each step
 * is the exact solution of dT/dt = alpha + beta T (no time-step error, unconditionally stable), and the
 * heat generated, stored and removed over the step are the exact integrals; they balance to rounding.
 * Float64, no GPU.
 */

export const LUMPED_BIOT_LIMIT = 0.1;

export interface LumpedThermalParams {
  /** kg */
  massKg: number;
  /** J/(kg K) */
  specificHeat: number;
  /** W/(m^2 K) */
  heatTransferCoefficient: number;
  /** cooled surface, m^2 */
  surfaceArea: number;
  /** m^3 (with the surface it gives the characteristic length of the Biot number) */
  volume: number;
  /** W/(m K), of the body */
  thermalConductivity: number;
  ambientKelvin: number;
  /** initial temperature (default: ambient) */
  initialKelvin?: number;
}

export interface ThermalInputs {
  /** A, positive on discharge */
  current: number;
  /** V, eta = U - V (open-circuit minus terminal voltage) */
  overpotential: number;
  /** dU/dT, V/K (default 0) */
  entropicCoefficient?: number;
}

export interface HeatLedger {
  /** J, integral of Q_irr + Q_rev */
  generated: number;
  /** J, of which irreversible */
  irreversible: number;
  /** J, of which reversible (entropic; may be negative) */
  reversible: number;
  /** J, integral of h A (T - T_amb) */
  removed: number;
  /** J, m c_p (T - T_initial) */
  stored: number;
}

export function biotNumber(p: Pick<LumpedThermalParams, 'heatTransferCoefficient' | 'volume' | 'surfaceArea' | 'thermalConductivity'>): number {
  return (p.heatTransferCoefficient * (p.volume / p.surfaceArea)) / p.thermalConductivity;
}

export interface LumpedThermalState {
  temperatureKelvin: number;
  elapsedSeconds: number;
  ledger: HeatLedger;
}

export class LumpedThermalModel {
  readonly params: LumpedThermalParams;
  readonly biot: number;
  /** Human-readable reasons the lumped temperature may not hold (empty when it does). */
  readonly warnings: string[] = [];
  private temperature: number;
  private timeSeconds = 0;
  private readonly ledgerTotals: HeatLedger = { generated: 0, irreversible: 0, reversible: 0, removed: 0, stored: 0 };

  constructor(params: LumpedThermalParams) {
    for (const key of ['massKg', 'specificHeat', 'surfaceArea', 'volume', 'thermalConductivity', 'ambientKelvin'] as const) {
      const v = params[key];
      if (!Number.isFinite(v) || v <= 0) throw new RangeError(`LumpedThermalModel: ${key} must be a positive number (got ${v})`);
    }
    if (!Number.isFinite(params.heatTransferCoefficient) || params.heatTransferCoefficient < 0) {
      throw new RangeError(`LumpedThermalModel: heatTransferCoefficient must be >= 0 (got ${params.heatTransferCoefficient})`);
    }
    this.params = params;
    this.temperature = params.initialKelvin ?? params.ambientKelvin;
    this.biot = biotNumber(params);
    if (this.biot > LUMPED_BIOT_LIMIT) {
      this.warnings.push(
        `Biot number ${this.biot.toPrecision(3)} > ${LUMPED_BIOT_LIMIT}: conduction inside the body is not fast against surface cooling, so one lumped temperature underestimates the hot-spot temperature (resolve T inside instead)`,
      );
    }
  }

  /** Sphere of radius r: m = rho 4/3 pi r^3, A = 4 pi r^2 (so L_c = r/3). */
  static sphere(options: { radiusMeters: number; densityKgPerM3: number; specificHeat: number; thermalConductivity: number; heatTransferCoefficient: number; ambientKelvin: number; initialKelvin?: number }): LumpedThermalModel {
    const r = options.radiusMeters;
    const volume = (4 / 3) * Math.PI * r ** 3;
    return new LumpedThermalModel({
      massKg: options.densityKgPerM3 * volume,
      specificHeat: options.specificHeat,
      heatTransferCoefficient: options.heatTransferCoefficient,
      surfaceArea: 4 * Math.PI * r * r,
      volume,
      thermalConductivity: options.thermalConductivity,
      ambientKelvin: options.ambientKelvin,
      initialKelvin: options.initialKelvin,
    });
  }

  get temperatureKelvin(): number {
    return this.temperature;
  }

  get elapsedSeconds(): number {
    return this.timeSeconds;
  }

  /** Heat totals since construction (a copy). */
  get ledger(): HeatLedger {
    return { ...this.ledgerTotals };
  }

  /** Heat capacity m c_p, J/K. */
  get heatCapacity(): number {
    return this.params.massKg * this.params.specificHeat;
  }

  /** Thermal time constant m c_p / (h A), s (Infinity when insulated). */
  get timeConstantSeconds(): number {
    return this.heatCapacity / (this.params.heatTransferCoefficient * this.params.surfaceArea);
  }

  /** Heat generation rate (W) at temperature T for the given inputs: I eta - I T dU/dT. */
  heatRate(inputs: ThermalInputs, temperatureKelvin = this.temperature): number {
    return inputs.current * inputs.overpotential - inputs.current * temperatureKelvin * (inputs.entropicCoefficient ?? 0);
  }

  /** What a checkpoint needs to continue: temperature, elapsed time, heat totals. */
  state(): LumpedThermalState {
    return { temperatureKelvin: this.temperature, elapsedSeconds: this.timeSeconds, ledger: this.ledger };
  }

  /** Continue from a saved state (a resumed run). */
  restore(state: LumpedThermalState): void {
    if (!(state.temperatureKelvin > 0) || !(state.elapsedSeconds >= 0)) throw new RangeError(`LumpedThermalModel.restore: not a thermal state (${JSON.stringify(state)})`);
    this.temperature = state.temperatureKelvin;
    this.timeSeconds = state.elapsedSeconds;
    Object.assign(this.ledgerTotals, state.ledger);
  }

  /** Advance by dtSeconds with the inputs held constant; returns the new temperature (K). */
  step(dtSeconds: number, inputs: ThermalInputs): number {
    if (!Number.isFinite(dtSeconds) || dtSeconds < 0) throw new RangeError(`LumpedThermalModel.step: dtSeconds must be >= 0 (got ${dtSeconds})`);
    const { current, overpotential } = inputs;
    const dudt = inputs.entropicCoefficient ?? 0;
    const capacity = this.heatCapacity;
    const hA = this.params.heatTransferCoefficient * this.params.surfaceArea;
    const ambient = this.params.ambientKelvin;
    // Q(T) = a + b T; dT/dt = alpha + beta T.
    const a = current * overpotential;
    const b = -current * dudt;
    const alpha = (a + hA * ambient) / capacity;
    const beta = (b - hA) / capacity;
    const t0 = this.temperature;
    let t1: number;
    let integralT: number; // integral of T over the step
    const x = beta * dtSeconds;
    if (Math.abs(x) < 1e-8) {
      // Second-order series of the exact solution (the closed form loses digits as beta -> 0).
      const slope = alpha + beta * t0;
      t1 = t0 + slope * dtSeconds * (1 + x / 2);
      integralT = t0 * dtSeconds + slope * dtSeconds * dtSeconds * (0.5 + x / 6);
    } else {
      const growth = Math.expm1(x); // e^(beta dt) - 1
      const offset = t0 + alpha / beta;
      t1 = t0 + offset * growth;
      integralT = (offset * growth) / beta - (alpha / beta) * dtSeconds;
    }
    const irreversible = a * dtSeconds;
    const reversible = b * integralT;
    this.ledgerTotals.irreversible += irreversible;
    this.ledgerTotals.reversible += reversible;
    this.ledgerTotals.generated += irreversible + reversible;
    this.ledgerTotals.removed += hA * (integralT - ambient * dtSeconds);
    this.ledgerTotals.stored += capacity * (t1 - t0);
    this.temperature = t1;
    this.timeSeconds += dtSeconds;
    return t1;
  }
}
