/** Events per second over a sliding time window (steps/s, frames/s). */
export class RateMeter {
  private samples: { time: number; count: number }[] = [];
  private total = 0;

  constructor(private readonly windowMs = 2000) {}

  add(count: number, now: number): void {
    this.total += count;
    this.samples.push({ time: now, count: this.total });
    while (this.samples.length > 2 && now - this.samples[1].time > this.windowMs) this.samples.shift();
  }

  /** Rate over the window ending now; 0 with fewer than two samples. */
  rate(now: number): number {
    if (this.samples.length < 2) return 0;
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (now - last.time > this.windowMs) return 0;
    const dt = last.time - first.time;
    return dt > 0 ? ((last.count - first.count) * 1000) / dt : 0;
  }

  reset(): void {
    this.samples = [];
    this.total = 0;
  }
}
