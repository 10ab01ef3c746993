import { describe, expect, it } from 'vitest';
import { nearestInsideCells } from '../../../src/solver/smoothedBoundary.ts';

/** Periodic face-step (Manhattan) distance between two cells of a grid, x fastest. */
function steps(a: number, b: number, shape: number[]): number {
  let distance = 0;
  let stride = 1;
  for (const n of shape) {
    const d = Math.abs((Math.floor(a / stride) % n) - (Math.floor(b / stride) % n));
    distance += Math.min(d, n - d);
    stride *= n;
  }
  return distance;
}

describe('nearest inside cell (the outward extension of the CHR coherency potential)', () => {
  for (const shape of [[13, 9], [7, 6, 5]]) {
    it(`is inside and as near as any inside cell, over the periodic box (${shape.join('x')})`, () => {
      const n = shape.reduce((a, b) => a * b, 1);
      // an off-centre blob plus a lone inside cell, so that some outside cells are nearest across the box edge
      const psi = Float64Array.from({ length: n }, (_, i) => (steps(i, 2, shape) <= 2 || i === n - 3 ? 0.9 : 0.01));
      const nearest = nearestInsideCells(psi, shape);
      for (let i = 0; i < n; i++) {
        const j = nearest[i];
        expect(psi[j]).toBeGreaterThanOrEqual(0.5);
        if (psi[i] >= 0.5) expect(j).toBe(i);
        let best = Infinity;
        for (let k = 0; k < n; k++) if (psi[k] >= 0.5) best = Math.min(best, steps(i, k, shape));
        expect(steps(i, j, shape)).toBe(best);
      }
    });
  }

  it('names the geometry when no cell is inside', () => {
    expect(() => nearestInsideCells(new Float64Array(8).fill(0.2), [4, 2])).toThrow('geometry: no cell of the particle has psi >= 1/2 on the grid');
  });
});
