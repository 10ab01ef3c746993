/**
 * The free-energy kinds on the GPU: which WGSL library implements f and f' (shaders/ch/free_energy_*.wgsl,
 * imported as `ch/free_energy`) and how the kind's coefficients fill the fe0..fe2 uniform vectors that
 * ChParams and AcrParams share.
 */
import doubleWellSource from '../../shaders/ch/free_energy_double_well.wgsl?raw';
import regularSolutionSource from '../../shaders/ch/free_energy_regular_solution.wgsl?raw';
import polynomialSource from '../../shaders/ch/free_energy_polynomial.wgsl?raw';
import { LOG_CLAMP, type FreeEnergyParams } from '../physics/freeEnergy.ts';

export const FREE_ENERGY_WGSL: Record<FreeEnergyParams['kind'], string> = {
  doubleWell: doubleWellSource,
  regularSolution: regularSolutionSource,
  polynomial: polynomialSource,
};

/** Coefficients in the order the kind's WGSL reads them from fe0, fe1, fe2. */
export function freeEnergyCoefficients(fe: FreeEnergyParams): number[] {
  switch (fe.kind) {
    case 'doubleWell':
      return [fe.rho, fe.ca, fe.cb];
    case 'regularSolution':
      return [fe.rt, fe.omega, LOG_CLAMP];
    case 'polynomial':
      return shiftedPolynomial(fe.coefficients, POLYNOMIAL_CENTRE);
  }
}

/** The composition about which the GPU evaluates a polynomial f (shaders/ch/free_energy_polynomial.wgsl). */
export const POLYNOMIAL_CENTRE = 0.5;

/**
 * Taylor coefficients b_j of p(c) = sum_j a_j c^j about c0, p = sum_j b_j (c - c0)^j, in float64:
 * b_j = sum_{i >= j} a_i binom(i, j) c0^(i - j). The GPU's Horner sum in c - c0 then cancels far less in
 * float32 than the monomial one (the shader's header has the numbers).
 */
export function shiftedPolynomial(a: readonly number[], c0: number): number[] {
  return a.map((_, j) => {
    let b = 0;
    let binomial = 1; // binom(i, j), starting at i = j
    for (let i = j; i < a.length; i++) {
      b += a[i] * binomial * c0 ** (i - j);
      binomial = (binomial * (i + 1)) / (i + 1 - j);
    }
    return b;
  });
}
