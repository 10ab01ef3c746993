import { describe, expect, it } from 'vitest';
import { freeEnergyCoefficients, POLYNOMIAL_CENTRE, shiftedPolynomial } from '../../../src/solver/freeEnergyKernels.ts';
import { freeEnergy } from '../../../src/physics/freeEnergy.ts';

describe('polynomial free energy on the GPU: coefficients about c = 1/2', () => {
  // PFHub benchmark 4: w = 0.1 times the benchmark's a_j
  const a = [0, 0, 8.072789087, -81.24549382, 408.0297321, -1244.129167, 2444.04627, -3120.635139, 2506.663551, -1151.003178, 230.2006355].map((v) => 0.1 * v);
  const b = shiftedPolynomial(a, POLYNOMIAL_CENTRE);
  const fe = freeEnergy({ kind: 'polynomial', coefficients: a });
  it('is the same polynomial: f and f\' agree with the monomial form (float64)', () => {
    for (const c of [-0.05, 0, 0.0065, 0.3, 0.5, 0.77, 1, 1.03]) {
      const x = c - POLYNOMIAL_CENTRE;
      const f = b.reduce((s, bj, j) => s + bj * x ** j, 0);
      const df = b.reduce((s, bj, j) => (j >= 1 ? s + j * bj * x ** (j - 1) : s), 0);
      expect(f).toBeCloseTo(fe.f(c), 9);
      expect(df).toBeCloseTo(fe.df(c), 8);
    }
    expect(freeEnergyCoefficients({ kind: 'polynomial', coefficients: a })).toEqual(b);
    // a quadratic by hand: 1 + 2c + 3c^2 = 2.75 + 5 (c - 1/2) + 3 (c - 1/2)^2
    expect(shiftedPolynomial([1, 2, 3], 0.5)).toEqual([2.75, 5, 3]);
  });
  it('cancels ~7000x less in float32 at c = 1 (the roundoff bound sum_j j |b_j| |x|^(j-1) against sum_j j |a_j|)', () => {
    const monomial = a.reduce((s, aj, j) => s + j * Math.abs(aj), 0);
    const shifted = b.reduce((s, bj, j) => s + j * Math.abs(bj) * 0.5 ** Math.max(0, j - 1), 0);
    expect(monomial).toBeGreaterThan(7000);
    expect(shifted).toBeLessThan(1.1);
    // and so the float32 Horner sums: f' at c = 1 is 0 exactly
    const f32 = Math.fround;
    const horner = (coef: number[], x: number) => coef.reduceRight((s, cj, j) => (j >= 1 ? f32(f32(s * f32(x)) + f32(j * cj)) : s), 0);
    expect(Math.abs(horner(a, 1))).toBeGreaterThan(1e-6);
    expect(Math.abs(horner(b, 0.5))).toBeLessThan(1e-6);
  });
});
