/**
 * Thermal coupling on the GPU (issue #11), through `spinode run` in this process: a platelet discharged
 * at 10C inside a small, poorly cooled body warms up, and the warmer kinetics (Arrhenius k0, kT) lower
 * the overpotential against an isothermal run at the same current. A solid solution (Omega = 1.5 RT)
 * with a constant exchange current fills homogeneously, so every step's voltage is known in closed form
 * at the temperature the step ran at (the `temperature` column):
 *   V = E0 - (R T ln(c/(1-c)) + Omega (1 - 2c))/F - 2 (k T/e) asinh(i / (2 k0 A(T))),
 *   A(T) = exp(-(Ea/R)(1/T - 1/T0)).
 * And (issue #25) the heated run stopped early and resumed, or ended at an earlier t_end and extended,
 * gives the uninterrupted run's rows bit for bit.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../unit/cli/cliHarness.ts';
import { readTimeseries } from '../../../src/io/timeseries.ts';
import { readRunJson } from '../../../src/io/runJson.ts';
import { platelet, T } from './electrochemScenes.ts';
import { FARADAY, GAS_CONSTANT } from '../../../src/physics/constants.ts';

const root = mkdtempSync(join(tmpdir(), 'spinode-thermal-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const EA = 50_000; // J/mol
const K0 = 0.01; // A/m^2
const OMEGA = 1.5 * GAS_CONSTANT * T;

function scene(thermal: boolean): Record<string, unknown> {
  const json = platelet({ cells: [16, 16], omegaRT: 1.5, form: 'constant', k0: K0, initial: { kind: 'uniform', value: 0.1 }, tEnd: 252, control: { kind: 'fixed', dt: 0.25 }, steps: [{ kind: 'constantCurrent', cRate: 10 }] });
  const reaction = (json.model as { reaction: { exchangeCurrent: Record<string, unknown> } }).reaction;
  reaction.exchangeCurrent.activationEnergy = EA;
  json.name = thermal ? 'heated' : 'isothermal';
  // 1 Ah of this material in 13.5 g (c_p 1000 J/(kg K)) with almost no cooling: ~0.05 K/s at 10C
  if (thermal) json.thermal = { capacity: 1, mass: 0.0135, specificHeat: 1000, volume: 1e-5, coolingArea: 1e-3, heatTransferCoefficient: 1, conductivity: 1 };
  return json;
}

async function run(thermal: boolean) {
  const file = join(root, `${thermal ? 'heated' : 'isothermal'}.json`);
  writeFileSync(file, JSON.stringify(scene(thermal)));
  const out = join(root, thermal ? 'heated' : 'isothermal');
  const r = await runCli(['run', file, '--out', out, '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  return { table: readTimeseries(readFileSync(join(out, 'timeseries.csv'), 'utf8')), runJson: await readRunJson(join(out, 'run.json')), stderr: r.stderr };
}

describe('thermal coupling of an ACR run', () => {
  it('a 10C discharge with poor cooling warms up and the warmer kinetics lower the overpotential', { timeout: 300_000 }, async () => {
    const heated = await run(true);
    const iso = await run(false);
    expect(iso.table.columns).not.toContain('temperature');
    const temperature = heated.table.column('temperature');
    const vHot = heated.table.column('voltage');
    const vIso = iso.table.column('voltage');
    const c = heated.table.column('c_mean');
    const i = heated.table.column('current');
    const n = temperature.length - 1; // the last row is the final state (no step taken)
    expect(vHot.length).toBe(vIso.length);
    const rise = temperature[n - 1] - T;
    const ocv = (x: number, kelvin: number) => 3.422 - (GAS_CONSTANT * kelvin * Math.log(x / (1 - x)) + OMEGA * (1 - 2 * x)) / FARADAY;
    const etaHot = ocv(c[n - 1], temperature[n - 1]) - vHot[n - 1];
    const etaIso = ocv(iso.table.column('c_mean')[n - 1], T) - vIso[n - 1];
    console.log(`10C, ${n} steps: T rose ${rise.toFixed(2)} K; overpotential at the end ${(1000 * etaHot).toFixed(2)} mV heated vs ${(1000 * etaIso).toFixed(2)} mV isothermal`);
    expect(rise).toBeGreaterThan(5);
    expect(etaHot).toBeLessThan(etaIso - 0.01);
    // the temperature column never falls (heating only) and starts at ambient
    expect(temperature[0]).toBe(T);
    for (let k = 1; k <= n; k++) expect(temperature[k]).toBeGreaterThanOrEqual(temperature[k - 1]);
    // every step's voltage is the Butler-Volmer answer at the temperature the step ran at: checked as the
    // difference to the isothermal run at the same step (same current and dt, so the same c), which
    // cancels the f32 offset both runs share (~0.5 mV against the float64 formula at this state)
    const cIso = iso.table.column('c_mean');
    const closedForm = (x: number, current: number, kelvin: number) => {
      const a = Math.exp(-(EA / GAS_CONSTANT) * (1 / kelvin - 1 / T));
      return ocv(x, kelvin) - 2 * ((GAS_CONSTANT * kelvin) / FARADAY) * Math.asinh(current / (2 * K0 * a));
    };
    let worst = 0;
    for (let k = 0; k < n; k++) {
      expect(Math.abs(c[k] - cIso[k])).toBeLessThan(1e-5);
      const predicted = closedForm(c[k], i[k], temperature[k]) - closedForm(cIso[k], i[k], T);
      worst = Math.max(worst, Math.abs(vHot[k] - vIso[k] - predicted));
    }
    console.log(`largest deviation of V(heated) - V(isothermal) from the closed form: ${(1e6 * worst).toFixed(1)} uV`);
    expect(worst).toBeLessThan(1e-4); // against a change of ~36 mV
    // run.json: the thermal report with the Biot number; the ledger balances
    const report = (heated.runJson.electrochemistry as { thermal: { biot: { value: number }; warnings: string[]; finalTemperature: number; ledger: { generated: number; stored: number; removed: number } } }).thermal;
    expect(report.biot.value).toBeCloseTo((1 * (1e-5 / 1e-3)) / 1, 12);
    expect(report.warnings).toEqual([]);
    expect(report.finalTemperature).toBeGreaterThanOrEqual(temperature[n]);
    expect(Math.abs(report.ledger.generated - report.ledger.stored - report.ledger.removed)).toBeLessThan(1e-6 * report.ledger.generated);
    expect(heated.stderr).toMatch(/thermal: 298\.00 K -> /);

    // issue #25: the same heated run ended at t = 100 s, then extended to 252 s with --resume, and one
    // stopped by --until-step 333 and resumed: both give the uninterrupted run's rows (temperatures too) bit for bit
    const file = join(root, 'heated.json');
    const whole = readFileSync(join(root, 'heated', 'timeseries.csv'), 'utf8');
    for (const [name, first] of [['extended', ['--t-end', '100']], ['stopped', ['--until-step', '333']]] as const) {
      const out = join(root, name);
      const a = await runCli(['run', file, '--out', out, '--quiet', ...first]);
      expect(a.code, a.stderr).toBe(0);
      const b = await runCli(['run', file, '--resume', out, '--quiet']);
      expect(b.code, b.stderr).toBe(0);
      expect(readFileSync(join(out, 'timeseries.csv'), 'utf8'), name).toBe(whole);
    }
  });
});
