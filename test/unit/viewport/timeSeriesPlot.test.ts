import { describe, expect, it } from 'vitest';
import { TimeSeriesPlot } from '../../../src/viewport/timeSeriesPlot.ts';

/** A canvas whose 2D context records the arcs drawn (the marker is the only arc of 4 px radius). */
function recordingCanvas() {
  const arcs: [number, number, number][] = [];
  const context = new Proxy(
    { arc: (x: number, y: number, r: number) => arcs.push([x, y, r]), measureText: () => ({ width: 10 }) },
    { get: (target, key) => (key in target ? target[key as keyof typeof target] : () => undefined), set: () => true },
  );
  const canvas = { clientWidth: 300, clientHeight: 200, width: 0, height: 0, getContext: () => context } as unknown as HTMLCanvasElement;
  return { canvas, arcs };
}

describe('voltage curve marker', () => {
  it('marks the newest point of a curve that goes back over itself (charge after discharge)', () => {
    const { canvas, arcs } = recordingCanvas();
    const plot = new TimeSeriesPlot(canvas, { title: 'Voltage', xLabel: 'capacity', yLabel: 'V', series: [{ name: 'V', color: '#f00' }], monotonicX: false, marker: true });
    for (const [q, v] of [[0, 3.5], [0.5, 3.4], [1, 3.3], [0.6, 3.6], [0.4, 3.7]]) plot.push(q, [v]);
    plot.push(0.3, [NaN]);
    expect(plot.newestPoint).toEqual([0.4, 3.7]);
    plot.draw();
    const markers = arcs.filter(([, , r]) => r === 4);
    expect(markers).toHaveLength(1);
    // x: 0.4 of the capacity range 0..1 across the plot area (58 px margin left, 10 right)
    expect(markers[0][0]).toBeCloseTo(58 + 0.4 * (300 - 58 - 10), 6);
  });

  it('draws no marker unless asked', () => {
    const { canvas, arcs } = recordingCanvas();
    const plot = new TimeSeriesPlot(canvas, { title: 'F', xLabel: 't', yLabel: 'F', series: [{ name: 'F', color: '#f00' }] });
    plot.push(0, [1]);
    plot.push(1, [2]);
    plot.draw();
    expect(arcs.filter(([, , r]) => r === 4)).toHaveLength(0);
  });
});
