import { describe, expect, it } from 'vitest';
import { GLYPHS, GLYPH_HEIGHT, GLYPH_WIDTH, formatLabel } from '../../../src/io/bitmapFont.ts';
import { MASKED_RGBA, colormap, fieldToRgba } from '../../../src/io/colormap.ts';
import { renderFieldImage, type RgbaImage } from '../../../src/io/fieldImage.ts';

function pixel(image: RgbaImage, col: number, row: number): number[] {
  const i = 4 * (row * image.width + col);
  return [...image.data.subarray(i, i + 4)];
}

function rgbaOf(rgba: Uint8Array, index: number): number[] {
  return [...rgba.subarray(4 * index, 4 * index + 4)];
}

/** Read text back from the raster by matching each character cell against the font (a tiny OCR). */
function readText(image: RgbaImage, x: number, y: number, pixelSize: number, maxChars = 16): string {
  let out = '';
  for (let k = 0; k < maxChars; k++) {
    const gx = x + k * (GLYPH_WIDTH + 1) * pixelSize;
    const rows: string[] = [];
    for (let r = 0; r < GLYPH_HEIGHT; r++) {
      let line = '';
      for (let c = 0; c < GLYPH_WIDTH; c++) {
        const px = gx + c * pixelSize;
        const py = y + r * pixelSize;
        line += px < image.width && pixel(image, px, py)[0] === 0 ? '#' : '.';
      }
      rows.push(line);
    }
    const match = Object.entries(GLYPHS).find(([, g]) => g.join() === rows.join());
    if (!match) break;
    out += match[0];
  }
  return out;
}

describe('renderFieldImage', () => {
  it('puts y up: the top row shows y = ny - 1, and x runs left to right', () => {
    const [nx, ny] = [3, 2];
    const values = Float32Array.from({ length: nx * ny }, (_, i) => (i % nx) + 10 * Math.floor(i / nx));
    const { image } = renderFieldImage(values, [nx, ny], { colorbar: false });
    const { rgba } = fieldToRgba(values);
    expect([image.width, image.height]).toEqual([3, 2]);
    for (let row = 0; row < ny; row++) {
      for (let col = 0; col < nx; col++) expect(pixel(image, col, row)).toEqual(rgbaOf(rgba, col + nx * (ny - 1 - row)));
    }
    // the brightest viridis colour (max value, x = 2, y = 1) is at the top right
    expect(pixel(image, 2, 0)).toEqual(rgbaOf(rgba, 5));
  });

  it('upsamples by an integer scale with nearest-neighbour blocks', () => {
    const values = [0, 1, 2, 3];
    const { image } = renderFieldImage(values, [2, 2], { scale: 3, colorbar: false });
    const { rgba } = fieldToRgba(values);
    expect([image.width, image.height]).toEqual([6, 6]);
    for (let row = 0; row < 6; row++) {
      for (let col = 0; col < 6; col++) {
        const x = Math.floor(col / 3);
        const y = 1 - Math.floor(row / 3);
        expect(pixel(image, col, row)).toEqual(rgbaOf(rgba, x + 2 * y));
      }
    }
    expect(() => renderFieldImage(values, [2, 2], { scale: 1.5 })).toThrow('positive integer');
  });

  it('shows the middle z-slice of a 3D field (or the one asked for)', () => {
    const [nx, ny, nz] = [2, 2, 5];
    const values = Float32Array.from({ length: nx * ny * nz }, (_, i) => Math.floor(i / (nx * ny))); // value = z
    const range = { min: 0, max: 4 };
    const middle = renderFieldImage(values, [nx, ny, nz], { range, colorbar: false });
    expect(middle.sliceZ).toBe(2);
    const expected = fieldToRgba([2], { range }).rgba;
    for (let row = 0; row < 2; row++) for (let col = 0; col < 2; col++) expect(pixel(middle.image, col, row)).toEqual(rgbaOf(expected, 0));
    const last = renderFieldImage(values, [nx, ny, nz], { range, colorbar: false, z: 4 });
    expect(last.sliceZ).toBe(4);
    expect(pixel(last.image, 0, 0)).toEqual(rgbaOf(fieldToRgba([4], { range }).rgba, 0));
    expect(() => renderFieldImage(values, [nx, ny, nz], { z: 5 })).toThrow('outside 0..4');
    expect(() => renderFieldImage(values, [nx, ny, 4])).toThrow('needs 16');
  });

  it('slices the mask with the field and paints outside points grey', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8];
    const mask = [1, 1, 1, 1, 0, 1, 1, 1];
    const { image, range } = renderFieldImage(values, [2, 2, 2], { mask, colorbar: false, z: 1 });
    expect(range).toEqual({ min: 6, max: 8 });
    expect(pixel(image, 0, 1)).toEqual([...MASKED_RGBA]); // x = 0, y = 0, z = 1 is masked
  });

  it('draws a colorbar from max (top) to min (bottom) with readable labels of the range', () => {
    const n = 100;
    const values = Float32Array.from({ length: n * n }, (_, i) => -2.5e-3 + (i / (n * n)) * 0.0125);
    const { image, range, colorbar } = renderFieldImage(values, [n, n], { scale: 2 });
    expect(colorbar).not.toBeNull();
    expect(image.width).toBeGreaterThan(2 * n);
    const bytes = (t: number) => [...colormap('viridis', t).map((c) => Math.round(c * 255)), 255];
    expect(pixel(image, colorbar!.x, 0)).toEqual(bytes(1));
    expect(pixel(image, colorbar!.x + colorbar!.width - 1, image.height - 1)).toEqual(bytes(0));
    expect(colorbar!.labels.map((l) => l.text)).toEqual([formatLabel(range.max), formatLabel(range.min)]);
    for (const label of colorbar!.labels) expect(readText(image, label.x, label.y, label.pixelSize)).toBe(label.text);
    expect(colorbar!.labels[1].text).toBe('-0.0025');
  });

  it('skips labels (keeps the strip) when the image is too short for them', () => {
    const { colorbar, image } = renderFieldImage([0, 1, 2, 3], [2, 2]);
    expect(colorbar!.labels).toEqual([]);
    expect(image.width).toBeGreaterThan(2);
  });
});

describe('bitmap font labels', () => {
  it('has distinct 3x5 glyphs', () => {
    const shapes = Object.values(GLYPHS).map((g) => g.join());
    expect(new Set(shapes).size).toBe(shapes.length);
    for (const g of Object.values(GLYPHS)) {
      expect(g.length).toBe(GLYPH_HEIGHT);
      for (const row of g) expect(row).toMatch(/^[#.]{3}$/);
    }
  });

  it('formats range ends compactly, only with characters the font has', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [0.5, '0.5'],
      [1234.5, '1235'],
      [0.1 + 0.2, '0.3'],
      [-3.25e-7, '-3.25e-7'],
      [1e21, '1e21'],
      [2.5e9, '2.5e9'],
      [-0.0025, '-0.0025'],
    ];
    for (const [value, text] of cases) {
      expect(formatLabel(value)).toBe(text);
      for (const ch of text) expect(GLYPHS[ch]).toBeDefined();
    }
  });
});
