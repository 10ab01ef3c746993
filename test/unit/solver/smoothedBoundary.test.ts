import { describe, expect, it } from 'vitest';
import { GRADIENT_SURFACE, nearestInsideCells, smoothedBoundary, spectralGradient } from '../../../src/solver/smoothedBoundary.ts';
import { particleIndicator } from '../../../src/solver/geometry.ts';
import { resolveScene } from '../../../src/scene/resolve.ts';
import { particle } from '../../gpu/solver/electrochemScenes.ts';

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

describe('reaction sites of a shape', () => {
  it('lie on the particle side of psi = 0.01 and keep the reactive area of |grad psi|', () => {
    const spec = resolveScene(particle({ cells: [32, 32], radiusCells: 11 }));
    const b = smoothedBoundary(spec)!;
    const raw = particleIndicator(spec)!;
    const gradient = spectralGradient(raw, spec.shape, spec.size);
    const norm = Float64Array.from(raw, (_, i) => Math.hypot(...gradient.map((g) => g[i])));
    let total = 0;
    let tail = 0;
    let sites = 0;
    for (let i = 0; i < norm.length; i++) {
      total += norm[i];
      sites += b.siteDensity[i];
      if (b.psi[i] < GRADIENT_SURFACE) {
        tail += norm[i];
        expect(b.siteDensity[i]).toBe(0);
      }
    }
    // the tail beyond the surface holds about 1-2 % of |grad psi|; those sites move inside, the sum stays
    expect(tail / total).toBeGreaterThan(0.005);
    expect(tail / total).toBeLessThan(0.03);
    expect(sites / total).toBeCloseTo(1, 12);
    for (let i = 0; i < norm.length; i++) if (b.psi[i] >= GRADIENT_SURFACE) expect(b.siteDensity[i] / norm[i]).toBeCloseTo(total / (total - tail), 12);
  });
});
