/**
 * A 3x5-pixel bitmap font for the numbers on a colorbar (digits, '.', '-', '+', 'e'), so PNG
 * snapshots carry readable range labels without a font library. 'e' is drawn as a capital E, which
 * reads better at this size.
 */

export const GLYPH_WIDTH = 3;
export const GLYPH_HEIGHT = 5;

/** Each glyph: 5 rows of 3 pixels, '#' = ink. */
export const GLYPHS: Readonly<Record<string, readonly string[]>> = {
  '0': ['###', '#.#', '#.#', '#.#', '###'],
  '1': ['.#.', '##.', '.#.', '.#.', '###'],
  '2': ['###', '..#', '###', '#..', '###'],
  '3': ['###', '..#', '###', '..#', '###'],
  '4': ['#.#', '#.#', '###', '..#', '..#'],
  '5': ['###', '#..', '###', '..#', '###'],
  '6': ['###', '#..', '###', '#.#', '###'],
  '7': ['###', '..#', '..#', '.#.', '.#.'],
  '8': ['###', '#.#', '###', '#.#', '###'],
  '9': ['###', '#.#', '###', '..#', '###'],
  '.': ['...', '...', '...', '...', '.#.'],
  '-': ['...', '...', '###', '...', '...'],
  '+': ['...', '.#.', '###', '.#.', '...'],
  e: ['###', '#..', '##.', '#..', '###'],
};

/** Width in pixels of `text` drawn at `pixelSize` (one blank glyph column between characters). */
export function textWidth(text: string, pixelSize: number): number {
  return text.length === 0 ? 0 : (text.length * (GLYPH_WIDTH + 1) - 1) * pixelSize;
}

/**
 * Draw `text` into an RGBA raster (row 0 at the top) with its top-left corner at (x, y); pixels
 * outside the raster are skipped. Throws on characters the font does not have.
 */
export function drawText(
  raster: { width: number; height: number; data: Uint8Array },
  text: string,
  x: number,
  y: number,
  pixelSize: number,
  rgba: readonly [number, number, number, number],
): void {
  for (let k = 0; k < text.length; k++) {
    const glyph = GLYPHS[text[k]];
    if (!glyph) throw new Error(`bitmap font has no glyph for "${text[k]}"`);
    const gx = x + k * (GLYPH_WIDTH + 1) * pixelSize;
    for (let row = 0; row < GLYPH_HEIGHT; row++) {
      for (let col = 0; col < GLYPH_WIDTH; col++) {
        if (glyph[row][col] !== '#') continue;
        for (let dy = 0; dy < pixelSize; dy++) {
          for (let dx = 0; dx < pixelSize; dx++) {
            const px = gx + col * pixelSize + dx;
            const py = y + row * pixelSize + dy;
            if (px < 0 || py < 0 || px >= raster.width || py >= raster.height) continue;
            raster.data.set(rgba, 4 * (py * raster.width + px));
          }
        }
      }
    }
  }
}

/** Compact label for a colorbar end: about four significant digits, exponent form for very large/small values. */
export function formatLabel(value: number): string {
  if (value === 0) return '0';
  const a = Math.abs(value);
  if (a >= 1e-3 && a < 1e4) {
    const fixed = value.toPrecision(4);
    return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
  }
  return value.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e');
}
