/**
 * The warm-start predictor of the GPU conjugate-gradient elastic solver (src/solver/elasticCg.ts,
 * cg_predict.wgsl, cg_predict_clock.wgsl): a disc ten times stiffer than its matrix whose uniform
 * composition c, and so its eigenstrain psi eps00 (c - 0), changes with the stepper's clock. With
 * c-independent moduli and a clamped mean the solution is linear in c: eps(c) = c eps(1).
 *  - the predicted start equals eps_n + r (eps_n - eps_n-1), r = (t - t_n) / (t_n - t_n-1), computed in
 *    float64 from the strains read back (uneven steps, ETDRK4 stage times, a step back in time, a held call);
 *  - c linear in t: the extrapolation is exact up to the errors of the two solutions it combines (each
 *    within the tolerance), a bound on the start residual; far fewer iterations than the
 *    previous-solution start, which is O(dt) away; the stress equals the float64 twin's (scaled by c);
 *  - c quadratic in t (a slowly evolving state): the predicted start leaves a residual O(dt^2), fewer
 *    iterations per solve than the plain warm start;
 *  - ElasticState reports the worst solve of a step (a later solve of the same step keeps the first's count).
 */
import { describe, expect, it } from 'vitest';
import { useGpu } from '../gpuContext.ts';
import { discScene, iso, twin } from './elasticSolverHarness.ts';
import { CahnHilliardStepper } from '../../../src/solver/cahnHilliard.ts';
import { readFloat32 } from '../../../src/gpu/buffers.ts';
import { ElasticState } from '../../../src/solver/elasticLayouts.ts';
import { STATUS, StepControl } from '../../../src/solver/layouts.ts';
import { STRESS_COMPONENTS } from '../../../src/solver/elasticity.ts';
import type { StageFraction } from '../../../src/solver/elasticCg.ts';
import type { GpuContext } from '../../../src/gpu/device.ts';

const TOLERANCE = 1e-5;

function spec(warmStart: 'predicted' | 'previous') {
  return discScene({ n: 32, radius: 7, interfaceCells: 2, particle: iso(10), matrix: iso(1), eigenstrain: 0.01, solver: { tolerance: TOLERANCE, warmStart } });
}

/** A stepper whose elastic solver is driven by hand: composition and clock written, one solve at a time. */
async function driver(gpu: GpuContext, warmStart: 'predicted' | 'previous') {
  const s = spec(warmStart);
  const stepper = new CahnHilliardStepper(gpu, s);
  const cells = stepper.cellCount;
  stepper.initialize(new Float64Array(cells).fill(1), 1);
  const solver = stepper.elasticity!.fixedPoint!;
  solver.reset();
  const device = gpu.device;
  const solve = async (time: number, c: number, count: number, options: { dt?: number; stage?: StageFraction; opensStep?: boolean; status?: number } = {}) => {
    const clock = new ArrayBuffer(8);
    new Float32Array(clock).set([time, options.dt ?? 1]);
    device.queue.writeBuffer(stepper.buffers.control, StepControl.offsetOf('time'), clock);
    device.queue.writeBuffer(stepper.buffers.control, StepControl.offsetOf('status'), new Uint32Array([options.status ?? STATUS.running]));
    device.queue.writeBuffer(stepper.buffers.concentration, 0, new Float32Array(cells).fill(c));
    const encoder = device.createCommandEncoder();
    solver.encodeIterations(encoder, count, options.stage ?? 0, options.opensStep ?? true);
    device.queue.submit([encoder.finish()]);
    const state = new DataView((await readFloat32(device, solver.buffers.state, ElasticState.byteSize / 4)).buffer);
    return {
      strain: await readFloat32(device, solver.buffers.strain, 6 * cells),
      residual: state.getFloat32(ElasticState.offsetOf('residual'), true),
      iterations: state.getUint32(ElasticState.offsetOf('iterations'), true),
    };
  };
  const stress = async () => {
    const encoder = device.createCommandEncoder();
    const b = stepper.buffers;
    stepper.elasticity!.encodeStress(encoder, b.concentration, b.spectrum, b.control);
    device.queue.submit([encoder.finish()]);
    return readFloat32(device, stepper.elasticity!.fieldLocation(STRESS_COMPONENTS[0]).buffer, 6 * cells);
  };
  return { spec: s, stepper, cells, solve, stress, dispose: () => stepper.dispose() };
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

describe('conjugate-gradient warm start predicted in time', () => {
  const gpu = useGpu();

  it('starts from eps_n + r (eps_n - eps_n-1) with r from the clock, and not after a step back in time', async () => {
    const d = await driver(gpu(), 'predicted');
    try {
      const c = (t: number) => 1 - 0.02 * t * t;
      const at = [0, 1, 2].map(() => undefined as unknown as Float32Array);
      at[0] = (await d.solve(0, c(0), 60)).strain;
      at[1] = (await d.solve(1, c(1), 60)).strain;
      at[2] = (await d.solve(3, c(3), 60)).strain;
      // next: control time 3, dt 2, an ETDRK4 midpoint stage: t = 4, r = (4 - 3) / (3 - 1) = 1/2
      const predicted = (await d.solve(3, c(4), 0, { dt: 2, stage: 0.5 })).strain;
      const expected = Float64Array.from(at[2], (e, i) => e + 0.5 * (e - at[1][i]));
      // f32: one multiply-add on strains of ~1e-2
      expect(maxDifference(predicted, expected)).toBeLessThan(1e-7 * maxAbs(expected) + 1e-9);
      expect(maxDifference(predicted, at[2])).toBeGreaterThan(1e-3 * maxAbs(at[2]));
      // the same time again (another stage at t = 4): the start is left as it is
      const again = (await d.solve(4, c(4), 0, { dt: 1 })).strain;
      expect(maxDifference(again, predicted)).toBe(0);
      // a step back (a rejected step retried shorter): no extrapolation, and none at the next solve (the
      // slope is forgotten), only at the one after
      const back = (await d.solve(3.5, c(3.5), 0)).strain;
      expect(maxDifference(back, predicted)).toBe(0);
      const settled = (await d.solve(3.5, c(3.5), 60)).strain;
      const firstAfter = (await d.solve(4.5, c(4.5), 0)).strain;
      expect(maxDifference(firstAfter, settled)).toBe(0);
      const solvedAfter = (await d.solve(4.5, c(4.5), 60)).strain;
      const second = (await d.solve(5.5, c(5.5), 0)).strain;
      const expectedSecond = Float64Array.from(solvedAfter, (e, i) => e + 1 * (e - settled[i]));
      expect(maxDifference(second, expectedSecond)).toBeLessThan(1e-7 * maxAbs(expectedSecond) + 1e-9);
      // a held call (paused at a chunk's state limit: stages that are never taken) neither moves the
      // start nor the clock: the next running solve extrapolates from the same two solves
      const solvedSecond = (await d.solve(5.5, c(5.5), 60)).strain;
      const held = (await d.solve(7, c(7), 0, { status: STATUS.paused })).strain;
      expect(maxDifference(held, solvedSecond)).toBe(0);
      const third = (await d.solve(6.5, c(6.5), 0)).strain;
      const expectedThird = Float64Array.from(solvedSecond, (e, i) => e + 1 * (e - solvedAfter[i]));
      expect(maxDifference(third, expectedThird)).toBeLessThan(1e-7 * maxAbs(expectedThird) + 1e-9);
    } finally {
      d.dispose();
    }
  }, 120_000);

  it('a step with several solves (ETDRK4 stages) reports the worst of them, a new step only its own', async () => {
    const d = await driver(gpu(), 'previous');
    try {
      const first = await d.solve(0, 1, 60);
      expect(first.iterations).toBeGreaterThan(5);
      // a later solve of the same step that needs nothing: the step still reports the first solve's count
      const later = await d.solve(0, 1, 60, { opensStep: false });
      expect(later.iterations).toBe(first.iterations);
      // (its own start residual is recomputed from the strain, the first's came from the CG recurrence)
      expect(later.residual).toBeGreaterThanOrEqual(first.residual);
      // the next step's first solve: its own count (a small change of c needs a few iterations)
      const next = await d.solve(1, 0.99, 60);
      expect(next.iterations).toBeGreaterThan(0);
      expect(next.iterations).toBeLessThan(first.iterations);
      expect(next.residual).toBeLessThanOrEqual(TOLERANCE);
    } finally {
      d.dispose();
    }
  }, 120_000);

  it('c linear in t: the predicted start is off by no more than the extrapolated solve errors, and the stress is the twin\'s', async () => {
    const times = [0, 1, 2, 4, 5, 7];
    const c = (t: number) => 1 - 0.05 * t;
    const counts: Record<string, number[]> = {};
    const starts: number[] = [];
    let gpuStress: Float32Array | undefined;
    for (const warmStart of ['predicted', 'previous'] as const) {
      const d = await driver(gpu(), warmStart);
      try {
        counts[warmStart] = [];
        for (const t of times) {
          // the start residual (0 iterations), then the solve from there (same time: no second prediction)
          if (warmStart === 'predicted') starts.push((await d.solve(t, c(t), 0)).residual);
          const r = await d.solve(t, c(t), 60);
          expect(r.residual).toBeLessThanOrEqual(TOLERANCE);
          counts[warmStart].push(r.iterations);
        }
        if (warmStart === 'predicted') gpuStress = await d.stress();
      } finally {
        d.dispose();
      }
    }
    console.log(`t = ${times.join(', ')}: start residual ${starts.map((r) => r.toExponential(1)).join(' ')}; iterations predicted ${counts.predicted.join(' ')}, previous ${counts.previous.join(' ')}`);
    // eps is exactly linear in t, so the extrapolation's only error is that of the two solutions it
    // combines, each within the tolerance relative to its own load norm (proportional to c):
    //   start residual <= tolerance ((1 + r) c_n + r c_n-1) / c_n+1
    for (let k = 2; k < times.length; k++) {
      const r = (times[k] - times[k - 1]) / (times[k - 1] - times[k - 2]);
      const bound = (TOLERANCE * ((1 + r) * c(times[k - 1]) + r * c(times[k - 2]))) / c(times[k]);
      // f32: the start residual of an exact start is ~1e-7 (roundoff of the projection)
      expect(starts[k]).toBeLessThanOrEqual(bound + 2e-7);
    }
    // the plain warm start is O(dt) away: more than ten times the tolerance at every step
    const predicted = counts.predicted.slice(2).reduce((a, b) => a + b, 0);
    const previous = counts.previous.slice(2).reduce((a, b) => a + b, 0);
    expect(predicted).toBeLessThanOrEqual(previous / 3);
    // the stress of the last state against the float64 twin at c = 1, scaled (clamped mean: linear in c)
    const ref = twin(spec('predicted'), { green: 'willot', scheme: 'cg', tolerance: 1e-11, maxIterations: 2000 });
    const scale = c(times.at(-1)!);
    let num = 0;
    let den = 0;
    for (let i = 0; i < ref.stress.length; i++) {
      num += (gpuStress![i] - scale * ref.stress[i]) ** 2;
      den += (scale * ref.stress[i]) ** 2;
    }
    // within the solver tolerance times the contrast (10), as elasticCg.test.ts
    expect(Math.sqrt(num / den)).toBeLessThan(1e-4);
  }, 120_000);

  it('c quadratic in t (slowly evolving): fewer iterations than the plain warm start, every solve within tolerance', async () => {
    const times = Array.from({ length: 7 }, (_, k) => k);
    const c = (t: number) => 1 - 0.01 * t - 0.002 * t * t;
    const totals: Record<string, number> = {};
    for (const warmStart of ['predicted', 'previous'] as const) {
      const d = await driver(gpu(), warmStart);
      try {
        const its: number[] = [];
        for (const t of times) {
          const r = await d.solve(t, c(t), 60);
          expect(r.residual).toBeLessThanOrEqual(TOLERANCE);
          its.push(r.iterations);
        }
        console.log(`${warmStart}: iterations per solve ${its.join(' ')}`);
        totals[warmStart] = its.slice(2).reduce((a, b) => a + b, 0);
      } finally {
        d.dispose();
      }
    }
    expect(totals.predicted).toBeLessThan(totals.previous);
  }, 120_000);
});
