/**
 * Line plots as PNG for headless runs and validation reports: a Vega-Lite spec rendered to SVG by
 * Vega (no browser or canvas needed) and rasterised by resvg. Node only.
 */
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import { Resvg } from '@resvg/resvg-js';

export interface PlotSeries {
  name: string;
  points: readonly (readonly [number, number])[];
  /** draw points instead of a line (e.g. sparse reference data) */
  markers?: boolean;
  /** dashed line */
  dashed?: boolean;
}

export interface LinePlot {
  title: string;
  x: { label: string; log?: boolean };
  y: { label: string; log?: boolean };
  series: PlotSeries[];
  width?: number;
  height?: number;
}

export async function renderLinePlotSvg(plot: LinePlot): Promise<string> {
  const rows = plot.series.flatMap((s) =>
    s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!plot.x.log || x > 0) && (!plot.y.log || y > 0)).map(([x, y], order) => ({ series: s.name, x, y, order })),
  );
  const scale = (log?: boolean) => (log ? { type: 'log' as const } : { zero: false });
  const encoding = {
    x: { field: 'x', type: 'quantitative' as const, title: plot.x.label, scale: scale(plot.x.log) },
    y: { field: 'y', type: 'quantitative' as const, title: plot.y.label, scale: scale(plot.y.log) },
    color: { field: 'series', type: 'nominal' as const, title: null, sort: plot.series.map((s) => s.name) },
    // lines join the points in the order given (Vega-Lite sorts by x otherwise, which zigzags a voltage
    // curve that goes back over itself in charge/discharge cycles)
    order: { field: 'order', type: 'quantitative' as const },
  };
  const layer = plot.series.map((s) => ({
    transform: [{ filter: { field: 'series', equal: s.name } }],
    mark: s.markers ? { type: 'point' as const, filled: true, size: 30 } : { type: 'line' as const, strokeWidth: 2, strokeDash: s.dashed ? [6, 4] : [] },
    encoding,
  }));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: plot.title,
    width: plot.width ?? 640,
    height: plot.height ?? 400,
    background: 'white',
    data: { values: rows },
    layer,
    config: { font: 'DejaVu Sans', legend: { orient: 'top-right' as const } },
  };
  const compiled = vegaLite.compile(spec as unknown as vegaLite.TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

export async function renderLinePlotPng(plot: LinePlot): Promise<Uint8Array> {
  const svg = await renderLinePlotSvg(plot);
  const png = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, fitTo: { mode: 'zoom', value: 1.5 } }).render().asPng();
  return new Uint8Array(png);
}
