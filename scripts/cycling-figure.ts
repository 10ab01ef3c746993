/**
 * One picture of a cycled particle (issue 19's closing figure): a field snapshot of a run (by default the
 * sigma_1 picture at a frame) beside the run's voltage curve, with the frame's state marked on the curve.
 * Built from what `spinode run` wrote (snapshots/NNNNNNNN_sigma_1.png, timeseries.csv) as one Vega-Lite
 * figure (the PNG as an image mark) rendered by resvg, the project's plot path (src/io/linePlot.ts).
 *
 *   npx tsx scripts/cycling-figure.ts --run /tmp/run --step 60 [--field sigma_1] --out figure.png
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import { Resvg } from '@resvg/resvg-js';
import { readTimeseries } from '../src/io/timeseries.ts';
import { outputLayout } from '../src/io/outputLayout.ts';

const { values } = parseArgs({ options: { run: { type: 'string' }, step: { type: 'string' }, field: { type: 'string', default: 'sigma_1' }, out: { type: 'string' }, title: { type: 'string' } } });
if (!values.run || !values.step || !values.out) throw new Error('usage: --run DIR --step N --out FILE.png [--field sigma_1] [--title TEXT]');
const step = Number(values.step);
const layout = outputLayout(values.run);
const snapshot = layout.snapshotFile(step).replace(/\.png$/, values.field === 'c' ? '.png' : `_${values.field}.png`);
const image = `data:image/png;base64,${readFileSync(snapshot).toString('base64')}`;
const table = readTimeseries(readFileSync(join(values.run, 'timeseries.csv'), 'utf8'));
const [steps, capacity, voltage] = ['step', 'capacity', 'voltage'].map((c) => table.column(c));
// the final record has no step taken from it (voltage of no step): left out, as in voltage.png
const curve = Array.from(capacity.slice(0, -1), (q, i) => ({ q, v: voltage[i], order: i }));
const at = steps.indexOf(step);
if (at < 0) throw new Error(`timeseries.csv has no row for step ${step}`);
const marker = [{ q: capacity[at], v: voltage[at === steps.length - 1 ? at - 1 : at] }];
const size = 360;
const spec = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  title: values.title ?? `${values.run.split('/').pop()}: ${values.field} at step ${step} (capacity ${capacity[at].toFixed(3)})`,
  background: 'white',
  config: { font: 'DejaVu Sans', view: { stroke: null } },
  hconcat: [
    {
      width: size,
      height: size,
      data: { values: [{ x: 0.5, y: 0.5, url: image }] },
      mark: { type: 'image', width: size, height: size },
      encoding: {
        x: { field: 'x', type: 'quantitative', scale: { domain: [0, 1] }, axis: null },
        y: { field: 'y', type: 'quantitative', scale: { domain: [0, 1] }, axis: null },
        url: { field: 'url', type: 'nominal' },
      },
    },
    {
      width: 440,
      height: size,
      layer: [
        {
          data: { values: curve },
          mark: { type: 'line', strokeWidth: 2 },
          encoding: {
            x: { field: 'q', type: 'quantitative', title: 'capacity [fraction of sites]', scale: { zero: false } },
            y: { field: 'v', type: 'quantitative', title: 'voltage [V vs Li/Li+]', scale: { zero: false } },
            order: { field: 'order', type: 'quantitative' },
          },
        },
        {
          data: { values: marker },
          mark: { type: 'point', filled: true, size: 120, color: '#d62728' },
          encoding: { x: { field: 'q', type: 'quantitative' }, y: { field: 'v', type: 'quantitative' } },
        },
      ],
    },
  ],
};
const compiled = vegaLite.compile(spec as unknown as vegaLite.TopLevelSpec).spec;
const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
const svg = await view.toSVG();
view.finalize();
writeFileSync(values.out, new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, fitTo: { mode: 'zoom', value: 1.5 } }).render().asPng());
console.log(`wrote ${values.out}`);
