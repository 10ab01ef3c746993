import { describe, expect, it } from 'vitest';
import { axisWavenumber, realToRealForward, realToRealInverse, type AxisTransform } from '../../../src/fft/realToRealReference.ts';
import { makhoulTwiddles } from '../../../src/fft/realToRealFft.ts';

describe('float64 real-to-real reference', () => {
  it('single cosine / sine modes land on one coefficient of size N/2 (per walled axis)', () => {
    const [nx, ny] = [12, 10];
    const [kx, ky] = [3, 4];
    const x = new Float64Array(nx * ny);
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) x[i + nx * j] = Math.cos((Math.PI * kx * (i + 0.5)) / nx) * Math.sin((Math.PI * (ky + 1) * (j + 0.5)) / ny);
    const spectrum = realToRealForward(x, [nx, ny], ['cosine', 'sine']);
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const expected = i === kx && j === ky ? (nx / 2) * (ny / 2) : 0;
        expect(spectrum[2 * (i + nx * j)]).toBeCloseTo(expected, 10);
        expect(spectrum[2 * (i + nx * j) + 1]).toBeCloseTo(0, 10);
      }
  });

  it('inverse(forward(x)) == x for every mix of axis transforms', () => {
    const shape = [6, 5, 4];
    const kinds: AxisTransform[] = ['periodic', 'cosine', 'sine'];
    const x = Float64Array.from({ length: 120 }, (_, i) => Math.sin(1.7 * i) + 0.3 * Math.cos(0.2 * i * i));
    for (const a of kinds)
      for (const b of kinds)
        for (const c of kinds) {
          const back = realToRealInverse(realToRealForward(x, shape, [a, b, c]), shape, [a, b, c]);
          for (let i = 0; i < x.length; i++) {
            expect(back[2 * i]).toBeCloseTo(x[i], 12);
            expect(back[2 * i + 1]).toBeCloseTo(0, 12);
          }
        }
  });

  it('wavenumbers: pi m / L (cosine), pi (m + 1) / L (sine), 2 pi m / L signed (periodic)', () => {
    expect(axisWavenumber('cosine', 3, 8, 2)).toBeCloseTo((3 * Math.PI) / 2, 14);
    expect(axisWavenumber('sine', 0, 8, 2)).toBeCloseTo(Math.PI / 2, 14);
    expect(axisWavenumber('periodic', 5, 8, 2)).toBeCloseTo((2 * Math.PI * -3) / 2, 14);
  });

  it('Makhoul twiddles w_k = e^{-i pi k / 2N} per walled axis, packed one table after another', () => {
    const { data, offsets } = makhoulTwiddles([4, 6, 8], ['cosine', 'periodic', 'sine']);
    expect(offsets).toEqual([0, 0, 4]);
    expect(data.length).toBe(2 * (4 + 8));
    expect(data[2 * 1]).toBeCloseTo(Math.cos(Math.PI / 8), 15);
    expect(data[2 * 1 + 1]).toBeCloseTo(-Math.sin(Math.PI / 8), 15);
    expect(data[2 * (4 + 3) + 1]).toBeCloseTo(-Math.sin((3 * Math.PI) / 16), 15);
  });
});
