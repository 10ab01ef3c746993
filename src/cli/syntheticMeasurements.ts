/**
 * Synthetic "measurements" for a FIT.json: each data entry's CSV written from the model itself at known
 * parameter values, sampled evenly and disturbed by seeded Gaussian noise, in the entry's own columns
 * and units. What an identifiability check needs: if `spinode fit` cannot recover values it generated,
 * no real curve can pin them down either. Never a stand-in for measured data.
 */
import { writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { GpuContext } from '../gpu/device.ts';
import { resolveScene } from '../scene/resolve.ts';
import { mulberry32 } from '../physics/random.ts';
import { ParameterSpace } from '../fit/parameterSpace.ts';
import { VoltageCurveSimulator } from '../fit/voltageCurve.ts';
import { interpolate } from '../fit/voltageCost.ts';
import type { MeasuredCurve } from '../fit/measuredCurve.ts';
import { baseScene, curveScene, readFitFile } from './fit.ts';

export interface SyntheticOptions {
  /** the true value of every fitted parameter, in FIT.json's order */
  truth: number[];
  /** points per curve */
  samples: number;
  /** capacity range sampled, as a fraction of the sites (for the time axis, the time these take at the C-rate) */
  capacityRange: [number, number];
  /** time range sampled [s] for entries with a protocol (pulse trains, compared along time) */
  timeRange?: [number, number];
  noiseVolts: number;
  seed: number;
}

export async function writeSyntheticMeasurements(gpu: GpuContext, fitPath: string, options: SyntheticOptions): Promise<void> {
  const fit = readFitFile(fitPath);
  const fitDir = dirname(resolve(fitPath));
  const { json: base } = baseScene(fit, fitDir);
  const space = new ParameterSpace(fit.parameters);
  const simulator = new VoltageCurveSimulator(gpu);
  const uniform = mulberry32(options.seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const [lo, hi] = options.capacityRange;
  for (const data of fit.data) {
    if (!data.header) throw new Error(`${data.file}: synthetic measurements are written with a header line; remove "header": false`);
    const axis = data.columns.capacity !== undefined ? 'capacity' : 'time';
    if (data.cRate === undefined) {
      // a protocol (e.g. GITT) along time: sampled evenly over timeRange, written in the entry's time unit
      const [t0, t1] = options.timeRange ?? [0, data.tEnd ?? 0];
      if (axis !== 'time' || !(t1 > t0)) throw new Error(`${data.file}: a protocol entry needs a time column and a timeRange`);
      const stub: MeasuredCurve = { file: data.file, axis, x: [0, data.tEnd ?? t1], voltage: [], lines: [] };
      const truth = await simulator.simulate(resolveScene(curveScene(base, fit, space, data, stub, options.truth)));
      const rows = [`${data.columns.time},${data.columns.voltage}`];
      for (let i = 0; i < options.samples; i++) {
        const t = t0 + ((t1 - t0) * i) / (options.samples - 1);
        rows.push(`${data.timeUnit === 'h' ? t / 3600 : t},${interpolate(truth.time, truth.voltage, t) + options.noiseVolts * gaussian()}`);
      }
      writeFileSync(isAbsolute(data.file) ? data.file : resolve(fitDir, data.file), `${rows.join('\n')}\n`);
      continue;
    }
    const hours = (q: number) => q / Math.abs(data.cRate!);
    // simulated a little past the last sample, with the entry's own overrides (e.g. its time step)
    const past = hi + 0.05;
    const stub: MeasuredCurve = { file: data.file, axis, x: [0, axis === 'time' ? hours(past) * 3600 : past], voltage: [], lines: [] };
    const truth = await simulator.simulate(resolveScene(curveScene(base, fit, space, data, stub, options.truth)));
    const rows = [`${data.columns.capacity ?? data.columns.time},${data.columns.voltage}`];
    for (let i = 0; i < options.samples; i++) {
      const q = lo + ((hi - lo) * i) / (options.samples - 1);
      const v = interpolate(truth.capacity, truth.voltage, q) + options.noiseVolts * gaussian();
      const x = axis === 'capacity' ? (data.capacityUnit === 'mAh/g' ? q * data.theoreticalCapacity! : q) : data.timeUnit === 'h' ? hours(q) : hours(q) * 3600;
      rows.push(`${x},${v}`);
    }
    writeFileSync(isAbsolute(data.file) ? data.file : resolve(fitDir, data.file), `${rows.join('\n')}\n`);
  }
}
