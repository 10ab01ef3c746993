/**
 * Colormapped raster of a 2D field, or of the middle z-slice of a 3D one, with an optional colorbar
 * strip labelled with the range's ends. Pure (no PNG, no Node): `png.ts` encodes the result, the
 * browser can put it on a canvas.
 *
 * Orientation: y axis up, as in ParaView's default 2D view: image row 0 (the top) shows y = ny - 1.
 * Field layout: x fastest, index = x + nx * (y + ny * z).
 */
import { GLYPH_HEIGHT, drawText, formatLabel, textWidth } from './bitmapFont.ts';
import { colormap, fieldToRgba, type ColormapName, type ColorRange, type ValueRange } from './colormap.ts';

export interface RgbaImage {
  width: number;
  height: number;
  /** 4 bytes per pixel, rows from the top. */
  data: Uint8Array<ArrayBuffer>;
}

export interface FieldImageOptions {
  colormap?: ColormapName;
  /** Default: 'auto' for sequential maps, 'symmetric' for diverging ones. */
  range?: ColorRange;
  /** Particle indicator (same layout as the field): points with mask < 0.5 are drawn grey and left out of 'auto' ranges. */
  mask?: ArrayLike<number>;
  /** Integer upsampling factor (nearest neighbour), for small grids. Default 1. */
  scale?: number;
  /** Draw a colorbar strip (with range labels when there is room). Default true. */
  colorbar?: boolean;
  /** z index of the slice of a 3D field; default the middle, floor(nz / 2). */
  z?: number;
}

export interface FieldImage {
  image: RgbaImage;
  range: ValueRange;
  colormap: ColormapName;
  /** The z index shown, or null for a 2D field. */
  sliceZ: number | null;
  /** Where the colorbar and its labels were drawn (null without a colorbar). */
  colorbar: ColorbarLayout | null;
}

export interface ColorbarLayout {
  /** Left edge and width of the colour strip, in pixels; it spans the full image height. */
  x: number;
  width: number;
  /** Labels drawn (none when the image is too short for them): top = range max, bottom = range min. */
  labels: { text: string; x: number; y: number; pixelSize: number }[];
}

const WHITE: readonly [number, number, number, number] = [255, 255, 255, 255];
const INK: readonly [number, number, number, number] = [0, 0, 0, 255];

/** One z-layer of a field (a view, no copy) and its in-plane size. */
export function zSlice<T extends { subarray(a: number, b: number): T; length: number }>(
  values: T,
  shape: readonly number[],
  z?: number,
): { values: T; nx: number; ny: number; z: number | null } {
  const [nx, ny] = shape;
  const nz = shape.length === 3 ? shape[2] : 1;
  if (shape.length !== 2 && shape.length !== 3) throw new Error(`field shape must have 2 or 3 axes, got [${shape.join(', ')}]`);
  if (values.length !== nx * ny * nz) throw new Error(`field has ${values.length} values, shape [${shape.join(', ')}] needs ${nx * ny * nz}`);
  if (shape.length === 2) return { values, nx, ny, z: null };
  const k = z ?? Math.floor(nz / 2);
  if (!Number.isInteger(k) || k < 0 || k >= nz) throw new Error(`slice z = ${k} is outside 0..${nz - 1}`);
  return { values: values.subarray(k * nx * ny, (k + 1) * nx * ny), nx, ny, z: k };
}

function asSliceable(a: ArrayLike<number>): Float64Array | Float32Array {
  return a instanceof Float32Array || a instanceof Float64Array ? a : Float64Array.from(a);
}

/** Render `values` (a 2D field, or a 3D one whose z-slice is taken) to an RGBA raster. */
export function renderFieldImage(values: ArrayLike<number>, shape: readonly number[], options: FieldImageOptions = {}): FieldImage {
  const scale = options.scale ?? 1;
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`scale must be a positive integer, got ${scale}`);
  const slice = zSlice(asSliceable(values), shape, options.z);
  const mask = options.mask ? zSlice(asSliceable(options.mask), shape, options.z).values : undefined;
  const name = options.colormap ?? 'viridis';
  const { rgba, range } = fieldToRgba(slice.values, { colormap: name, range: options.range, mask });
  const { nx, ny } = slice;
  const fieldWidth = nx * scale;
  const height = ny * scale;

  // Colorbar geometry, in pixels, growing with the image so labels stay legible.
  const withBar = options.colorbar ?? true;
  const p = Math.max(1, Math.min(4, Math.floor(height / 80)));
  const gap = 4 * p;
  const barWidth = 8 * p;
  const maxLabel = formatLabel(range.max);
  const minLabel = formatLabel(range.min);
  const labels = withBar && height >= 2 * GLYPH_HEIGHT * p + 2 * p;
  const labelWidth = labels ? 2 * p + Math.max(textWidth(maxLabel, p), textWidth(minLabel, p)) : 0;
  const width = withBar ? fieldWidth + gap + barWidth + labelWidth + 2 * p : fieldWidth;

  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set(WHITE, 4 * i);
  for (let row = 0; row < height; row++) {
    const y = ny - 1 - Math.floor(row / scale);
    for (let col = 0; col < fieldWidth; col++) {
      const src = 4 * (Math.floor(col / scale) + nx * y);
      const dst = 4 * (row * width + col);
      data[dst] = rgba[src];
      data[dst + 1] = rgba[src + 1];
      data[dst + 2] = rgba[src + 2];
      data[dst + 3] = rgba[src + 3];
    }
  }
  let colorbar: ColorbarLayout | null = null;
  if (withBar) {
    const x0 = fieldWidth + gap;
    colorbar = { x: x0, width: barWidth, labels: [] };
    for (let row = 0; row < height; row++) {
      // top = range max, bottom = range min, matching the field's colours exactly
      const t = height === 1 ? 0.5 : 1 - row / (height - 1);
      const c = colormap(name, t);
      const color = [Math.round(c[0] * 255), Math.round(c[1] * 255), Math.round(c[2] * 255), 255];
      for (let col = x0; col < x0 + barWidth; col++) data.set(color, 4 * (row * width + col));
    }
    if (labels) {
      const image = { width, height, data };
      const lx = x0 + barWidth + 2 * p;
      colorbar.labels.push({ text: maxLabel, x: lx, y: 0, pixelSize: p }, { text: minLabel, x: lx, y: height - GLYPH_HEIGHT * p, pixelSize: p });
      for (const label of colorbar.labels) drawText(image, label.text, label.x, label.y, p, INK);
    }
  }
  return { image: { width, height, data }, range, colormap: name, sliceZ: slice.z, colorbar };
}
