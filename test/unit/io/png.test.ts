import { describe, expect, it } from 'vitest';
import { renderFieldImage } from '../../../src/io/fieldImage.ts';
import { decodePng, encodeFieldPng, encodePng } from '../../../src/io/png.ts';

describe('PNG encoding', () => {
  it('round-trips an RGBA raster and tEXt metadata', () => {
    const width = 7;
    const height = 5;
    const data = Uint8Array.from({ length: width * height * 4 }, (_, i) => (i * 37) & 255);
    const png = encodePng({ width, height, data }, { Software: 'spinode', note: 'Latin-1 µm²' });
    const back = decodePng(png);
    expect([back.image.width, back.image.height]).toEqual([width, height]);
    expect(Buffer.from(back.image.data).equals(data)).toBe(true);
    expect(back.text).toEqual({ Software: 'spinode', note: 'Latin-1 µm²' });
  });

  it('writes a field snapshot whose metadata gives the exact colour range and what is shown', () => {
    const [nx, ny, nz] = [16, 12, 3];
    const values = Float32Array.from({ length: nx * ny * nz }, (_, i) => Math.sin(i * 0.37) * 1e8);
    const { png, range, sliceZ } = encodeFieldPng(values, [nx, ny, nz], {
      name: 'sigma_vm',
      colormap: 'rdbu',
      scale: 4,
      text: { step: '1200', time: '0.30000000000000004' },
    });
    const { image, text } = decodePng(png);
    expect(sliceZ).toBe(1);
    expect(text.field).toBe('sigma_vm');
    expect(text.colormap).toBe('rdbu');
    expect(Number(text.range_min)).toBe(range.min);
    expect(Number(text.range_max)).toBe(range.max);
    expect(range.min).toBe(-range.max); // diverging map: symmetric by default
    expect(text.slice_z).toBe('1');
    expect(text.shape).toBe('16 12 3');
    expect(Number(text.time)).toBe(0.1 + 0.2);
    const rendered = renderFieldImage(values, [nx, ny, nz], { colormap: 'rdbu', scale: 4 }).image;
    expect([image.width, image.height]).toEqual([rendered.width, rendered.height]);
    expect(Buffer.from(image.data).equals(rendered.data)).toBe(true);
  });

  it('detects a corrupted chunk', () => {
    const png = encodePng({ width: 1, height: 1, data: new Uint8Array([1, 2, 3, 255]) }, { a: 'b' });
    const bad = png.slice();
    bad[33 + 8] ^= 0xff; // first byte of the tEXt data, right after IHDR
    expect(() => decodePng(bad)).toThrow('PNG chunk tEXt has a bad CRC');
    expect(() => decodePng(new Uint8Array(40))).toThrow('not a PNG file');
    expect(() => encodePng({ width: 1, height: 1, data: new Uint8Array(3) })).toThrow('needs 4 bytes');
    expect(() => encodePng({ width: 1, height: 1, data: new Uint8Array(4) }, { 'bad  key': 'x' })).toThrow('keyword');
  });
});
