import { describe, expect, it } from 'vitest';
import { precipitateShape } from '../../../src/analysis/precipitateShape.ts';

function field(n: number, inside: (x: number, y: number) => boolean): Float64Array {
  const c = new Float64Array(n * n);
  const wrap = (d: number) => ((((d + n / 2) % n) + n) % n) - n / 2; // periodic offsets
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) c[i + n * j] = inside(wrap(i - n / 2 + 7), wrap(j - n / 2 - 11)) ? 0.9 : 0.1;
  return c;
}

const wrapped = (d: number) => ((((d + 64) % 128) + 128) % 128) - 64;

describe('precipitateShape', () => {
  it('a disc has aspect ratio 1, squareness 1 and its area', () => {
    const s = precipitateShape(field(128, (x, y) => x * x + y * y <= 20 * 20), [128, 128], [1, 1]);
    expect(s.equivalentRadius).toBeCloseTo(20, 0);
    expect(Math.abs(s.aspectRatio - 1)).toBeLessThan(0.02);
    expect(Math.abs(s.squareness - 1)).toBeLessThan(0.06);
  });
  it('an ellipse has aspect ratio a/b; a square squareness 1/sqrt 2; both across the periodic edge', () => {
    const e = precipitateShape(field(128, (x, y) => (x / 30) ** 2 + (y / 12) ** 2 <= 1), [128, 128], [0.5, 0.5]);
    expect(Math.abs(e.aspectRatio / 2.5 - 1)).toBeLessThan(0.03);
    expect(Math.abs(e.angle)).toBeLessThan(1e-6);
    const sq = precipitateShape(field(128, (x, y) => Math.abs(wrapped(x + 60)) <= 15 && Math.abs(y) <= 15), [128, 128], [1, 1]);
    expect(Math.abs(sq.squareness - Math.SQRT1_2)).toBeLessThan(0.06);
    expect(Math.abs(sq.aspectRatio - 1)).toBeLessThan(0.02);
  });
});
