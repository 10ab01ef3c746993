/**
 * Interleaved A/B timing of Cahn-Hilliard steppers for the variant scripts (bench-reduction-variants.ts,
 * bench-wavevector-index.ts): each variant's stepper is built by the caller (on its own device or with its
 * own environment), compiled by two warm-up steps, then the variants step in turn, `rounds` times
 * `steps` steps each; the best round of each is kept (the machine is shared: the best is the least
 * disturbed). Returns milliseconds per step, in the order given.
 */
import { performance } from 'node:perf_hooks';
import type { GpuContext } from '../src/gpu/device.ts';
import type { CahnHilliardStepper } from '../src/solver/cahnHilliard.ts';

export interface TimedStepper {
  gpu: GpuContext;
  stepper: CahnHilliardStepper;
}

export async function interleavedStepTimes(variants: TimedStepper[], rounds: number, steps: number): Promise<number[]> {
  const run = async ({ gpu, stepper }: TimedStepper, count: number) => {
    const t0 = performance.now();
    const encoder = gpu.device.createCommandEncoder();
    for (let i = 0; i < count; i++) stepper.encodeStep(encoder);
    gpu.device.queue.submit([encoder.finish()]);
    await gpu.device.queue.onSubmittedWorkDone();
    return performance.now() - t0;
  };
  for (const v of variants) await run(v, 2); // compile
  const best = variants.map(() => Infinity);
  for (let round = 0; round < rounds; round++) {
    for (const [i, v] of variants.entries()) best[i] = Math.min(best[i], (await run(v, steps)) / steps);
  }
  return best;
}
