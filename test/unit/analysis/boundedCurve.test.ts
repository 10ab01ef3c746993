import { describe, expect, it } from 'vitest';
import { BoundedCurve } from '../../../src/analysis/boundedCurve.ts';

describe('BoundedCurve', () => {
  it('keeps at most `capacity` evenly strided points of a long stream, first and last included', () => {
    const curve = new BoundedCurve(100);
    for (let i = 0; i < 1_000_000; i++) curve.add(i, 2 * i);
    const v = curve.values([999_999, 1_999_998]);
    expect(v.length).toBeLessThanOrEqual(101);
    expect(v.length).toBeGreaterThan(50);
    expect(v[0]).toEqual([0, 0]);
    expect(v.at(-1)).toEqual([999_999, 1_999_998]);
    const gaps = new Set(v.slice(1, -1).map((p, i) => p[0] - v[i][0]));
    expect(gaps.size).toBe(1); // one stride between all kept points
  });
  it('keeps every point of a short stream', () => {
    const curve = new BoundedCurve(100);
    for (let i = 0; i < 10; i++) curve.add(i, i);
    expect(curve.values().map((p) => p[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
