/**
 * Identifiability of `spinode fit` (issue #23): synthetic "measurements" come from Spinode itself at
 * known parameters (the exchange-current prefactor k0 and the regular-solution Omega of an ACR
 * platelet) plus 2 mV of Gaussian noise, at three C-rates, written as CSV in three unit conventions
 * (mAh/g, fraction, time in h). The fit starts 3x off in both and must recover them within 5 %.
 *
 * The cheapest scene that carries both parameters: an 8 x 8 ACR platelet of a solid solution (Omega <
 * 2RT) filled uniformly (no fluctuations), 20 fixed steps per discharge; every cell does the same
 * arithmetic, so it behaves as one particle and a whole fit takes a few hundred short runs.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useGpu } from '../gpuContext.ts';
import { fitCommand } from '../../../src/cli/fit.ts';
import { writeSyntheticMeasurements } from '../../../src/cli/syntheticMeasurements.ts';

const K0 = 0.01; // A/m^2
const OMEGA = 4000; // J/mol (1.6 RT at 298 K: one phase)
const NOISE = 0.002; // V
const THEORETICAL = 170; // mAh/g, to write one curve in mAh/g
const RATES = [0.5, 2, 8];
const END = 0.9; // capacity fraction at the end of the generated discharges
const STEPS = 20;
const SAMPLES = 60; // measured points per curve

const scene = {
  name: 'fit-identifiability',
  description: 'uniform solid-solution ACR platelet for the identifiability test of spinode fit',
  units: 'SI',
  grid: { cells: [8, 8], size: [8e-9, 8e-9] },
  model: {
    freeEnergy: { kind: 'regularSolution', siteDensity: 22904, temperature: 298, omega: 5000 },
    kappa: 5e-10,
    mobility: { kind: 'diffusivity', diffusivity: 1e-14 },
    stabilizer: 0,
    reaction: { mode: 'acr', rateLaw: { kind: 'butlerVolmer', alpha: 0.5 }, exchangeCurrent: { form: 'activity', k0: 1 }, referencePotential: 3.422, thickness: 2e-8 },
  },
  initial: { kind: 'uniform', value: 0.05 },
  time: { tEnd: 1, control: { kind: 'accuracy', tolerance: 1e-3 } },
  protocol: { steps: [{ kind: 'constantCurrent', cRate: 1 }] },
  output: { fieldFrames: 0 },
};

describe('spinode fit: identifiability', () => {
  const gpu = useGpu();

  // the synthetic measurements, written once for the tests of this file
  let written: Promise<{ dir: string; fitJson: Record<string, unknown> }> | undefined;
  const synthetic = () =>
    (written ??= (async () => {
      const dir = mkdtempSync(join(tmpdir(), 'spinode-fit-'));
      const dtSet = (rate: number) => `time.control={"kind":"fixed","dt":${(END / rate) * 3600 / STEPS}}`;
      const data = RATES.map((rate, k) => {
        const file = `rate-${rate}C.csv`;
        if (k === 0) return { file, cRate: rate, columns: { voltage: 'Voltage [V]', capacity: 'Capacity [mAh/g]' }, capacityUnit: 'mAh/g', theoreticalCapacity: THEORETICAL, set: [dtSet(rate)] };
        if (k === 1) return { file, cRate: rate, columns: { voltage: 'Voltage [V]', capacity: 'SOC' }, set: [dtSet(rate)] };
        return { file, cRate: rate, columns: { voltage: 'Voltage [V]', time: 'Time [h]' }, timeUnit: 'h', set: [dtSet(rate)] };
      });
      const fitJson = {
        scene,
        parameters: [
          { name: 'k0', path: 'model.reaction.exchangeCurrent.k0', min: 1e-4, max: 1, initial: 3 * K0, scale: 'log', unit: 'A/m^2' },
          { name: 'Omega', path: 'model.freeEnergy.omega', min: 500, max: 10000, initial: OMEGA / 3, unit: 'J/mol' },
        ],
        data,
        optimiser: { kind: 'nelderMead', maxEvaluations: 80, xTolerance: 2e-3, fTolerance: 1e-6 },
      };
      const fitPath = join(dir, 'FIT.json');
      writeFileSync(fitPath, JSON.stringify(fitJson, null, 2));
      // ---- the synthetic measurements: the model at the true values, sampled at 60 points, plus noise
      await writeSyntheticMeasurements(gpu(), fitPath, { truth: [K0, OMEGA], samples: SAMPLES, capacityRange: [0.02, END - 0.02], noiseVolts: NOISE, seed: 2026 });
      return { dir, fitJson };
    })());

  it('recovers k0 and Omega within 5 % from 3x-off starts (three C-rates, 2 mV noise), with a consistent uncertainty', async () => {
    const { dir } = await synthetic();
    const fitPath = join(dir, 'FIT.json');
    // ---- the fit, as `spinode fit FIT.json --out DIR`
    const out = join(dir, 'out');
    const started = performance.now();
    expect(await fitCommand(fitPath, { out, quiet: true, gpu: gpu() })).toBe(0);
    const seconds = (performance.now() - started) / 1000;
    const result = JSON.parse(readFileSync(join(out, 'fit.json'), 'utf8'));
    const [k0, omega] = result.parameters;
    console.log(
      `fit: k0 = ${k0.value.toPrecision(5)} (true ${K0}, +- ${(k0.relativeStandardDeviation * 100).toFixed(2)} %), Omega = ${omega.value.toFixed(1)} J/mol (true ${OMEGA}, +- ${(omega.relativeStandardDeviation * 100).toFixed(2)} %), ` +
        `correlation ${result.uncertainty.correlation[0][1].toFixed(3)}, RMSE ${(result.cost.rmseVolts * 1000).toFixed(3)} mV over ${result.cost.points} points, ` +
        `${result.optimiser.evaluations} + ${result.uncertainty.evaluations} evaluations (${result.run.simulations} simulations, ${result.optimiser.reason}), ${seconds.toFixed(1)} s`,
    );
    expect(Math.abs(k0.value / K0 - 1)).toBeLessThan(0.05);
    expect(Math.abs(omega.value / OMEGA - 1)).toBeLessThan(0.05);
    expect(result.optimiser.evaluations).toBeLessThanOrEqual(80);
    // the residual is the noise: the RMSE of 2 mV Gaussian noise over ~180 points is 2 mV within ~10 %
    expect(result.cost.rmseVolts).toBeGreaterThan(0.7 * NOISE);
    expect(result.cost.rmseVolts).toBeLessThan(1.3 * NOISE);
    // the curvature's uncertainty is positive, small, and the truth lies within 3 standard deviations
    expect(result.uncertainty.positiveDefinite).toBe(true);
    expect(Math.abs(Math.log(k0.value / K0))).toBeLessThan(3 * k0.relativeStandardDeviation);
    expect(Math.abs(omega.value - OMEGA)).toBeLessThan(3 * omega.standardDeviation);
    const rho = result.uncertainty.correlation;
    expect(rho[0][1]).toBeCloseTo(rho[1][0], 12);
    expect(Math.abs(rho[0][1])).toBeLessThan(1);
    for (const png of ['curves_capacity.png', 'curves_time.png', 'cost.png']) expect(existsSync(join(out, png))).toBe(true);
    expect(result.history.length).toBe(result.optimiser.evaluations);
  }, 240_000);

  // In the ACR platelet the C-rate fixes the reaction flux per area in proportion to the thickness h
  // (dc/dt = 2 R / (h rho_s)), so the overpotential depends on k0 and h only through h / k0: the data
  // cannot separate them. The curvature at the true values must say so: a correlation of ln k0 and ln h
  // of +1 (or a Hessian that is not even positive definite).
  it('k0 and the platelet thickness, which enter only as their ratio, come out fully correlated', async () => {
    const { dir, fitJson } = await synthetic();
    const fitPath = join(dir, 'FIT-k0-thickness.json');
    const parameters = [
      { name: 'k0', path: 'model.reaction.exchangeCurrent.k0', min: 1e-4, max: 1, initial: K0, scale: 'log', unit: 'A/m^2' },
      { name: 'thickness', path: 'model.reaction.thickness', min: 2e-9, max: 2e-7, initial: 2e-8, scale: 'log', unit: 'm' },
    ];
    const set = [`model.freeEnergy.omega=${OMEGA}`];
    writeFileSync(fitPath, JSON.stringify({ ...fitJson, set, parameters, optimiser: { kind: 'nelderMead', maxEvaluations: 1 } }));
    const out = join(dir, 'out-k0-thickness');
    expect(await fitCommand(fitPath, { out, quiet: true, gpu: gpu() })).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'fit.json'), 'utf8'));
    const u = result.uncertainty;
    console.log(`k0 and thickness: Hessian ${JSON.stringify(u.hessian.map((r: number[]) => r.map((x) => Number(x.toPrecision(4)))))}, positive definite ${u.positiveDefinite}, correlation ${u.correlation[0][1]}`);
    // H = a [[1, -1], [-1, 1]]: the mixed derivative is minus the diagonal ones (to the f32 noise of the runs)
    expect(u.hessian[0][1] / Math.sqrt(u.hessian[0][0] * u.hessian[1][1])).toBeLessThan(-0.99);
    if (u.positiveDefinite) expect(u.correlation[0][1]).toBeGreaterThan(0.99);
  }, 120_000);

  // GITT: a pulse train (two 1C pulses of 6 min, each followed by 30 min of rest) compared along time. In the uniform platelet
  // the voltage during a pulse is the OCV plus the Butler-Volmer overpotential and jumps back to the OCV
  // at rest, so the pulses carry k0; Levenberg-Marquardt recovers it from a 3x-off start.
  it('GITT: k0 from a pulse train along time (Levenberg-Marquardt, 3x-off start)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spinode-fit-gitt-'));
    const pulses = { steps: [{ kind: 'constantCurrent', cRate: 1, duration: 360 }, { kind: 'rest', duration: 1800 }], cycles: 2 };
    const tEnd = 2 * 2160;
    const fitJson = {
      scene,
      set: [`model.freeEnergy.omega=${OMEGA}`, 'time.control={"kind":"fixed","dt":120}'],
      parameters: [{ name: 'k0', path: 'model.reaction.exchangeCurrent.k0', min: 1e-4, max: 1, initial: 3 * K0, scale: 'log', unit: 'A/m^2' }],
      data: [{ file: 'gitt.csv', protocol: pulses, tEnd, columns: { voltage: 'Ewe/V', time: 'time/s' } }],
      optimiser: { kind: 'levenbergMarquardt', maxEvaluations: 40, fTolerance: 1e-6 },
    };
    const fitPath = join(dir, 'FIT.json');
    writeFileSync(fitPath, JSON.stringify(fitJson, null, 2));
    await writeSyntheticMeasurements(gpu(), fitPath, { truth: [K0], samples: 300, capacityRange: [0, 0], timeRange: [30, tEnd - 150], noiseVolts: NOISE, seed: 7 });
    const out = join(dir, 'out');
    expect(await fitCommand(fitPath, { out, quiet: true, gpu: gpu() })).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'fit.json'), 'utf8'));
    const [k0] = result.parameters;
    console.log(`GITT: k0 = ${k0.value.toPrecision(5)} (true ${K0}, +- ${(k0.relativeStandardDeviation * 100).toFixed(2)} %), RMSE ${(result.cost.rmseVolts * 1000).toFixed(3)} mV over ${result.cost.points} points, ${result.optimiser.evaluations} evaluations (${result.run.simulations} simulations, ${result.optimiser.reason})`);
    expect(Math.abs(k0.value / K0 - 1)).toBeLessThan(0.05);
    expect(Math.abs(Math.log(k0.value / K0))).toBeLessThan(3 * k0.relativeStandardDeviation);
    expect(result.cost.rmseVolts).toBeLessThan(1.3 * NOISE);
    expect(existsSync(join(out, 'curves_time.png'))).toBe(true);
  }, 120_000);
});
