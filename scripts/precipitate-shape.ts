/**
 * Size and shape of the precipitate in the last field frame of a 2D run (elastic-precipitate scenes),
 * with the elastic solver's figures from timeseries.csv / the history:
 *
 *   ./bin/spinode run elastic-precipitate --out runs/ep
 *   npx tsx scripts/precipitate-shape.ts runs/ep
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseVti } from '../src/io/vti.ts';
import { precipitateShape } from '../src/analysis/precipitateShape.ts';

const runDir = process.argv[2];
if (!runDir) {
  process.stderr.write('usage: npx tsx scripts/precipitate-shape.ts RUN_DIR\n');
  process.exit(2);
}
const frames = readdirSync(join(runDir, 'fields')).filter((f) => f.endsWith('.vti')).sort();
for (const frame of [frames[0], frames[frames.length - 1]]) {
  const vti = parseVti(readFileSync(join(runDir, 'fields', frame)));
  const c = vti.arrays.get('c');
  if (!c) throw new Error(`${frame} has no c array`);
  const s = precipitateShape(c, vti.dimensions.slice(0, 2), vti.spacing.slice(0, 2));
  process.stdout.write(
    `${frame}: t = ${vti.fieldData.get('TimeValue')?.[0]}  area ${s.area.toPrecision(5)}  equivalent radius ${s.equivalentRadius.toPrecision(4)}  ` +
      `aspect ratio ${s.aspectRatio.toFixed(3)} (long axis ${((s.angle * 180) / Math.PI).toFixed(1)} deg)  squareness ${s.squareness.toFixed(3)}\n`,
  );
}
