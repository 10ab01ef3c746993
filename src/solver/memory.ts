/**
 * GPU memory a scene needs, computed before anything is allocated (DESIGN.md 6: <= 40 B/cell for CH).
 * Mirrors the buffers of CahnHilliardStepper and Simulation; test/gpu/solver checks the two agree.
 */
import type { Spec } from '../scene/resolve.ts';
import { hasWalls } from './spectralBasis.ts';

export interface MemoryEstimate {
  /** the largest single buffer (bytes): what maxStorageBufferBindingSize must allow */
  largestBuffer: number;
  total: number;
  bytesPerCell: number;
}

export function estimateMemory(spec: Spec): MemoryEstimate {
  const [nx, ny, nz = 1] = spec.shape;
  const cells = nx * ny * nz;
  // A periodic box keeps the half spectrum; walls the full real-to-real spectrum (src/fft/realToRealFft.ts).
  const spectrum = (hasWalls(spec) ? nx : nx / 2 + 1) * ny * nz * 8;
  const real = cells * 4;
  // Stepper: c and g (real); c_hat, g_hat, previous increment (complex half spectra). Variable
  // mobility adds one flux field (real), a mu_hat scratch and one flux spectrum per axis.
  // Between walls each no-flux axis adds a flux-basis transform with its own line buffer (one spectrum).
  const wallTransforms = spec.mobilityForm === 'lattice' ? spec.boundary.filter((b) => b === 'noFlux').length * spectrum : 0;
  const variable = spec.mobilityForm === 'lattice' ? real + (1 + spec.dims) * spectrum + wallTransforms : 0;
  const stepper = 2 * real + 3 * spectrum + variable;
  // Simulation: two snapshots of the state (c, c_hat, previous increment); FFT scratch: one spectrum
  // (RealFft's four-step / preserved-input scratch, or RealToRealFft's complex line buffer).
  const total = stepper + 2 * (real + 2 * spectrum) + spectrum;
  return { largestBuffer: Math.max(real, spectrum), total, bytesPerCell: total / cells };
}
