import { describe, expect, it } from 'vitest';
import { contourRadius, precipitateCentre, precipitateShape } from '../../../src/analysis/precipitateShape.ts';

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
  it('contourRadius finds the 0.5 level of a smooth profile along any ray (PFHub 4: a10, a01, a_d)', () => {
    // tanh-profiled ellipse, semi-axes 30 and 12 (spacing 0.5), centred off the grid nodes and across the edge
    const n = 256;
    const h = 0.5;
    const [cx, cy] = [0.93 * n * h, 0.41 * n * h];
    const eta = new Float64Array(n * n);
    const wrap = (d: number) => d - n * h * Math.round(d / (n * h));
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) {
        const x = wrap(i * h - cx);
        const y = wrap(j * h - cy);
        const q = Math.hypot(x / 30, y / 12);
        const d = (q - 1) / (Math.hypot(x / 900, y / 144) / Math.max(q, 1e-12)); // first-order distance
        eta[i + n * j] = 0.0065 + (1 - 0.0065) * 0.5 * (1 - Math.tanh(d / 1.7));
      }
    const centre = precipitateCentre(eta, [n, n]);
    expect(Math.abs(centre[0] * h - cx)).toBeLessThan(0.02);
    expect(Math.abs(centre[1] * h - cy)).toBeLessThan(0.02);
    const r = (angle: number) => contourRadius(eta, [n, n], [h, h], centre, angle);
    // eta = 0.5 where d = 1.7 artanh(0.0065 / 0.9935) = 0.011 inside the ellipse
    expect(r(0)).toBeCloseTo(30 - 0.011, 1);
    expect(r(Math.PI)).toBeCloseTo(30 - 0.011, 1);
    expect(r(Math.PI / 2)).toBeCloseTo(12 - 0.011, 1);
    // the diagonal at tan(theta) = 12/30 meets the ellipse at radius 1/sqrt(cos^2/30^2 + sin^2/12^2)
    const theta = Math.atan2(12, 30);
    expect(r(theta)).toBeCloseTo(1 / Math.hypot(Math.cos(theta) / 30, Math.sin(theta) / 12), 1);
    expect(() => contourRadius(eta, [n, n], [h, h], [cx / h + 100, cy / h], 0)).toThrow('not above the level');
  });
});
