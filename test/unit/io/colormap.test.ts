import { describe, expect, it } from 'vitest';
import {
  COLORMAPS,
  COLORMAP_NAMES,
  MASKED_RGBA,
  NONFINITE_RGBA,
  colormap,
  fieldToRgba,
  resolveRange,
  viridisPolynomial,
} from '../../../src/io/colormap.ts';

/** CIE 1976 L* of an sRGB colour (IEC 61966-2-1 transfer function, D65). */
function lightness(rgb: readonly number[]): number {
  const lin = (u: number) => (u <= 0.04045 ? u / 12.92 : ((u + 0.055) / 1.055) ** 2.4);
  const y = 0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2]);
  return y > 216 / 24389 ? 116 * Math.cbrt(y) - 16 : (24389 / 27) * y;
}

function hex(h: string): number[] {
  const n = parseInt(h.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function bytes(rgb: readonly number[]): number[] {
  return rgb.map((c) => Math.round(c * 255));
}

describe('viridis', () => {
  it("matches matplotlib's viridis at the 5-class points to the fit's accuracy (5/255)", () => {
    // matplotlib viridis at t = 0, 1/4, 1/2, 3/4, 1
    const reference = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'];
    reference.forEach((h, i) => {
      const got = bytes(colormap('viridis', i / 4));
      const want = hex(h);
      for (let c = 0; c < 3; c++) expect(Math.abs(got[c] - want[c])).toBeLessThanOrEqual(5);
    });
  });

  it('interpolating the control points stays within 0.5/255 of the polynomial fit', () => {
    let worst = 0;
    for (let i = 0; i <= 4000; i++) {
      const t = i / 4000;
      const a = colormap('viridis', t);
      const b = viridisPolynomial(t);
      for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(a[c] - b[c]));
    }
    expect(worst * 255).toBeLessThan(0.5);
  });

  it('is perceptually ordered: lightness rises strictly and nearly evenly from dark to light', () => {
    const steps: number[] = [];
    let previous = lightness(colormap('viridis', 0));
    for (let i = 1; i <= 100; i++) {
      const l = lightness(colormap('viridis', i / 100));
      steps.push(l - previous);
      previous = l;
    }
    expect(Math.min(...steps)).toBeGreaterThan(0);
    expect(Math.max(...steps) / Math.min(...steps)).toBeLessThan(1.6);
    expect(lightness(colormap('viridis', 1)) - lightness(colormap('viridis', 0))).toBeGreaterThan(70);
  });
});

describe('rdbu (diverging)', () => {
  it('runs blue -> near white -> red through the ColorBrewer colours', () => {
    expect(bytes(colormap('rdbu', 0))).toEqual(hex('#053061'));
    expect(bytes(colormap('rdbu', 0.5))).toEqual(hex('#f7f7f7'));
    expect(bytes(colormap('rdbu', 1))).toEqual(hex('#67001f'));
    for (let i = 0; i < 50; i++) {
      const low = colormap('rdbu', i / 100);
      const high = colormap('rdbu', 1 - i / 100);
      expect(low[2]).toBeGreaterThan(low[0]); // bluish below the centre
      expect(high[0]).toBeGreaterThan(high[2]); // reddish above
    }
  });

  it('is lightest at the centre, darkens monotonically to both ends, and nearly symmetrically', () => {
    const l = Array.from({ length: 101 }, (_, i) => lightness(colormap('rdbu', i / 100)));
    for (let i = 0; i < 50; i++) {
      expect(l[i + 1]).toBeGreaterThan(l[i]);
      expect(l[100 - i - 1]).toBeGreaterThan(l[100 - i]);
      expect(Math.abs(l[i] - l[100 - i])).toBeLessThan(5);
    }
  });
});

describe('control point tables (for the viewport shader)', () => {
  it('hold (r, g, b, 1) per point, and colormap() passes exactly through them', () => {
    for (const name of COLORMAP_NAMES) {
      const map = COLORMAPS[name];
      expect(map.controlPoints).toBeInstanceOf(Float32Array);
      expect(map.controlPoints.length).toBe(4 * map.count);
      for (let i = 0; i < map.count; i++) {
        const rgb = colormap(name, i / (map.count - 1));
        for (let c = 0; c < 3; c++) {
          expect(rgb[c]).toBe(map.controlPoints[4 * i + c]);
          expect(rgb[c]).toBeGreaterThanOrEqual(0);
          expect(rgb[c]).toBeLessThanOrEqual(1);
        }
        expect(map.controlPoints[4 * i + 3]).toBe(1);
      }
    }
  });

  it('clamps t outside [0, 1] and rejects unknown names', () => {
    expect(colormap('viridis', -3)).toEqual(colormap('viridis', 0));
    expect(colormap('viridis', 7)).toEqual(colormap('viridis', 1));
    expect(() => colormap('jet' as never, 0.5)).toThrow('unknown colormap "jet"');
  });
});

describe('fieldToRgba', () => {
  it('maps a signed field symmetrically: zero is the centre colour whatever the data range', () => {
    const { rgba, range } = fieldToRgba(Float32Array.from([-2, 0, 1]), { colormap: 'rdbu' });
    expect(range).toEqual({ min: -2, max: 2 });
    expect([...rgba.subarray(0, 4)]).toEqual([...hex('#053061'), 255]);
    expect([...rgba.subarray(4, 8)]).toEqual([...hex('#f7f7f7'), 255]);
    expect([...rgba.subarray(8, 12)]).toEqual([...bytes(colormap('rdbu', 0.75)), 255]);
  });

  it('uses the data min/max for sequential maps, or a fixed range with clamping', () => {
    const values = [0.2, 0.6, 1.0];
    const auto = fieldToRgba(values);
    expect(auto.range).toEqual({ min: 0.2, max: 1.0 });
    expect([...auto.rgba.subarray(0, 3)]).toEqual(bytes(colormap('viridis', 0)));
    expect([...auto.rgba.subarray(8, 11)]).toEqual(bytes(colormap('viridis', 1)));
    const fixed = fieldToRgba(values, { range: { min: 0, max: 0.5 } });
    expect([...fixed.rgba.subarray(0, 3)]).toEqual(bytes(colormap('viridis', 0.4)));
    expect([...fixed.rgba.subarray(4, 7)]).toEqual(bytes(colormap('viridis', 1)));
  });

  it('paints masked points grey and non-finite values magenta, and leaves them out of the range', () => {
    const { rgba, range } = fieldToRgba([5, 100, NaN, 7], { mask: [1, 0, 1, 1] });
    expect(range).toEqual({ min: 5, max: 7 });
    expect([...rgba.subarray(4, 8)]).toEqual([...MASKED_RGBA]);
    expect([...rgba.subarray(8, 12)]).toEqual([...NONFINITE_RGBA]);
  });

  it('maps a constant field to mid-range instead of dividing by zero', () => {
    const { rgba, range } = fieldToRgba([3, 3]);
    expect(range).toEqual({ min: 3, max: 3 });
    expect([...rgba.subarray(0, 3)]).toEqual(bytes(colormap('viridis', 0.5)));
    expect(resolveRange([], 'auto')).toEqual({ min: 0, max: 0 });
    expect(() => resolveRange([1], { min: 2, max: 1 })).toThrow('min <= max');
  });
});
