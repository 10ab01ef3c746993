import { describe, expect, it } from 'vitest';
import { autoStabilizer, commonTangent, freeEnergy } from '../../../src/physics/freeEnergy.ts';

/** Central finite differences, step h: error O(h^2 f'''), far below the 1e-6 tolerance at h = 1e-5. */
function numericDerivative(fn: (c: number) => number, c: number, h = 1e-5): number {
  return (fn(c + h) - fn(c - h)) / (2 * h);
}

describe('free energies: derivatives agree with finite differences', () => {
  const cases = [
    freeEnergy({ kind: 'doubleWell', rho: 5, ca: 0.3, cb: 0.7 }),
    freeEnergy({ kind: 'regularSolution', siteDensity: 1, rt: 1, omega: 4.5 }),
    freeEnergy({ kind: 'polynomial', coefficients: [0.1, -0.3, 2, -4, 2.5] }),
  ];
  for (const fe of cases) {
    it(fe.params.kind, () => {
      for (const c of [0.05, 0.2, 0.45, 0.5, 0.8, 0.93]) {
        expect(fe.df(c)).toBeCloseTo(numericDerivative(fe.f, c), 6);
        expect(fe.d2f(c)).toBeCloseTo(numericDerivative(fe.df, c), 5);
      }
    });
  }
  it('regular solution stays finite at c = 0 and 1 (clamped logarithms)', () => {
    const fe = freeEnergy({ kind: 'regularSolution', siteDensity: 1, rt: 1, omega: 4.5 });
    for (const c of [0, 1, -0.01, 1.01]) {
      expect(Number.isFinite(fe.f(c))).toBe(true);
      expect(Number.isFinite(fe.df(c))).toBe(true);
    }
  });
});

describe('common tangent', () => {
  it('double well: the two minima ca and cb', () => {
    const [a, b] = commonTangent(freeEnergy({ kind: 'doubleWell', rho: 5, ca: 0.3, cb: 0.7 }))!;
    expect(a).toBeCloseTo(0.3, 9);
    expect(b).toBeCloseTo(0.7, 9);
  });
  it('regular solution Omega = 3 RT: symmetric binodal with ln(c/(1-c)) = Omega (2c - 1)', () => {
    const [a, b] = commonTangent(freeEnergy({ kind: 'regularSolution', siteDensity: 1, rt: 1, omega: 3 }))!;
    expect(a + b).toBeCloseTo(1, 9);
    expect(Math.log(a / (1 - a))).toBeCloseTo(3 * (2 * a - 1), 9);
    expect(a).toBeGreaterThan(0.05);
    expect(a).toBeLessThan(0.08);
  });
  it('no miscibility gap above the critical point (Omega < 2 RT)', () => {
    expect(commonTangent(freeEnergy({ kind: 'regularSolution', siteDensity: 1, rt: 1, omega: 1.9 }))).toBeNull();
  });
  it('auto stabilizer is an eighth of the largest curvature between the binodal compositions', () => {
    const fe = freeEnergy({ kind: 'doubleWell', rho: 5, ca: 0.3, cb: 0.7 });
    // f''(ca) = f''(cb) = 2 rho (cb - ca)^2 = 1.6 is the maximum on [ca, cb]
    expect(autoStabilizer(fe, [0.47, 0.53])).toBeCloseTo(0.2, 9);
  });
});
