/**
 * The bundled real-data fit (fits/enertech-ai2020.json, data/README.md): FIT.json validates, its scene is
 * valid for every curve at the starting values, the four PyBaMM files load as shipped (headerless, tab-
 * separated, CRLF) with their row counts, seconds at 1 s spacing and a full-cell voltage window, the
 * particle can hold every discharge, and a damaged copy of a file gets the exact error. No GPU.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/cliHarness.ts';
import { baseScene, curveScene, loadFitCurves, readFitFile } from '../../../src/cli/fit.ts';
import { ParameterSpace } from '../../../src/fit/parameterSpace.ts';
import { resolveScene } from '../../../src/scene/resolve.ts';

const fitPath = resolve('fits/enertech-ai2020.json');
const fitDir = dirname(fitPath);

describe('bundled fit: Enertech LCO/graphite cell (PyBaMM data)', () => {
  const fit = readFitFile(fitPath);
  const curves = loadFitCurves(fit, fitDir);

  it('loads the four discharges as shipped: rows, seconds at 1 s spacing from 0, volts from 4.18 to the 3.0 V cut-off', () => {
    expect(curves.map((c) => c.label)).toEqual(['0.1C', '0.5C', '1C', '2C']);
    expect(curves.map((c) => c.measured.x.length)).toEqual([36880, 7310, 3615, 1773]);
    for (const { measured } of curves) {
      expect(measured.axis).toBe('time');
      expect(measured.x[0]).toBe(0);
      // time in s: every row one second after the previous (monotone by construction of the loader, and in s not h)
      expect(measured.x.every((t, i) => i === 0 || t - measured.x[i - 1] === 1)).toBe(true);
      expect(measured.voltage[0]).toBeCloseTo(4.181, 3);
      expect(measured.voltage.at(-1)!).toBeGreaterThan(2.98);
      expect(measured.voltage.at(-1)!).toBeLessThan(3.0);
      expect(Math.max(...measured.voltage)).toBeLessThan(4.2);
    }
  });

  it('every curve runs the particle at 0.94 x the cell C-rate, and the particle holds the whole discharge (x0 + passed charge < 1 at the largest x0)', () => {
    const cellRate = [0.1, 0.5, 1, 2];
    const x0 = fit.parameters.find((p) => p.path === 'initial.value')!;
    fit.data.forEach((d, k) => {
      const step = d.protocol!.steps[0] as { kind: string; cRate: number };
      expect(step.cRate).toBeCloseTo(0.94 * cellRate[k], 12);
      const passed = (step.cRate * curves[k].measured.x.at(-1)!) / 3600; // fraction of the sites
      // the cell passes 100 to 103 % of its nominal capacity before the cut-off
      expect((cellRate[k] * curves[k].measured.x.at(-1)!) / 3600).toBeGreaterThan(0.98);
      expect(x0.max + passed).toBeLessThan(1);
    });
  });

  it('the scene is valid for every curve at the starting values and at the bounds', () => {
    const { json: base } = baseScene(fit, fitDir);
    const space = new ParameterSpace(fit.parameters);
    for (const values of [space.parameters.map((p) => p.initial), space.parameters.map((p) => p.min), space.parameters.map((p) => p.max)]) {
      fit.data.forEach((d, k) => {
        const spec = resolveScene(curveScene(base, fit, space, d, curves[k].measured, values));
        expect(spec.scene.time.tEnd).toBe(curves[k].measured.x.at(-1));
      });
    }
  });

  it('a damaged copy gets the exact error: file, line, column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spinode-bundled-fit-'));
    const rows = readFileSync(join(fitDir, fit.data[3].file), 'utf8').split('\r\n');
    [rows[100], rows[101]] = [rows[101], rows[100]]; // file lines 101 and 102 (times 100 and 101) swapped
    writeFileSync(join(dir, '2C_discharge_U.txt'), rows.join('\r\n'));
    for (const f of ['0.1C', '0.5C', '1C']) copyFileSync(join(fitDir, `../data/enertech-ai2020/${f}_discharge_U.txt`), join(dir, `${f}_discharge_U.txt`));
    const json = JSON.parse(readFileSync(fitPath, 'utf8'));
    json.data.forEach((d: { file: string }) => (d.file = d.file.replace('../data/enertech-ai2020/', '')));
    writeFileSync(join(dir, 'FIT.json'), JSON.stringify(json));
    const swapped = await runCli(['fit', join(dir, 'FIT.json')]);
    expect(swapped.code).toBe(2);
    expect(swapped.stderr).toBe('spinode: data[3]: 2C_discharge_U.txt, line 102, column 1: time 100 does not grow (line 101 has 101); one file holds one monotone record (time increasing)\n');
    json.data[0].columns = { time: 'Time [s]', voltage: 2 };
    writeFileSync(join(dir, 'FIT.json'), JSON.stringify(json));
    const named = await runCli(['fit', join(dir, 'FIT.json')]);
    expect(named.code).toBe(2);
    expect(named.stderr).toBe(`spinode: ${join(dir, 'FIT.json')}: invalid fit:\n  data[0].columns.time: "Time [s]": a file without a header line ("header": false) has no column names; give the column's number (from 1)\n`);
  });
});
