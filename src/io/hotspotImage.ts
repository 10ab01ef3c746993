/**
 * A PNG of the maximum principal stress with the hot-spot regions outlined (issue #10): the field image
 * of `renderFieldImage` (rdbu, symmetric range, colorbar) and, on top, black edges wherever a hot-spot
 * cell borders a cell that is not one. 3D fields: the same z-slice for both.
 */
import { renderFieldImage, zSlice, type FieldImageOptions, type RgbaImage } from './fieldImage.ts';
import { encodePng } from './png.ts';

const EDGE = [0, 0, 0, 255] as const;

/** Draw the outline of the cells where `indicator` > 0.5 into a field image of `scale` pixels per cell (y up). */
export function outlineCells(image: RgbaImage, indicator: ArrayLike<number>, nx: number, ny: number, scale: number): void {
  const hot = (i: number, j: number) => i >= 0 && j >= 0 && i < nx && j < ny && indicator[i + nx * j] > 0.5;
  const width = Math.max(1, Math.floor(scale / 4));
  const paint = (col: number, row: number) => image.data.set(EDGE, 4 * (row * image.width + col));
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      if (!hot(i, j)) continue;
      const col0 = i * scale;
      const row0 = (ny - 1 - j) * scale; // image rows go down, y goes up
      for (let k = 0; k < scale; k++) {
        for (let w = 0; w < width; w++) {
          if (!hot(i - 1, j)) paint(col0 + w, row0 + k);
          if (!hot(i + 1, j)) paint(col0 + scale - 1 - w, row0 + k);
          if (!hot(i, j + 1)) paint(col0 + k, row0 + w);
          if (!hot(i, j - 1)) paint(col0 + k, row0 + scale - 1 - w);
        }
      }
    }
  }
}

/** sigma_1 with the hot-spot outline, as PNG bytes (tEXt: field, colormap, range, shape, slice_z, extra text). */
export function encodeHotspotPng(
  sigma1: Float32Array,
  indicator: Float32Array,
  shape: readonly number[],
  options: Pick<FieldImageOptions, 'scale' | 'z'> & { text?: Record<string, string> } = {},
): Uint8Array {
  const scale = options.scale ?? 1;
  const { image, range, sliceZ } = renderFieldImage(sigma1, shape, { colormap: 'rdbu', range: 'symmetric', scale, z: options.z });
  const slice = zSlice(indicator, shape, options.z);
  outlineCells(image, slice.values, slice.nx, slice.ny, scale);
  const text: Record<string, string> = { Software: 'spinode', field: 'sigma_1', overlay: 'hotspot outline', colormap: 'rdbu', range_min: String(range.min), range_max: String(range.max), shape: shape.join(' ') };
  if (sliceZ !== null) text.slice_z = String(sliceZ);
  return encodePng(image, { ...text, ...options.text });
}
