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
      return fe.coefficients;
  }
}
