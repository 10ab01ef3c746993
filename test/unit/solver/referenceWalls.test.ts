/**
 * The float64 twin between no-flux walls (cosine basis) against the same problem mirrored into a periodic
 * box twice as long on each walled axis: the even (half-sample-symmetric) extension of a field is what
 * the cosine basis represents, Cahn-Hilliard preserves that symmetry, and the mirrored field has no
 * Nyquist content, so the two must agree to round-off. An independent check of the walled twin (its
 * wavenumbers pi m / L, its Parseval weights), which the GPU tests then use as their reference.
 */
import { describe, expect, it } from 'vitest';
import { resolveScene } from '../../../src/scene/resolve.ts';
import { CahnHilliardReference } from '../../../src/solver/referenceStep.ts';
import { initialConcentration } from '../../../src/solver/initialCondition.ts';

function scene(cells: number[], boundary: unknown, mobility: unknown): Record<string, unknown> {
  return {
    name: 'mirror-test',
    description: 'test scene',
    units: 'dimensionless',
    grid: { cells, size: cells, boundary },
    model: { freeEnergy: { kind: 'doubleWell', rho: 5, ca: 0.3, cb: 0.7 }, kappa: 2, mobility, stabilizer: 0.5 },
    initial: { kind: 'noise', mean: 0.45, amplitude: 0.05, seed: 3 },
    time: { tEnd: 1e9, integrator: 'semiImplicitEuler', control: { kind: 'fixed', dt: 0.2 } },
  };
}

/** Mirror c (shape `shape`) evenly through the far face of every walled axis. */
function mirror(c: Float64Array, shape: number[], walled: boolean[]): { field: Float64Array; shape: number[] } {
  const big = shape.map((n, a) => (walled[a] ? 2 * n : n));
  const [bx, by, bz = 1] = big;
  const [nx, ny] = shape;
  const fold = (i: number, n: number, w: boolean) => (w && i >= n ? 2 * n - 1 - i : i);
  const field = new Float64Array(bx * by * bz);
  for (let z = 0; z < bz; z++)
    for (let y = 0; y < by; y++)
      for (let x = 0; x < bx; x++) {
        const [i, j, k] = [fold(x, nx, walled[0]), fold(y, ny, walled[1]), fold(z, shape[2] ?? 1, walled[2] ?? false)];
        field[x + bx * (y + by * z)] = c[i + nx * (j + ny * k)];
      }
  return { field, shape: big };
}

describe('float64 twin with no-flux walls equals the mirrored periodic problem', () => {
  const cases: { cells: number[]; boundary: string[]; mobility: unknown }[] = [
    { cells: [16, 12], boundary: ['noFlux', 'noFlux'], mobility: { kind: 'constant', value: 5 } },
    { cells: [10, 8, 8], boundary: ['noFlux', 'periodic', 'noFlux'], mobility: { kind: 'constant', value: 5 } },
    { cells: [16, 12], boundary: ['noFlux', 'noFlux'], mobility: { kind: 'diffusivity', diffusivity: 20, form: 'lattice' } },
    { cells: [10, 8, 8], boundary: ['periodic', 'noFlux', 'noFlux'], mobility: { kind: 'diffusivity', diffusivity: 20, form: 'lattice' } },
  ];
  for (const { cells, boundary, mobility } of cases) {
    it(`${cells.join(' x ')} ${boundary.join(' / ')} (${(mobility as { kind: string }).kind} mobility), first order and ETDRK4`, () => {
      const walled = boundary.map((b) => b !== 'periodic');
      const spec = resolveScene(scene(cells, boundary, mobility));
      const initial = initialConcentration(spec);
      const mirrored = mirror(initial, cells, walled);
      const periodicSpec = resolveScene(scene(mirrored.shape, 'periodic', mobility));
      expect(periodicSpec.scales.time).toBe(spec.scales.time);
      for (const integrator of ['first order', 'etdrk4']) {
        const walls = new CahnHilliardReference(spec, initial);
        const periodic = new CahnHilliardReference(periodicSpec, mirrored.field);
        const copies = walled.reduce((p, w) => p * (w ? 2 : 1), 1);
        expect(periodic.freeEnergy() / copies).toBeCloseTo(walls.freeEnergy(), 9);
        const dt = 0.2 / spec.scales.time;
        for (let s = 0; s < 8; s++) {
          if (integrator === 'etdrk4') {
            walls.stepEtdrk4(dt);
            periodic.stepEtdrk4(dt);
          } else {
            walls.step(dt);
            periodic.step(dt);
          }
        }
        const expected = mirror(walls.concentration, cells, walled).field;
        let worst = 0;
        for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(periodic.concentration[i] - expected[i]));
        expect(worst).toBeLessThan(1e-12);
        expect(periodic.freeEnergy() / copies).toBeCloseTo(walls.freeEnergy(), 9);
        // it moved
        expect(Math.max(...walls.concentration.map((c, i) => Math.abs(c - initial[i])))).toBeGreaterThan(1e-3);
      }
    });
  }
});
