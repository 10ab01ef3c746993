/**
 * PFHub benchmark 4 figures of a run (scenes pfhub-bm4a/c/e/g), as the benchmark asks for them:
 *   a10, a01  distance from the precipitate's centre to the eta = 0.5 contour along x ([10]) and y ([01]),
 *             each the mean of the two opposite rays
 *   a_d       the same along the diagonal at theta_d, tan(theta_d) = a01 / a10 (mean of the four rays)
 *   area      inside the eta = 0.5 contour (cells weighted by their covered fraction), and the benchmark's
 *             "area" integral of eta dV (which also counts the matrix's eta)
 *   F_tot, F_el, F_grad  from the row of timeseries.csv at that frame's time (free_energy, elastic_energy,
 *             gradient_energy), in the scene's energy unit: aJ per nm of depth for these 2D scenes
 * for every field frame, then the change over the last decade of time (the equilibrium check of
 * docs/elasticity.md, "PFHub benchmark 4"):
 *
 *   ./bin/spinode run pfhub-bm4a --out runs/bm4a
 *   npx tsx scripts/bm4-shape.ts runs/bm4a
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseVti } from '../src/io/vti.ts';
import { readTimeseries } from '../src/io/timeseries.ts';
import { contourRadius, precipitateCentre, precipitateShape } from '../src/analysis/precipitateShape.ts';

const runDir = process.argv[2];
if (!runDir) {
  process.stderr.write('usage: npx tsx scripts/bm4-shape.ts RUN_DIR\n');
  process.exit(2);
}

const table = readTimeseries(readFileSync(join(runDir, 'timeseries.csv'), 'utf8'));
const column = (name: string) => {
  const k = table.columns.indexOf(name);
  if (k < 0) throw new Error(`${runDir}/timeseries.csv has no column "${name}" (written with elasticity since the gradient_energy column was added)`);
  return k;
};
const [kTime, kF, kEl, kGrad] = ['time', 'free_energy', 'elastic_energy', 'gradient_energy'].map(column);
/** the timeseries row closest in time to t */
const rowAt = (t: number) => table.rows.reduce((best, r) => (Math.abs(r[kTime] - t) < Math.abs(best[kTime] - t) ? r : best));

interface Figures {
  time: number;
  a10: number;
  a01: number;
  ad: number;
  area: number;
  etaIntegral: number;
  fTot: number;
  fEl: number;
  fGrad: number;
}

function figures(file: string): Figures {
  const vti = parseVti(readFileSync(join(runDir, 'fields', file)));
  const eta = vti.arrays.get('c');
  if (!eta) throw new Error(`${file} has no c (eta) array`);
  const shape = vti.dimensions.slice(0, 2);
  const spacing = vti.spacing.slice(0, 2);
  const centre = precipitateCentre(eta, shape);
  const ray = (angle: number) => contourRadius(eta, shape, spacing, centre, angle);
  const a10 = (ray(0) + ray(Math.PI)) / 2;
  const a01 = (ray(Math.PI / 2) + ray((3 * Math.PI) / 2)) / 2;
  const theta = Math.atan2(a01, a10);
  const ad = (ray(theta) + ray(Math.PI - theta) + ray(Math.PI + theta) + ray(-theta)) / 4;
  let sum = 0;
  for (let i = 0; i < eta.length; i++) sum += eta[i];
  const time = vti.fieldData.get('TimeValue')?.[0] ?? NaN;
  const row = rowAt(time);
  return {
    time,
    a10,
    a01,
    ad,
    area: precipitateShape(eta, shape, spacing).area,
    etaIntegral: sum * spacing[0] * spacing[1],
    fTot: row[kF],
    fEl: row[kEl],
    fGrad: row[kGrad],
  };
}

const frames = readdirSync(join(runDir, 'fields'))
  .filter((f) => f.endsWith('.vti'))
  .sort();
const all = frames.map(figures);
const fmt = (x: number, digits = 4) => x.toFixed(digits);
process.stdout.write('time,a10,a01,a_d,area_contour,area_eta_integral,F_tot,F_el,F_grad\n');
for (const f of all) {
  process.stdout.write(
    [f.time.toPrecision(6), fmt(f.a10), fmt(f.a01), fmt(f.ad), fmt(f.area, 1), fmt(f.etaIntegral, 1), f.fTot.toPrecision(7), f.fEl.toPrecision(7), f.fGrad.toPrecision(7)].join(',') + '\n',
  );
}
// Equilibrium check (the benchmark's): over the last decade of time F changes by less than 1e-3 of itself
// and each of a10, a01, a_d by less than 0.1 nm. `spinode run` lands a frame on tEnd / 10 (its frame
// times, log-spaced over three decades, include it when output.fieldFrames is 1 + 3k); the frame nearest
// it is used, and said when it is not on it.
const last = all[all.length - 1];
const target = last.time / 10;
const earlier = all.filter((f) => f.time > 0 && f.time < last.time);
if (earlier.length === 0) {
  // a run that has written only its start (or one frame after it) has no decade to compare
  process.stdout.write(`equilibrium by the benchmark's criterion: undecided (no frame between t = 0 and the last, t = ${last.time.toPrecision(4)})\n`);
  process.exit(0);
}
const decade = earlier.reduce((best, f) => (Math.abs(Math.log(f.time / target)) < Math.abs(Math.log(best.time / target)) ? f : best));
const fullDecade = Math.abs(decade.time / target - 1) <= 1e-3;
if (!fullDecade) {
  process.stdout.write(`note: no frame at t = ${target.toPrecision(4)}; the change below is over t = ${decade.time.toPrecision(4)} .. ${last.time.toPrecision(4)}, not a decade\n`);
}
const relF = Math.abs(last.fTot - decade.fTot) / Math.abs(last.fTot);
const lengths = [
  ['a10', decade.a10, last.a10],
  ['a01', decade.a01, last.a01],
  ['a_d', decade.ad, last.ad],
] as const;
const shift = Math.max(...lengths.map(([, a, b]) => Math.abs(b - a)));
process.stdout.write(`over t = ${decade.time.toPrecision(4)} .. ${last.time.toPrecision(4)}:\n`);
process.stdout.write(`  F_tot ${decade.fTot.toPrecision(8)} -> ${last.fTot.toPrecision(8)}: |dF|/F = ${relF.toExponential(2)} (criterion < 1e-3: ${relF < 1e-3 ? 'met' : 'NOT met'})\n`);
for (const [name, a, b] of lengths) {
  process.stdout.write(`  ${name} ${a.toFixed(4)} -> ${b.toFixed(4)}: change ${(b - a).toFixed(4)} (criterion |change| < 0.1: ${Math.abs(b - a) < 0.1 ? 'met' : 'NOT met'})\n`);
}
const verdict = relF < 1e-3 && shift < 0.1 ? (fullDecade ? 'yes' : 'undecided (the changes are within the criterion, but not over a decade)') : 'no';
process.stdout.write(`equilibrium by the benchmark's criterion: ${verdict} (largest change of a10, a01, a_d = ${shift.toFixed(4)})\n`);
