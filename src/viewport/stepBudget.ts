/**
 * Automatic steps per frame: as many time steps per displayed frame as fit a GPU-time budget, so a
 * fast GPU is not left idle at one step per frame and a slow (software) one still redraws and reacts
 * several times a second. The per-step cost is learned from completed frames (exponential average);
 * the count changes by at most a factor of two per frame, so one odd frame does not swing it.
 */
export class StepBudget {
  private perStepMs: number | undefined;

  constructor(
    readonly targetMs = 20,
    readonly maxSteps = 1000,
  ) {}

  /** A frame with `steps` steps took `gpuMs` on the GPU (from the start of its work to completion). */
  record(steps: number, gpuMs: number): void {
    if (steps <= 0 || !(gpuMs > 0)) return;
    const sample = gpuMs / steps;
    this.perStepMs = this.perStepMs === undefined ? sample : 0.7 * this.perStepMs + 0.3 * sample;
  }

  /** Steps for the next frame, given the current count. */
  next(current: number): number {
    if (this.perStepMs === undefined) return Math.max(1, current);
    const ideal = Math.floor(this.targetMs / this.perStepMs);
    const limited = Math.min(Math.max(ideal, Math.floor(current / 2)), current * 2);
    return Math.max(1, Math.min(this.maxSteps, limited));
  }

  reset(): void {
    this.perStepMs = undefined;
  }
}
