/**
 * Steps per second and time remaining from recent progress samples (pure). Rates come from a sliding
 * wall-clock window rather than the whole run, because adaptive time stepping makes simulated time
 * advance very unevenly (tiny steps early, large ones during coarsening).
 */

export interface ProgressSample {
  /** Wall-clock time in milliseconds. */
  wallMs: number;
  step: number;
  /** Fraction of the run done, in [0, 1]. */
  fraction: number;
}

export class ProgressEstimate {
  private readonly samples: ProgressSample[] = [];

  constructor(private readonly windowMs = 20_000) {}

  push(sample: ProgressSample): void {
    const last = this.samples[this.samples.length - 1];
    if (last && sample.wallMs < last.wallMs) throw new Error('progress samples must come in wall-clock order');
    this.samples.push(sample);
    // keep one sample older than the window so the window is always fully spanned
    while (this.samples.length > 2 && sample.wallMs - this.samples[1].wallMs >= this.windowMs) this.samples.shift();
  }

  private span(): { first: ProgressSample; last: ProgressSample; seconds: number } | null {
    if (this.samples.length < 2) return null;
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    const seconds = (last.wallMs - first.wallMs) / 1000;
    return seconds > 0 ? { first, last, seconds } : null;
  }

  /** Steps per wall-clock second over the window, or null before two samples a moment apart. */
  stepsPerSecond(): number | null {
    const s = this.span();
    return s ? (s.last.step - s.first.step) / s.seconds : null;
  }

  /** Seconds until fraction 1 at the window's rate, 0 when done, null when the rate is unknown or zero. */
  etaSeconds(): number | null {
    const s = this.span();
    if (!s) return null;
    if (s.last.fraction >= 1) return 0;
    const rate = (s.last.fraction - s.first.fraction) / s.seconds;
    return rate > 0 ? (1 - s.last.fraction) / rate : null;
  }
}

/** "42s", "12m05s", "3h07m", or "--" when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '--';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** A quantity with about four significant digits and its unit: "0.0125 s", "3.2e-9 s", "150" (dimensionless). */
export function formatQuantity(value: number, units: string): string {
  let text: string;
  const a = Math.abs(value);
  if (value === 0) text = '0';
  else if (a >= 1e-3 && a < 1e5) text = String(Number(value.toPrecision(4)));
  else text = value.toExponential(3).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return units ? `${text} ${units}` : text;
}
