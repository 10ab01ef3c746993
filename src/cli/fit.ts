/**
 * `spinode fit FIT.json [--out DIR] [--max-evaluations N] [--quiet]` (DESIGN.md 4.2b; docs/calibration.md):
 * fits scene values to measured voltage curves. Everything the user gave is checked before any GPU work
 * (FIT.json against its schema, every data file, the scene of every curve at the starting values); then
 * the optimiser runs the simulations in-process, one after another, and the output folder gets
 * fit.json (best values, uncertainty, correlations, cost history), curves.csv (measured against fitted
 * at every compared point), curves_capacity.png / curves_time.png and cost.png.
 * Exit codes: 0 done, 1 runtime failure, 2 bad input.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { acquireNodeGpu } from '../gpu/nodeGpu.ts';
import type { GpuContext } from '../gpu/device.ts';
import { resolveScene, SceneError, type Spec } from '../scene/resolve.ts';
import { SimulationFailure } from '../solver/simulation.ts';
import { parseFit, FitSpecError, type Fit, type FitData } from '../fit/fitSchema.ts';
import { loadMeasuredCurve, MeasuredDataError, type MeasuredCurve } from '../fit/measuredCurve.ts';
import { ParameterSpace } from '../fit/parameterSpace.ts';
import { calibrate, type CalibrationCurve, type CalibrationResult, type ModelCurve } from '../fit/calibration.ts';
import { VoltageCurveSimulator } from '../fit/voltageCurve.ts';
import { renderLinePlotPng, type PlotSeries } from '../io/linePlot.ts';
import { formatCsvNumber } from '../io/timeseries.ts';
import { writeFileAtomic } from '../io/atomicWrite.ts';
import { applyOverride, describeJsonError, loadSceneArgument } from './sceneArgument.ts';
import { embedMaskFile } from './maskFile.ts';
import { InputError } from './inputError.ts';
import { EXIT_OK } from './exitCodes.ts';

export interface FitOptions {
  out?: string;
  maxEvaluations?: string;
  quiet?: boolean;
  /** a device to use instead of acquiring one (tests) */
  gpu?: GpuContext;
}

export function readFitFile(path: string): Fit {
  if (!existsSync(path)) throw new InputError(`${path}: no such fit file`);
  const text = readFileSync(path, 'utf8').replace(/^\ufeff/, '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${path}: not valid JSON: ${describeJsonError(text, e as SyntaxError)}`);
  }
  try {
    return parseFit(json);
  } catch (e) {
    if (e instanceof FitSpecError) throw new InputError(`${path}: invalid fit:\n  ${e.problems.join('\n  ')}`);
    throw e;
  }
}

/** The fit's base scene JSON and where it came from (a file relative to FIT.json, a bundled name, inline). */
export function baseScene(fit: Fit, fitDir: string): { json: Record<string, unknown>; source: string } {
  if (typeof fit.scene !== 'string') return { json: structuredClone(fit.scene) as Record<string, unknown>, source: join(fitDir, 'FIT.json#scene') };
  const relative = isAbsolute(fit.scene) ? fit.scene : resolve(fitDir, fit.scene);
  return loadSceneArgument(existsSync(relative) ? relative : fit.scene);
}

function curveLabel(data: FitData): string {
  return data.label ?? (data.cRate !== undefined ? `${data.cRate}C` : basename(data.file));
}

/** Every measured curve of the fit (files relative to FIT.json's folder `fitDir`); a bad file is an InputError naming data[k], the file, the line and the column. */
export function loadFitCurves(fit: Fit, fitDir: string): CalibrationCurve[] {
  return fit.data.map((d, k) => {
    const file = isAbsolute(d.file) ? d.file : resolve(fitDir, d.file);
    try {
      const measured = loadMeasuredCurve({ file, columns: d.columns, header: d.header, capacityUnit: d.capacityUnit, theoreticalCapacity: d.theoreticalCapacity, timeUnit: d.timeUnit }, d.file);
      return { label: curveLabel(d), measured, weight: d.weight };
    } catch (e) {
      if (e instanceof MeasuredDataError) throw new InputError(`data[${k}]: ${e.message}`);
      throw e;
    }
  });
}

/** The scene JSON of curve `data` at parameter `values`. */
export function curveScene(base: Record<string, unknown>, fit: Fit, space: ParameterSpace, data: FitData, measured: MeasuredCurve, values: readonly number[]): Record<string, unknown> {
  const json = structuredClone(base);
  for (const s of fit.set) applyOverride(json, s);
  space.parameters.forEach((p, i) => applyOverride(json, `${p.path}=${JSON.stringify(values[i])}`));
  const protocol = data.protocol ?? { steps: [{ kind: 'constantCurrent', cRate: data.cRate! }] };
  json.protocol = protocol;
  // simulate just to the end of the measurement: along time its last time; along capacity the time the
  // C-rate takes to pass its last capacity (a fraction of the sites, 1C = all sites in an hour)
  const end = measured.x[measured.x.length - 1];
  const tEnd = data.tEnd ?? (measured.axis === 'time' ? end : (end / Math.abs(data.cRate!)) * 3600);
  applyOverride(json, `time.tEnd=${tEnd}`);
  applyOverride(json, 'output.fieldFrames=0');
  for (const s of data.set) applyOverride(json, s);
  return json;
}

export async function fitCommand(fitPath: string, options: FitOptions): Promise<number> {
  // ---- input: everything is checked before any GPU work
  const fit = readFitFile(fitPath);
  if (options.maxEvaluations !== undefined) {
    const n = Number(options.maxEvaluations);
    if (!Number.isInteger(n) || n < 1) throw new InputError(`--max-evaluations ${options.maxEvaluations}: expected a whole number >= 1`);
    fit.optimiser.maxEvaluations = n;
  }
  const fitDir = dirname(resolve(fitPath));
  const { json: base, source } = baseScene(fit, fitDir);
  embedMaskFile(base, source);
  const space = new ParameterSpace(fit.parameters);
  const curves = loadFitCurves(fit, fitDir);
  const specAt = (k: number, values: readonly number[]): Spec => resolveScene(curveScene(base, fit, space, fit.data[k], curves[k].measured, values));
  const initial = space.parameters.map((p) => p.initial);
  for (let k = 0; k < curves.length; k++) {
    let spec: Spec;
    try {
      spec = specAt(k, initial);
    } catch (e) {
      if (e instanceof SceneError) throw new InputError(`data[${k}] (${curves[k].label}): the scene at the starting values is invalid:\n  ${e.problems.join('\n  ')}`);
      throw e;
    }
    if (!spec.scene.model.reaction) throw new InputError(`${source}: the scene has no model.reaction: there is no voltage curve to fit`);
    // the lumped thermal model is advanced by `spinode run` between chunks; the fit's runs do not carry it
    if ((spec.scene as { thermal?: unknown }).thermal !== undefined) throw new InputError(`${source}: thermal: spinode fit does not run the thermal coupling yet; fit a copy of the scene without "thermal"`);
  }
  const outDir = options.out ?? join('runs', `fit-${basename(fitPath).replace(/\.json$/i, '')}`);
  mkdirSync(outDir, { recursive: true });

  // ---- GPU
  const gpu = options.gpu ?? (await acquireNodeGpu({ label: 'spinode-fit' }));
  const started = performance.now();
  try {
    const simulator = new VoltageCurveSimulator(gpu);
    let simulations = 0;
    const simulate = async (k: number, values: readonly number[]): Promise<ModelCurve | undefined> => {
      let spec: Spec;
      try {
        spec = specAt(k, values);
      } catch (e) {
        if (e instanceof SceneError) return undefined; // values the scene rejects cost infinity
        throw e;
      }
      try {
        simulations++;
        const curve = await simulator.simulate(spec);
        return { x: curves[k].measured.axis === 'time' ? curve.time : curve.capacity, voltage: curve.voltage };
      } catch (e) {
        if (e instanceof SimulationFailure) return undefined;
        throw e;
      }
    };
    const names = space.parameters.map((p) => p.name);
    const result = await calibrate({ space, curves, simulate }, fit, (r) => {
      if (options.quiet) return;
      const values = r.values.map((v, i) => `${names[i]} = ${v.toPrecision(5)}`).join(', ');
      process.stderr.write(`evaluation ${r.evaluation}: RMSE ${Number.isFinite(r.cost) ? `${(r.cost * 1000).toFixed(3)} mV` : 'inf (a simulation failed)'}${r.penalty > 0 ? ' (outside the bounds)' : ''}, ${values}\n`);
    });
    const wallSeconds = (performance.now() - started) / 1000;
    await writeOutputs(outDir, fitPath, fit, space, curves, result, { wallSeconds, simulations, adapter: gpu.adapterInfo });
    if (!options.quiet) {
      process.stderr.write(`${result.optimiser.reason}: RMSE ${(result.best.cost.rmse * 1000).toFixed(3)} mV after ${result.history.length} evaluations (${simulations} simulations, ${wallSeconds.toFixed(1)} s)\n`);
      result.best.values.forEach((v, i) => {
        const sd = result.uncertainty?.standardDeviation[i];
        const relative = space.parameters[i].scale === 'log' ? sd : sd !== undefined ? sd / Math.abs(v) : undefined;
        process.stderr.write(`  ${names[i]} = ${v.toPrecision(5)}${space.parameters[i].unit ? ` ${space.parameters[i].unit}` : ''}${relative !== undefined && Number.isFinite(relative) ? ` +- ${(relative * 100).toFixed(2)} %` : ''}\n`);
      });
      process.stderr.write(`output in ${outDir}\n`);
    }
    return EXIT_OK;
  } finally {
    if (!options.gpu) gpu.dispose();
  }
}

async function writeOutputs(
  outDir: string,
  fitPath: string,
  fit: Fit,
  space: ParameterSpace,
  curves: CalibrationCurve[],
  result: CalibrationResult,
  run: { wallSeconds: number; simulations: number; adapter: unknown },
): Promise<void> {
  const u = result.uncertainty;
  const parameters = space.parameters.map((p, i) => {
    const value = result.best.values[i];
    const sdFit = u?.standardDeviation[i];
    const ok = sdFit !== undefined && Number.isFinite(sdFit);
    // a log-scaled parameter's sd is that of ln(value): relative to first order, a factor exp(+-sd) exactly
    return {
      name: p.name,
      path: p.path,
      unit: p.unit,
      scale: p.scale,
      value,
      initial: p.initial,
      bounds: [p.min, p.max],
      standardDeviation: ok ? (p.scale === 'log' ? value * sdFit : sdFit) : null,
      relativeStandardDeviation: ok ? (p.scale === 'log' ? sdFit : sdFit / Math.abs(value)) : null,
      interval95: ok ? (p.scale === 'log' ? [value * Math.exp(-1.96 * sdFit), value * Math.exp(1.96 * sdFit)] : [value - 1.96 * sdFit, value + 1.96 * sdFit]) : null,
      atBound: space.toNormalised(result.best.values)[i] < 1e-3 || space.toNormalised(result.best.values)[i] > 1 - 1e-3,
    };
  });
  const nullable = (m: number[][] | undefined) => m?.map((row) => row.map((x) => (Number.isFinite(x) ? x : null))) ?? null;
  const json = {
    fit: resolve(fitPath),
    optimiser: { ...fit.optimiser, evaluations: result.optimiser.evaluations, converged: result.optimiser.converged, reason: result.optimiser.reason },
    cost: {
      kind: 'rmse',
      rmseVolts: result.best.cost.rmse,
      points: result.best.cost.points,
      curves: curves.map((c, k) => {
        const cmp = result.best.comparisons[k];
        return { label: c.label, file: c.measured.file, axis: c.measured.axis, weight: c.weight, rmseVolts: cmp?.rmse ?? null, points: cmp?.x.length ?? 0, range: cmp?.range ?? null, measuredRange: [c.measured.x[0], c.measured.x[c.measured.x.length - 1]] };
      }),
    },
    parameters,
    uncertainty: u
      ? {
          method: 'covariance 2 s^2 H^-1 from the central finite-difference Hessian H of S = N RMSE^2 in the fit coordinates u (value, or ln(value) for log-scaled parameters); s^2 = S / (N - p)',
          coordinates: space.parameters.map((p) => (p.scale === 'log' ? `ln(${p.name})` : p.name)),
          steps: u.steps,
          evaluations: u.evaluations,
          positiveDefinite: u.positiveDefinite,
          residualVarianceVolts2: u.residualVariance,
          hessian: nullable(u.hessian),
          covariance: nullable(u.covariance),
          correlation: nullable(u.correlation),
        }
      : null,
    history: result.history.map((h) => ({ evaluation: h.evaluation, cost: Number.isFinite(h.cost) ? h.cost : null, values: h.values, outsideBounds: h.penalty > 0 })),
    run,
  };
  await writeFileAtomic(join(outDir, 'fit.json'), `${JSON.stringify(json, null, 2)}\n`, { durable: false });

  // measured against fitted at every compared point
  const rows = ['curve,axis,x,voltage_measured,voltage_fitted'];
  curves.forEach((c, k) => {
    const cmp = result.best.comparisons[k];
    cmp?.x.forEach((x, i) => rows.push([JSON.stringify(c.label), c.measured.axis, formatCsvNumber(x), formatCsvNumber(cmp.measured[i]), formatCsvNumber(cmp.model[i])].join(',')));
  });
  await writeFile(join(outDir, 'curves.csv'), `${rows.join('\n')}\n`);

  for (const axis of ['capacity', 'time'] as const) {
    const series: PlotSeries[] = [];
    curves.forEach((c, k) => {
      if (c.measured.axis !== axis) return;
      const scale = axis === 'time' ? 1 / 3600 : 1;
      series.push({ name: `${c.label} measured`, points: c.measured.x.map((x, i) => [x * scale, c.measured.voltage[i]] as const), markers: true });
      const model = result.best.models[k];
      if (model) series.push({ name: `${c.label} fitted`, points: model.x.map((x, i) => [x * scale, model.voltage[i]] as const) });
    });
    if (series.length === 0) continue;
    const png = await renderLinePlotPng({
      title: `measured and fitted (RMSE ${(result.best.cost.rmse * 1000).toFixed(2)} mV)`,
      x: { label: axis === 'capacity' ? 'capacity [fraction of sites]' : 'time [h]' },
      y: { label: 'voltage [V vs Li/Li+]' },
      series,
    });
    await writeFile(join(outDir, `curves_${axis}.png`), png);
  }
  let bestSoFar = Infinity;
  const finite = result.history.filter((h) => Number.isFinite(h.cost) && h.cost > 0);
  const png = await renderLinePlotPng({
    title: `${result.optimiser.kind}: cost against evaluations`,
    x: { label: 'evaluation' },
    y: { label: 'RMSE [V]', log: true },
    series: [
      { name: 'evaluated', points: finite.map((h) => [h.evaluation, h.cost] as const), markers: true },
      { name: 'best so far', points: finite.map((h) => [h.evaluation, (bestSoFar = Math.min(bestSoFar, h.cost))] as const) },
    ],
  });
  await writeFile(join(outDir, 'cost.png'), png);
}
