/**
 * Voltage hysteresis of a cycled CHR particle with stress on against off (issue 19): runs a cycling scene
 * three times, (a) as it is (elasticity, stress-coupled kinetics), (b) with model.reaction.
 * stressCoupledKinetics false (mu_el in the diffusion only), (c) without model.elasticity, and prints per
 * cycle the mean and largest gap V_charge - V_discharge at equal capacity (src/analysis/voltageHysteresis.ts)
 * and the mean voltage of each branch. `--dims 2` runs the scene's 2D section (a cylinder in plane strain,
 * `--cells` per axis over the same box), which lavapipe runs in a fraction of the 3D time.
 *
 *   npx tsx scripts/chr-stress-hysteresis.ts --scene scenes/nmc811-in-llzo-cycling.json --dims 2 --cells 48 --out /tmp/hysteresis
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readTimeseries } from '../src/io/timeseries.ts';
import { voltageHysteresis, type VoltageSample } from '../src/analysis/voltageHysteresis.ts';

const { values } = parseArgs({
  options: {
    scene: { type: 'string', default: 'scenes/nmc811-in-llzo-cycling.json' },
    dims: { type: 'string' },
    cells: { type: 'string' },
    out: { type: 'string', default: '/tmp/chr-stress-hysteresis' },
  },
});
const base = JSON.parse(readFileSync(values.scene!, 'utf8')) as Record<string, any>;
if (values.dims === '2') {
  const n = Number(values.cells ?? base.grid.cells[0]);
  base.grid = { cells: [n, n], size: base.grid.size.slice(0, 2) };
} else if (values.cells) base.grid.cells = base.grid.cells.map(() => Number(values.cells));
mkdirSync(values.out!, { recursive: true });

const variants: [string, (s: Record<string, any>) => void][] = [
  ['stress, coupled kinetics', () => undefined],
  ['stress, kinetics without mu_el', (s) => (s.model.reaction.stressCoupledKinetics = false)],
  ['no elasticity', (s) => delete s.model.elasticity],
];
console.log(`${base.name} ${base.grid.cells.join('x')}`);
console.log('| variant | cycle | capacity range | mean gap [mV] | largest gap [mV] | mean V charge / discharge [V] |');
console.log('|---|---|---|---|---|---|');
for (const [k, [name, change]] of variants.entries()) {
  const scene = structuredClone(base);
  change(scene);
  scene.name = `${base.name}-variant-${k}`;
  const file = join(values.out!, `${scene.name}.json`);
  const out = join(values.out!, scene.name);
  writeFileSync(file, JSON.stringify(scene));
  execFileSync('./bin/spinode', ['run', file, '--out', out, '--quiet'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const table = readTimeseries(readFileSync(join(out, 'timeseries.csv'), 'utf8'));
  const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
  const switches = run.electrochemistry.switches as { time: number; cycle: number }[];
  const [time, capacity, voltage, current] = ['time', 'capacity', 'voltage', 'current'].map((c) => table.column(c));
  const cycles = Math.max(...switches.map((s) => s.cycle)) + 1;
  for (let cycle = 0; cycle < cycles; cycle++) {
    const start = switches.find((s) => s.cycle === cycle)!.time;
    const next = switches.find((s) => s.cycle === cycle + 1)?.time ?? Infinity;
    const samples: VoltageSample[] = [];
    for (let i = 0; i < time.length; i++) if (time[i] >= start && time[i] < next) samples.push({ capacity: capacity[i], voltage: voltage[i], current: current[i] });
    const mean = (sign: number) => {
      const v = samples.filter((s) => Math.sign(s.current) === sign).map((s) => s.voltage);
      return v.reduce((a, b) => a + b, 0) / v.length;
    };
    try {
      const h = voltageHysteresis(samples);
      console.log(`| ${name} | ${cycle + 1} | ${h.from.toFixed(3)} .. ${h.to.toFixed(3)} | ${(h.mean * 1e3).toFixed(2)} | ${(h.max * 1e3).toFixed(2)} | ${mean(-1).toFixed(4)} / ${mean(1).toFixed(4)} |`);
    } catch (e) {
      console.log(`| ${name} | ${cycle + 1} | (${(e as Error).message}) | | | |`);
    }
  }
}
