/**
 * The uniform fields every stepper fills the same way from the resolved scene (internal units): the grid
 * (ChParams and AcrParams name them alike, so the shared WGSL library ch/wavevector reads either) and the
 * free-energy coefficients, gradient coefficient and adaptive step control.
 */
import type { Spec } from '../scene/resolve.ts';
import { freeEnergyCoefficients } from './freeEnergyKernels.ts';
import { basisCodes, hasWalls } from './spectralBasis.ts';

/**
 * shape, spectrumShape, inverseSize and basis of the box: the half spectrum (x halved) of a periodic box,
 * the full spectrum with per-axis cosine / sine bases where it has walls (src/solver/spectralBasis.ts).
 */
export function gridFields(spec: Spec): { shape: number[]; spectrumShape: number[]; inverseSize: number[]; basis: number[] } {
  const [nx, ny, nz = 1] = spec.shape;
  const size = spec.internal.size;
  return {
    shape: [nx, ny, nz, 0],
    spectrumShape: [hasWalls(spec) ? nx : nx / 2 + 1, ny, nz, 0],
    inverseSize: [1 / size[0], 1 / size[1], spec.dims === 3 ? 1 / size[2] : 0, 0],
    basis: basisCodes(spec),
  };
}

/** fe0..fe2 (ch/free_energy), kappa, the cell volume and the adaptive step control (time.control, tEnd). */
export function modelAndControlFields(spec: Spec) {
  const internal = spec.internal;
  const coefficients = freeEnergyCoefficients(internal.freeEnergy);
  const fe = Array.from({ length: 12 }, (_, i) => coefficients[i] ?? 0);
  const control = internal.control;
  const accuracy = control.kind === 'accuracy';
  return {
    fe0: fe.slice(0, 4),
    fe1: fe.slice(4, 8),
    fe2: fe.slice(8, 12),
    kappa: internal.kappa,
    cellVolume: internal.spacing.reduce((a, b) => a * b, 1),
    adaptive: accuracy ? 1 : 0,
    tolerance: accuracy ? control.tolerance : 0,
    dtMin: accuracy ? Math.min(1e-6, control.dtInitial) : 0,
    dtMax: accuracy ? control.dtMax : 0,
    tEnd: internal.tEnd,
  };
}
