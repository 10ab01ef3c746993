/**
 * Pixel statistics of screenshots, for the end-to-end checks "not blank" and "changed". These are
 * smoke checks that the GPU path draws something and keeps drawing; the correctness of the colours is
 * tested against a CPU twin of the colorizer kernel in test/gpu/viewport.
 */
import { PNG } from 'pngjs';

export interface Image {
  width: number;
  height: number;
  data: Uint8Array;
}

export function decodePng(buffer: Buffer): Image {
  const png = PNG.sync.read(buffer);
  return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
}

export interface ImageStats {
  /** Distinct colours after quantising each channel to 5 bits. */
  distinctColours: number;
  /** Fraction of pixels farther than 24 (sum of |channel differences|) from the most common colour. */
  nonBackgroundFraction: number;
}

export function imageStats(img: Image): ImageStats {
  const counts = new Map<number, number>();
  const n = img.width * img.height;
  for (let i = 0; i < n; i++) {
    const key = ((img.data[4 * i] >> 3) << 10) | ((img.data[4 * i + 1] >> 3) << 5) | (img.data[4 * i + 2] >> 3);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let background = 0;
  let best = -1;
  for (const [key, c] of counts) if (c > best) [best, background] = [c, key];
  const bg = [(background >> 10) << 3, ((background >> 5) & 31) << 3, (background & 31) << 3];
  let far = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(img.data[4 * i] - bg[0]) + Math.abs(img.data[4 * i + 1] - bg[1]) + Math.abs(img.data[4 * i + 2] - bg[2]);
    if (d > 24 + 12) far++;
  }
  return { distinctColours: counts.size, nonBackgroundFraction: far / n };
}

/** Mean absolute difference per channel (0..255) of two images of the same size, and the fraction of pixels that differ. */
export function imageDifference(a: Image, b: Image): { meanAbs: number; changedFraction: number } {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`image sizes differ: ${a.width}x${a.height} vs ${b.width}x${b.height}`);
  let sum = 0;
  let changed = 0;
  const n = a.width * a.height;
  for (let i = 0; i < n; i++) {
    let d = 0;
    for (let k = 0; k < 3; k++) d += Math.abs(a.data[4 * i + k] - b.data[4 * i + k]);
    sum += d;
    if (d > 6) changed++;
  }
  return { meanAbs: sum / (3 * n), changedFraction: changed / n };
}
