/**
 * Axis and colorbar ticks: "nice" round values (1, 2, 5 x 10^k) covering a range, and labels with
 * just enough digits to tell neighbouring ticks apart (Heckbert, "Nice numbers for graph labels",
 * Graphics Gems, 1990).
 */
export interface Ticks {
  values: number[];
  step: number;
}

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
}

/** Ticks inside [min, max], about `count` of them (never fewer than 2 for a non-empty range). */
export function niceTicks(min: number, max: number, count = 5): Ticks {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { values: [], step: 1 };
  if (max < min) [min, max] = [max, min];
  if (max - min <= Math.abs(max) * 1e-12 || max === min) return { values: [min], step: Math.abs(min) || 1 };
  let step = niceStep(max - min, count);
  let values = ticksWithStep(min, max, step);
  if (values.length < 2) {
    step = niceStep(max - min, count * 2);
    values = ticksWithStep(min, max, step);
  }
  return { values, step };
}

function ticksWithStep(min: number, max: number, step: number): number[] {
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  const values: number[] = [];
  for (let k = first; k <= last; k++) values.push(Math.abs(k * step) < step * 1e-9 ? 0 : k * step);
  return values;
}

/** A tick label: fixed notation with the decimals the step needs, scientific for very large/small values. */
export function formatTick(value: number, step: number): string {
  const mag = Math.max(Math.abs(value), Math.abs(step));
  if (mag !== 0 && (mag >= 1e5 || mag < 1e-3)) {
    const digits = Math.max(0, Math.ceil(-Math.log10(step / 10 ** Math.floor(Math.log10(mag))) - 1e-9));
    return value === 0 ? '0' : value.toExponential(Math.min(6, digits));
  }
  const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  return value.toFixed(Math.min(10, decimals));
}

/** A value for the HUD: 4 significant digits, scientific outside [1e-3, 1e5). */
export function formatValue(value: number | undefined, digits = 4): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  const a = Math.abs(value);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return value.toExponential(digits - 1);
  return Number(value.toPrecision(digits)).toString();
}

const SI_PREFIXES: [number, string][] = [
  [1e9, 'G'], [1e6, 'M'], [1e3, 'k'], [1, ''], [1e-3, 'm'], [1e-6, 'µ'], [1e-9, 'n'], [1e-12, 'p'], [1e-15, 'f'],
];

/** A quantity with an SI prefix chosen for 1 <= mantissa < 1000, e.g. formatSI(1.28e-7, 'm') = "128 nm". */
export function formatSI(value: number, unit: string, digits = 3): string {
  if (!Number.isFinite(value)) return `${formatValue(value)} ${unit}`;
  if (value === 0) return `0 ${unit}`;
  const a = Math.abs(value);
  const [scale, prefix] = SI_PREFIXES.find(([s]) => a >= s * 0.9995) ?? SI_PREFIXES[SI_PREFIXES.length - 1];
  return `${Number((value / scale).toPrecision(digits))} ${prefix}${unit}`;
}
