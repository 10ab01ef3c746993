/**
 * Voltage hysteresis of a cycled particle (issue 19): the gap between the charge and the discharge
 * branches of the voltage curve at the same capacity, V_charge(q) - V_discharge(q), over the capacity
 * range both branches cover. It holds the overpotentials of both directions and, with stress, the
 * mechanical work the cycle dissipates (the elastic term of the chemical potential differs between a
 * particle whose surface leads its core in delithiation and one whose surface leads in lithiation).
 * Pure float64; the branches are piecewise linear in capacity.
 */

export interface VoltageSample {
  capacity: number;
  voltage: number;
  /** insertion positive (discharge), extraction negative (charge) */
  current: number;
}

export interface Hysteresis {
  /** capacity range covered by both branches */
  from: number;
  to: number;
  /** mean and largest V_charge - V_discharge over that range [V] */
  mean: number;
  max: number;
}

/** V(q) along one branch (capacity monotonic within it), linear between samples; NaN outside. */
function interpolate(branch: readonly VoltageSample[], q: number): number {
  const sorted = [...branch].sort((a, b) => a.capacity - b.capacity);
  for (let k = 1; k < sorted.length; k++) {
    const a = sorted[k - 1];
    const b = sorted[k];
    if (q >= a.capacity && q <= b.capacity) return b.capacity === a.capacity ? a.voltage : a.voltage + ((q - a.capacity) / (b.capacity - a.capacity)) * (b.voltage - a.voltage);
  }
  return NaN;
}

/**
 * The gap between a charge branch and a discharge branch (samples of one cycle; each branch is the
 * samples with that sign of current), on `points` capacities evenly spread over their overlap.
 */
export function voltageHysteresis(samples: readonly VoltageSample[], points = 200): Hysteresis {
  const charge = samples.filter((s) => s.current < 0 && Number.isFinite(s.voltage));
  const discharge = samples.filter((s) => s.current > 0 && Number.isFinite(s.voltage));
  if (charge.length < 2 || discharge.length < 2) throw new Error('voltage hysteresis: the cycle needs a charge and a discharge branch of at least two samples each');
  const range = (b: VoltageSample[]) => [Math.min(...b.map((s) => s.capacity)), Math.max(...b.map((s) => s.capacity))];
  const [c0, c1] = range(charge);
  const [d0, d1] = range(discharge);
  const from = Math.max(c0, d0);
  const to = Math.min(c1, d1);
  if (!(to > from)) throw new Error('voltage hysteresis: the charge and discharge branches cover no common capacity');
  let sum = 0;
  let max = -Infinity;
  for (let k = 0; k < points; k++) {
    const q = from + ((k + 0.5) / points) * (to - from);
    const gap = interpolate(charge, q) - interpolate(discharge, q);
    sum += gap;
    max = Math.max(max, gap);
  }
  return { from, to, mean: sum / points, max };
}
