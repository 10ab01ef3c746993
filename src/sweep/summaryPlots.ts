/**
 * The plots of a sweep's `collect`: each quantity against each swept parameter, one PNG each
 * (plots/<quantity>_vs_<parameter>.png), one marker per sample that ended "done". A parameter sampled
 * on a log scale gets a log axis. Rendered by src/io/linePlot.ts (Vega-Lite -> SVG -> PNG, no browser).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderLinePlotPng } from '../io/linePlot.ts';
import type { SummaryTable } from './summary.ts';

/** A scene path as a file-name part: "protocol.steps[0].cRate" -> "protocol.steps-0-.cRate". */
export function pathFileName(path: string): string {
  return path.replace(/[^A-Za-z0-9._-]/g, '-');
}

/** Write the plots; returns their paths. Pairs without two finite points are skipped. */
export async function writeSummaryPlots(dir: string, title: string, parameters: readonly string[], logParameters: readonly string[], table: SummaryTable): Promise<string[]> {
  const status = table.header.indexOf('status');
  const done = table.rows.filter((r) => r[status] === 'done');
  const written: string[] = [];
  const plotsDir = join(dir, 'plots');
  for (const q of table.quantities) {
    const qk = table.header.indexOf(q);
    for (const p of parameters) {
      const pk = table.header.indexOf(p);
      const points = done.map((r) => [r[pk], r[qk]] as const).filter((xy): xy is readonly [number, number] => typeof xy[0] === 'number' && typeof xy[1] === 'number' && Number.isFinite(xy[0]) && Number.isFinite(xy[1]));
      if (points.length < 2) continue;
      const png = await renderLinePlotPng({
        title: `${title}: ${q}`,
        x: { label: p, log: logParameters.includes(p) },
        y: { label: q, log: false },
        series: [{ name: `${points.length} samples`, points, markers: true }],
      });
      mkdirSync(plotsDir, { recursive: true });
      const file = join(plotsDir, `${q}_vs_${pathFileName(p)}.png`);
      writeFileSync(file, png);
      written.push(file);
    }
  }
  return written;
}
