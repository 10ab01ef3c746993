/**
 * The colorbar: the colormap's ramp with tick values and the quantity's name and unit. Drawn on a
 * 2D canvas from the same control points (src/io/colormap.ts) the GPU colorizer uploads; `drawColorbar` is shared by the on-screen
 * colorbar and the PNG export.
 */
import { colormap, type Colormap } from '../io/colormap.ts';
import { formatTick, niceTicks } from './ticks.ts';

export interface ColorbarContent {
  colormap: Colormap;
  range: readonly [number, number];
  /** e.g. "c" or "c − ⟨c⟩" */
  label: string;
  /** e.g. "1" for a site fraction, "MPa" */
  unit: string;
}

export function colorbarTitle(content: ColorbarContent): string {
  return content.unit ? `${content.label} [${content.unit}]` : content.label;
}

/** Draw a vertical colorbar with its ramp in the box (x, y, barWidth, height) and labels to its right. */
export function drawColorbar(g: CanvasRenderingContext2D, x: number, y: number, barWidth: number, height: number, content: ColorbarContent, textColor = '#ddd'): void {
  for (let py = 0; py < height; py++) {
    const [r, gr, b] = colormap(content.colormap.name, 1 - py / Math.max(1, height - 1)).map((v) => Math.round(v * 255));
    g.fillStyle = `rgb(${r},${gr},${b})`;
    g.fillRect(x, y + py, barWidth, 1);
  }
  g.strokeStyle = '#888';
  g.lineWidth = 1;
  g.strokeRect(x + 0.5, y + 0.5, barWidth - 1, height - 1);
  const [lo, hi] = content.range;
  g.fillStyle = textColor;
  g.font = '11px system-ui, sans-serif';
  g.textAlign = 'left';
  g.textBaseline = 'middle';
  if (hi > lo) {
    const ticks = niceTicks(lo, hi, Math.max(2, Math.floor(height / 40)));
    for (const v of ticks.values) {
      const py = y + (1 - (v - lo) / (hi - lo)) * (height - 1);
      g.fillRect(x + barWidth, Math.round(py), 4, 1);
      g.fillText(formatTick(v, ticks.step), x + barWidth + 6, py);
    }
  } else {
    g.fillText(formatTick(lo, Math.abs(lo) || 1), x + barWidth + 6, y + height / 2);
  }
}

/** The on-screen colorbar: a title line and a canvas, redrawn when its content or size changes. */
export class Colorbar {
  private key = '';

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly title: HTMLElement,
  ) {}

  update(content: ColorbarContent): void {
    const dpr = globalThis.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(this.canvas.clientWidth * dpr));
    const h = Math.max(1, Math.round(this.canvas.clientHeight * dpr));
    const key = `${content.colormap.name}|${content.range[0]}|${content.range[1]}|${content.label}|${content.unit}|${w}|${h}`;
    if (key === this.key) return;
    this.key = key;
    this.title.textContent = colorbarTitle(content);
    this.canvas.width = w;
    this.canvas.height = h;
    const g = this.canvas.getContext('2d');
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w / dpr, h / dpr);
    drawColorbar(g, 2, 6, 16, h / dpr - 12, content);
  }
}
