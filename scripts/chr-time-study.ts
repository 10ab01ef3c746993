/**
 * Time-step study of a reaction scene's discharge, by default `lfp-particle-chr` (`--scene NAME` for
 * another; issue 17, docs/electrochemistry.md "Time-step convergence of a CHR particle"): runs the bundled scene through `spinode run` (one run at a time, each
 * run's output kept in OUT/<integrator>-g<growthPerStep>[-t<tolerance>], an existing run reused) for each
 * (integrator, time.control.growthPerStep[, time.control.tolerance]) given, then compares the voltage curves on a common time grid, each run
 * against every finer run of the list (max and RMS |dV|, where the largest is), with the steps and the
 * wall time of each run.
 *
 *   nice -n 10 npx tsx scripts/chr-time-study.ts --out /tmp/chr-study \
 *     --run semiImplicitHeun:0.2:1e-4 --run semiImplicitHeun:0.1:2.5e-5 --run semiImplicitEuler:0.05 [--compare-only]
 *
 * Runs are ordered from coarse to fine as given; a plain `--run DIR` compares an existing run folder.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: '/tmp/chr-study' },
    run: { type: 'string', multiple: true, default: [] },
    'compare-only': { type: 'boolean', default: false },
    grid: { type: 'string', default: '2000' },
    scene: { type: 'string', default: 'lfp-particle-chr' },
  },
});

interface Curve {
  label: string;
  time: number[];
  voltage: number[];
  steps: number;
  wallSeconds: number;
}

function runFolder(spec: string): { label: string; dir: string; args: string[] } {
  if (!spec.includes(':')) return { label: spec, dir: spec, args: [] };
  const [integrator, growth, tolerance] = spec.split(':');
  const dir = join(values.out!, `${integrator}-g${growth}${tolerance ? `-t${tolerance}` : ''}`);
  const args = ['--set', `time.integrator="${integrator}"`, '--set', `time.control.growthPerStep=${growth}`, ...(tolerance ? ['--set', `time.control.tolerance=${tolerance}`] : [])];
  return { label: `${integrator} g=${growth}${tolerance ? ` tol=${tolerance}` : ''}`, dir, args };
}

function readCurve(label: string, dir: string): Curve {
  const lines = readFileSync(join(dir, 'timeseries.csv'), 'utf8').trim().split('\n');
  const head = lines[0].split(',');
  const it = head.indexOf('time');
  const iv = head.indexOf('voltage');
  const rows = lines.slice(1).map((l) => l.split(',').map(Number));
  const wallFile = join(dir, 'wall-seconds.txt');
  return {
    label,
    time: rows.map((r) => r[it]),
    voltage: rows.map((r) => r[iv]),
    steps: rows[rows.length - 1][head.indexOf('step')],
    wallSeconds: existsSync(wallFile) ? Number(readFileSync(wallFile, 'utf8')) : NaN,
  };
}

/** Linear interpolation of (x, y) at t (x increasing). */
function interpolate(x: number[], y: number[], t: number): number {
  let lo = 0;
  let hi = x.length - 1;
  if (t <= x[0]) return y[0];
  if (t >= x[hi]) return y[hi];
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= t) lo = mid;
    else hi = mid;
  }
  return y[lo] + ((y[hi] - y[lo]) * (t - x[lo])) / (x[hi] - x[lo]);
}

const curves: Curve[] = [];
for (const spec of values.run!) {
  const { label, dir, args } = runFolder(spec);
  if (!existsSync(join(dir, 'timeseries.csv')) && !values['compare-only'] && args.length > 0) {
    const start = performance.now();
    const r = spawnSync('./bin/spinode', ['run', values.scene!, '--out', dir, '--quiet', ...args], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`${label}: spinode run failed (${r.status})`);
    writeFileSync(join(dir, 'wall-seconds.txt'), String((performance.now() - start) / 1000));
  }
  if (existsSync(join(dir, 'timeseries.csv'))) curves.push(readCurve(label, dir));
}

// compare on a common time grid inside the discharge (to the earliest end of the runs)
const tEnd = Math.min(...curves.map((c) => c.time[c.time.length - 1]));
const n = Number(values.grid);
const grid = Array.from({ length: n }, (_, i) => 10 + ((tEnd - 20) * i) / (n - 1));
console.log('| run | steps | wall s |');
console.log('|---|---|---|');
for (const c of curves) console.log(`| ${c.label} | ${c.steps} | ${c.wallSeconds.toFixed(0)} |`);
console.log('\n| run | against | max / RMS |dV| [mV] | at t [s] |');
console.log('|---|---|---|---|');
for (let i = 0; i < curves.length; i++) {
  for (let j = i + 1; j < curves.length; j++) {
    const a = curves[i];
    const b = curves[j];
    let max = 0;
    let at = 0;
    let sum = 0;
    for (const t of grid) {
      const d = interpolate(a.time, a.voltage, t) - interpolate(b.time, b.voltage, t);
      sum += d * d;
      if (Math.abs(d) > max) {
        max = Math.abs(d);
        at = t;
      }
    }
    console.log(`| ${a.label} | ${b.label} | ${(1000 * max).toFixed(2)} / ${(1000 * Math.sqrt(sum / n)).toFixed(2)} | ${at.toFixed(0)} |`);
  }
}
