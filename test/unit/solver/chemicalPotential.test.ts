import { describe, expect, it } from 'vitest';
import { resolveScene } from '../../../src/scene/resolve.ts';
import { findBundledScene } from '../../../src/scene/bundled.ts';
import { chemicalPotentialField } from '../../../src/solver/chemicalPotential.ts';

describe('chemical potential field for outputs', () => {
  it('mu = f\'(c) - kappa lap c of a single cosine matches the analytic value (scene units)', () => {
    const json = structuredClone(findBundledScene('pfhub-bm1a')!.json) as Record<string, any>;
    json.grid = { cells: [32, 16], size: [64, 32] };
    const spec = resolveScene(json);
    const [nx, ny] = spec.shape;
    const k = (2 * Math.PI * 3) / 64;
    const c = new Float64Array(nx * ny);
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) c[i + nx * j] = 0.5 + 0.1 * Math.cos(k * i * 2);
    const mu = chemicalPotentialField(spec, c);
    // f = 5 (c - 0.3)^2 (0.7 - c)^2, kappa = 2: mu = f'(c) + kappa k^2 (c - 0.5)
    for (const index of [0, 5, 17, nx * 3 + 9]) {
      const x = c[index];
      const fPrime = 2 * 5 * (x - 0.3) * (0.7 - x) * (1 - 2 * x);
      expect(mu[index]).toBeCloseTo(fPrime + 2 * k * k * (x - 0.5), 5); // float32 output
    }
  });
});
