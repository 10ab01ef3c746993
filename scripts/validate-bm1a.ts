/**
 * PFHub benchmark 1a validation: compare a run's free-energy curve with the seven published codes
 * (test/reference/pfhub/, sources in its README) at t = 1, 10, 100, 1e3, 1e4, print the table and plot
 * the curves (PNG).
 *
 *   ./bin/spinode run pfhub-bm1a --t-end 10000 --out runs/bm1a
 *   npx tsx scripts/validate-bm1a.ts runs/bm1a          # writes runs/bm1a/bm1a-validation.png
 *
 * Exit code 0 when every checked time lies inside the band (edges widened by 5%), 1 otherwise.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkBand } from '../src/analysis/referenceCurves.ts';
import { renderLinePlotPng } from '../src/io/linePlot.ts';
import { BM1A_CHECK_TIMES as CHECK_TIMES, loadPfhubBm1a as loadPfhubReferences } from '../test/reference/pfhub/load.ts';

function readFreeEnergyCurve(runDir: string): [number, number][] {
  const [header, ...rows] = readFileSync(join(runDir, 'timeseries.csv'), 'utf8').trim().split('\n');
  const cols = header.split(',');
  const ti = cols.indexOf('time');
  const fi = cols.indexOf('free_energy');
  if (ti < 0 || fi < 0) throw new Error(`${runDir}/timeseries.csv has no time/free_energy columns`);
  return rows.map((r) => r.split(',')).map((c) => [Number(c[ti]), Number(c[fi])] as [number, number]);
}

async function main(): Promise<number> {
  const runDir = process.argv[2];
  if (!runDir) {
    process.stderr.write('usage: npx tsx scripts/validate-bm1a.ts RUN_DIR   (a folder written by `spinode run pfhub-bm1a`)\n');
    return 2;
  }
  const curve = readFreeEnergyCurve(runDir);
  const references = loadPfhubReferences();
  const checks = checkBand(curve, references, CHECK_TIMES);
  const steps = curve.length - 1;
  const lines = ['| t | Spinode F | published min | published max | band (+-5%) | inside |', '|---|---|---|---|---|---|'];
  for (const c of checks) {
    lines.push(
      `| ${c.time} | ${c.value?.toFixed(2) ?? 'n/a'} | ${c.lowest.toFixed(2)} | ${c.highest.toFixed(2)} | ${c.lower.toFixed(1)} .. ${c.upper.toFixed(1)} | ${c.inside ? 'yes' : 'NO'} |`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\nrows in timeseries.csv: ${curve.length} (steps taken: ${steps}), final t = ${curve.at(-1)?.[0]}\n`);
  const png = await renderLinePlotPng({
    title: 'PFHub benchmark 1a: total free energy',
    x: { label: 'time', log: true },
    y: { label: 'free energy', log: true },
    series: [
      ...references.map((r) => ({ name: r.name, points: r.points, dashed: true })),
      { name: 'Spinode', points: curve },
      ...[{ name: 'Spinode (checked times)', points: checks.filter((c) => c.value !== undefined).map((c) => [c.time, c.value!] as [number, number]), markers: true }],
    ],
  });
  const out = join(runDir, 'bm1a-validation.png');
  writeFileSync(out, png);
  process.stdout.write(`plot: ${out}\n`);
  return checks.every((c) => c.inside) ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main();
