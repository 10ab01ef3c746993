import { describe, expect, it } from 'vitest';
import { encodeHotspotPng, outlineCells } from '../../../src/io/hotspotImage.ts';
import { decodePng } from '../../../src/io/png.ts';

describe('hot-spot outline image', () => {
  it('draws black edges around a hot block, with y up, and leaves its inside and the rest alone', () => {
    const nx = 4;
    const ny = 3;
    const scale = 4;
    const image = { width: nx * scale, height: ny * scale, data: new Uint8Array(nx * scale * ny * scale * 4).fill(200) };
    const indicator = new Float32Array(nx * ny);
    indicator[1 + nx * 2] = 1; // cell (1, 2): the top row of the image
    indicator[2 + nx * 2] = 1;
    outlineCells(image, indicator, nx, ny, scale);
    const px = (col: number, row: number) => Array.from(image.data.subarray(4 * (row * image.width + col), 4 * (row * image.width + col) + 4));
    expect(px(4, 2)).toEqual([0, 0, 0, 255]); // left edge of cell (1, 2)
    expect(px(6, 0)).toEqual([0, 0, 0, 255]); // top edge (box side)
    expect(px(6, 3)).toEqual([0, 0, 0, 255]); // bottom edge
    expect(px(8, 2)).toEqual([200, 200, 200, 200]); // shared edge between the two hot cells: no line
    expect(px(6, 2)).toEqual([200, 200, 200, 200]); // inside
    expect(px(1, 10)).toEqual([200, 200, 200, 200]); // elsewhere
  });

  it('encodes a PNG with the field metadata', () => {
    const sigma = Float32Array.from({ length: 16 }, (_, i) => i - 8);
    const hot = Float32Array.from(sigma, (v) => (v > 5 ? 1 : 0));
    const { text, image } = decodePng(encodeHotspotPng(sigma, hot, [4, 4], { scale: 2, text: { step: '3' } }));
    expect(text.field).toBe('sigma_1');
    expect(text.overlay).toBe('hotspot outline');
    expect(text.step).toBe('3');
    expect(image.height).toBe(8);
  });
});
