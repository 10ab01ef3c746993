/**
 * Colormaps as data, shared by the PNG writer and the browser viewport (which uploads
 * `controlPoints` to the GPU and interpolates the same way, so a snapshot and the live view agree).
 *
 * - `viridis` (sequential, perceptually uniform; van der Walt & Smith, matplotlib 1.5, 2015): sampled
 *   from Matt Zucker's degree-6 least-squares polynomial fit of matplotlib's table, published CC0 at
 *   https://www.shadertoy.com/view/WlfXRN. 65 samples keep linear interpolation within 0.5/255 of the
 *   polynomial.
 * - `rdbu` (diverging, for signed fields: blue negative, near-white zero, red positive): ColorBrewer
 *   "RdBu" 11-class scheme (Cynthia A. Brewer, colorbrewer2.org, Apache-2.0), reversed so that low
 *   values are blue.
 *
 * Colours are sRGB components in [0, 1]; between control points they are interpolated linearly.
 */

export type ColormapName = 'viridis' | 'rdbu';
export const COLORMAP_NAMES: readonly ColormapName[] = ['viridis', 'rdbu'];

export interface Colormap {
  readonly name: ColormapName;
  /** Sequential maps use the data range; diverging maps default to a range symmetric about zero. */
  readonly kind: 'sequential' | 'diverging';
  /** Control points at t_i = i / (count - 1), 4 floats each (r, g, b, 1) in [0, 1], ready to upload as vec4f. */
  readonly controlPoints: Float32Array;
  readonly count: number;
  readonly source: string;
}

export type Rgb = [number, number, number];

/** Zucker's fit: viridis(t) = sum_k c_k t^k per channel, k = 0..6. */
const VIRIDIS_POLYNOMIAL: readonly Rgb[] = [
  [0.2777273272234177, 0.005407344544966578, 0.3340998053353061],
  [0.1050930431085774, 1.404613529898575, 1.384590162594685],
  [-0.3308618287255563, 0.214847559468213, 0.09509516302823659],
  [-4.634230498983486, -5.799100973351585, -19.33244095627987],
  [6.228269936347081, 14.17993336680509, 56.69055260068105],
  [4.776384997670288, -13.74514537774601, -65.35303263337234],
  [-5.435455855934631, 4.645852612178535, 26.3124352495832],
];

/** ColorBrewer RdBu, 11 classes, listed from blue (low) to red (high). */
const RDBU_HEX = [
  '#053061', '#2166ac', '#4393c3', '#92c5de', '#d1e5f0', '#f7f7f7', '#fddbc7', '#f4a582', '#d6604d', '#b2182b', '#67001f',
];

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/** The polynomial fit itself, evaluated in float64 (used to build the table, and by tests). */
export function viridisPolynomial(t: number): Rgb {
  const out: Rgb = [0, 0, 0];
  for (let ch = 0; ch < 3; ch++) {
    let v = 0;
    for (let k = VIRIDIS_POLYNOMIAL.length - 1; k >= 0; k--) v = v * t + VIRIDIS_POLYNOMIAL[k][ch];
    out[ch] = clamp01(v);
  }
  return out;
}

function table(colors: readonly Rgb[]): Float32Array {
  const out = new Float32Array(colors.length * 4);
  colors.forEach((c, i) => out.set([c[0], c[1], c[2], 1], 4 * i));
  return out;
}

function hexToRgb(hex: string): Rgb {
  const n = parseInt(hex.slice(1), 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
}

const VIRIDIS_SAMPLES = 65;

export const COLORMAPS: Readonly<Record<ColormapName, Colormap>> = {
  viridis: {
    name: 'viridis',
    kind: 'sequential',
    controlPoints: table(Array.from({ length: VIRIDIS_SAMPLES }, (_, i) => viridisPolynomial(i / (VIRIDIS_SAMPLES - 1)))),
    count: VIRIDIS_SAMPLES,
    source: 'matplotlib viridis via the CC0 polynomial fit at https://www.shadertoy.com/view/WlfXRN',
  },
  rdbu: {
    name: 'rdbu',
    kind: 'diverging',
    controlPoints: table(RDBU_HEX.map(hexToRgb)),
    count: RDBU_HEX.length,
    source: 'ColorBrewer RdBu 11-class (colorbrewer2.org), reversed: blue = negative',
  },
};

function lookup(name: string): Colormap {
  const map = (COLORMAPS as Record<string, Colormap | undefined>)[name];
  if (!map) throw new Error(`unknown colormap "${name}" (known: ${COLORMAP_NAMES.join(', ')})`);
  return map;
}

/** Colour of `t` in [0, 1] (clamped) as sRGB in [0, 1], linearly interpolated between control points. */
export function colormap(name: ColormapName, t: number): Rgb {
  const { controlPoints: p, count } = lookup(name);
  const x = clamp01(Number.isNaN(t) ? 0 : t) * (count - 1);
  const i = Math.min(count - 2, Math.floor(x));
  const f = x - i;
  const a = 4 * i;
  const b = a + 4;
  return [p[a] + (p[b] - p[a]) * f, p[a + 1] + (p[b + 1] - p[a + 1]) * f, p[a + 2] + (p[b + 2] - p[a + 2]) * f];
}

/** How values map to [0, 1]: the data's own min/max, symmetric about zero (max |v|), or fixed. */
export type ColorRange = 'auto' | 'symmetric' | { min: number; max: number };

export interface ValueRange {
  min: number;
  max: number;
}

/** Colour of a value that is NaN or infinite (solver bugs must stand out): magenta. */
export const NONFINITE_RGBA: readonly [number, number, number, number] = [255, 0, 255, 255];
/** Colour of a masked point (outside the particle): mid grey, in neither map. */
export const MASKED_RGBA: readonly [number, number, number, number] = [128, 128, 128, 255];

/**
 * The numeric range a colour range stands for, over the finite values where mask >= 0.5 (all values
 * when there is no mask). With no such value the range is [0, 0].
 */
export function resolveRange(values: ArrayLike<number>, range: ColorRange, mask?: ArrayLike<number>): ValueRange {
  if (typeof range === 'object') {
    if (!(Number.isFinite(range.min) && Number.isFinite(range.max) && range.min <= range.max)) {
      throw new Error(`color range must be finite with min <= max, got [${range.min}, ${range.max}]`);
    }
    return { min: range.min, max: range.max };
  }
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (mask && !(mask[i] >= 0.5)) continue;
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) return { min: 0, max: 0 };
  if (range === 'symmetric') {
    const m = Math.max(Math.abs(min), Math.abs(max));
    return { min: -m, max: m };
  }
  return { min, max };
}

/** Position of `value` in `range` as t in [0, 1] (clamped); a zero-width range maps to 0.5. */
export function rangeFraction(value: number, range: ValueRange): number {
  const width = range.max - range.min;
  if (!(width > 0)) return 0.5;
  return clamp01((value - range.min) / width);
}

export interface FieldToRgbaOptions {
  colormap?: ColormapName;
  /** Default: 'auto' for sequential maps, 'symmetric' for diverging ones. */
  range?: ColorRange;
  /** Points where mask < 0.5 (e.g. the particle indicator psi) are drawn MASKED_RGBA. */
  mask?: ArrayLike<number>;
}

/** RGBA bytes (4 per value, in the values' order) of a field, and the range used. */
export function fieldToRgba(values: ArrayLike<number>, options: FieldToRgbaOptions = {}): { rgba: Uint8Array<ArrayBuffer>; range: ValueRange } {
  const map = lookup(options.colormap ?? 'viridis');
  const range = resolveRange(values, options.range ?? (map.kind === 'diverging' ? 'symmetric' : 'auto'), options.mask);
  const rgba = new Uint8Array(values.length * 4);
  const mask = options.mask;
  if (mask && mask.length !== values.length) throw new Error(`mask has ${mask.length} values, the field ${values.length}`);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    let color: readonly number[];
    if (mask && !(mask[i] >= 0.5)) color = MASKED_RGBA;
    else if (!Number.isFinite(v)) color = NONFINITE_RGBA;
    else {
      const c = colormap(map.name, rangeFraction(v, range));
      color = [Math.round(c[0] * 255), Math.round(c[1] * 255), Math.round(c[2] * 255), 255];
    }
    rgba[4 * i] = color[0];
    rgba[4 * i + 1] = color[1];
    rgba[4 * i + 2] = color[2];
    rgba[4 * i + 3] = color[3];
  }
  return { rgba, range };
}
