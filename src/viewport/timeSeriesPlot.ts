/**
 * A small live line plot on a 2D canvas (free energy, mean concentration, voltage vs time): auto-ranged
 * axes with nice ticks, one or more series sharing the x values, a legend. Points are appended as
 * observables arrive; past `capacity` points every second point is dropped, so memory stays bounded
 * on long runs while the curve keeps its shape. Drawing happens only when something changed.
 */
import { formatTick, niceTicks } from './ticks.ts';

export interface SeriesStyle {
  name: string;
  color: string;
  dashed?: boolean;
}

export interface PlotOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: SeriesStyle[];
  capacity?: number;
  /**
   * x never decreases (time, the default): a smaller x starts the curve anew (a reset). False for
   * curves that may go back and forth, such as voltage against capacity over charge and discharge.
   */
  monotonicX?: boolean;
  /**
   * Mark the newest point of the first series (a ring): the state the field view shows. On a voltage
   * curve that retraces itself over charge/discharge cycles, it tells where on the curve the shown frame is.
   */
  marker?: boolean;
}

const MARGIN = { left: 58, right: 10, top: 22, bottom: 32 };

export class TimeSeriesPlot {
  private xs: number[] = [];
  private ys: number[][];
  private dirty = true;
  private readonly capacity: number;
  private readonly context: CanvasRenderingContext2D;

  constructor(
    readonly canvas: HTMLCanvasElement,
    private readonly options: PlotOptions,
  ) {
    const context = canvas.getContext('2d');
    if (!context) throw new Error('TimeSeriesPlot: no 2D canvas context');
    this.context = context;
    this.capacity = options.capacity ?? 4000;
    this.ys = options.series.map(() => []);
  }

  /** Number of points held (after thinning). */
  get pointCount(): number {
    return this.xs.length;
  }

  get lastX(): number | undefined {
    return this.xs[this.xs.length - 1];
  }

  /** The newest point of the first series with a finite value (the marker's place), if any. */
  get newestPoint(): [number, number] | undefined {
    const ys = this.ys[0] ?? [];
    for (let k = this.xs.length - 1; k >= 0; k--) if (Number.isFinite(ys[k]) && Number.isFinite(this.xs[k])) return [this.xs[k], ys[k]];
    return undefined;
  }

  setAxisLabels(xLabel: string, yLabel: string): void {
    this.options.xLabel = xLabel;
    this.options.yLabel = yLabel;
    this.dirty = true;
  }

  clear(): void {
    this.xs = [];
    this.ys = this.options.series.map(() => []);
    this.dirty = true;
  }

  /** Append one sample; x must not decrease (a smaller x, e.g. after a reset, starts the curve anew). */
  push(x: number, values: readonly number[]): void {
    const last = this.lastX;
    if (this.options.monotonicX !== false) {
      if (last !== undefined && x < last) this.clear();
      if (last !== undefined && x === last) return;
    }
    this.xs.push(x);
    values.forEach((v, i) => this.ys[i]?.push(v));
    if (this.xs.length > this.capacity) {
      const keep = (_: number, i: number) => i % 2 === 0 || i === this.xs.length - 1;
      this.xs = this.xs.filter(keep);
      this.ys = this.ys.map((s) => s.filter(keep));
    }
    this.dirty = true;
  }

  /** Redraw if data or size changed. Returns true when it drew. */
  draw(): boolean {
    const dpr = globalThis.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(this.canvas.clientWidth * dpr));
    const h = Math.max(1, Math.round(this.canvas.clientHeight * dpr));
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
      this.dirty = true;
    }
    if (!this.dirty) return false;
    this.dirty = false;
    const g = this.context;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    const cw = w / dpr;
    const ch = h / dpr;
    g.clearRect(0, 0, cw, ch);
    g.font = '11px system-ui, sans-serif';
    g.fillStyle = '#ddd';
    g.textAlign = 'left';
    g.textBaseline = 'top';
    g.fillText(this.options.title, MARGIN.left, 4);
    const plotW = cw - MARGIN.left - MARGIN.right;
    const plotH = ch - MARGIN.top - MARGIN.bottom;
    if (plotW < 10 || plotH < 10) return true;

    const [x0, x1] = this.xRange();
    const [y0, y1] = this.yRange();
    const sx = (x: number) => MARGIN.left + ((x - x0) / (x1 - x0)) * plotW;
    const sy = (y: number) => MARGIN.top + (1 - (y - y0) / (y1 - y0)) * plotH;

    g.strokeStyle = '#555';
    g.lineWidth = 1;
    g.strokeRect(MARGIN.left, MARGIN.top, plotW, plotH);
    g.fillStyle = '#aaa';
    const xt = niceTicks(x0, x1, Math.max(2, Math.floor(plotW / 70)));
    g.textAlign = 'center';
    g.textBaseline = 'top';
    for (const v of xt.values) {
      const px = sx(v);
      g.beginPath();
      g.moveTo(px, MARGIN.top + plotH);
      g.lineTo(px, MARGIN.top + plotH + 4);
      g.stroke();
      g.fillText(formatTick(v, xt.step), px, MARGIN.top + plotH + 5);
    }
    g.fillText(this.options.xLabel, MARGIN.left + plotW / 2, ch - 12);
    const yt = niceTicks(y0, y1, Math.max(2, Math.floor(plotH / 30)));
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    for (const v of yt.values) {
      const py = sy(v);
      g.beginPath();
      g.moveTo(MARGIN.left - 4, py);
      g.lineTo(MARGIN.left, py);
      g.stroke();
      g.fillText(formatTick(v, yt.step), MARGIN.left - 6, py);
    }
    g.save();
    g.translate(11, MARGIN.top + plotH / 2);
    g.rotate(-Math.PI / 2);
    g.textAlign = 'center';
    g.fillText(this.options.yLabel, 0, 0);
    g.restore();

    g.save();
    g.beginPath();
    g.rect(MARGIN.left, MARGIN.top, plotW, plotH);
    g.clip();
    this.options.series.forEach((style, i) => {
      const ys = this.ys[i];
      g.strokeStyle = style.color;
      g.lineWidth = 1.5;
      g.setLineDash(style.dashed ? [4, 3] : []);
      g.beginPath();
      let pen = false;
      for (let k = 0; k < this.xs.length; k++) {
        const y = ys[k];
        if (!Number.isFinite(y)) {
          pen = false;
          continue;
        }
        if (pen) g.lineTo(sx(this.xs[k]), sy(y));
        else g.moveTo(sx(this.xs[k]), sy(y));
        pen = true;
      }
      if (this.xs.length === 1 && Number.isFinite(ys[0])) g.arc(sx(this.xs[0]), sy(ys[0]), 2, 0, 2 * Math.PI);
      g.stroke();
    });
    const marked = this.options.marker ? this.newestPoint : undefined;
    if (marked) {
      g.setLineDash([]);
      g.strokeStyle = '#fff';
      g.fillStyle = this.options.series[0].color;
      g.lineWidth = 1.5;
      g.beginPath();
      g.arc(sx(marked[0]), sy(marked[1]), 4, 0, 2 * Math.PI);
      g.fill();
      g.stroke();
    }
    g.restore();
    g.setLineDash([]);

    if (this.options.series.length > 1) {
      g.textAlign = 'right';
      g.textBaseline = 'top';
      let x = cw - MARGIN.right;
      for (const style of [...this.options.series].reverse()) {
        const width = g.measureText(style.name).width;
        g.fillStyle = style.color;
        g.fillText(style.name, x, 4);
        x -= width + 12;
      }
    }
    return true;
  }

  private xRange(): [number, number] {
    if (this.xs.length === 0) return [0, 1];
    // a curve that goes back and forth (voltage over charge and discharge) spans its extremes, not its ends
    const monotonic = this.options.monotonicX !== false;
    const a = monotonic ? this.xs[0] : Math.min(...this.xs);
    const b = monotonic ? this.xs[this.xs.length - 1] : Math.max(...this.xs);
    return b > a ? [a, b] : [a, a + (Math.abs(a) || 1)];
  }

  private yRange(): [number, number] {
    let lo = Infinity;
    let hi = -Infinity;
    for (const s of this.ys) {
      for (const v of s) {
        if (!Number.isFinite(v)) continue;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    if (!Number.isFinite(lo)) return [0, 1];
    const span = hi - lo;
    const pad = span > Math.max(Math.abs(hi), Math.abs(lo)) * 1e-9 ? 0.05 * span : Math.max(Math.abs(hi), 1e-30) * 1e-3;
    return [lo - pad, hi + pad];
  }
}
