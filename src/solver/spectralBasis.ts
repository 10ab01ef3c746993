/**
 * The spectral basis of a scene's box (docs/boundaries.md): the Fourier basis of a periodic box
 * (RealFft, half spectrum), or per-axis cosine / sine bases for walls (RealToRealFft, full spectrum):
 *   grid.boundary  "periodic" -> periodic (k = 2 pi m / L),  "noFlux" -> cosine (k = pi m / L),
 *                  "fixed" -> sine (k = pi (m + 1) / L)
 * The spectral update kernels see the choice through ChParams.basis and spectrumShape (ch/wavevector).
 */
import type { GpuContext } from '../gpu/device.ts';
import type { GpuTimer } from '../gpu/timing.ts';
import type { PipelineCache } from '../gpu/pipelineCache.ts';
import { RealFft } from '../fft/realFft.ts';
import { RealToRealFft, type AxisTransform } from '../fft/realToRealFft.ts';
import type { BoundaryKind } from '../scene/boundarySchema.ts';
import type { Spec } from '../scene/resolve.ts';

/** What the basis depends on: the faces of each axis. */
type Faces = { readonly boundary: readonly BoundaryKind[] };

const TRANSFORM: Record<BoundaryKind, AxisTransform> = { periodic: 'periodic', noFlux: 'cosine', fixed: 'sine' };
const BASIS_CODE: Record<AxisTransform, number> = { periodic: 0, cosine: 1, sine: 2 };

/** The transform of each axis of the scene's box. */
export function axisTransforms(spec: Faces): AxisTransform[] {
  return spec.boundary.map((b) => TRANSFORM[b]);
}

/** True when some face of the box is a wall (the spectrum is then the full r2r spectrum). */
export function hasWalls(spec: Faces): boolean {
  return spec.boundary.some((b) => b !== 'periodic');
}

/** ChParams.basis: per axis 0 periodic, 1 cosine, 2 sine (z: 0 in 2D), and a trailing 0. */
export function basisCodes(spec: Faces): number[] {
  const codes = axisTransforms(spec).map((t) => BASIS_CODE[t]);
  while (codes.length < 4) codes.push(0);
  return codes;
}

export type SpectralTransform = RealFft | RealToRealFft;

/** The transform a stepper uses for the scene's box. */
export function createSpectralTransform(gpu: GpuContext, spec: Spec, options: { cache: PipelineCache; label: string; timer?: GpuTimer }): SpectralTransform {
  if (hasWalls(spec)) return new RealToRealFft(gpu, spec.shape, axisTransforms(spec), { cache: options.cache, label: options.label });
  // Box lengths in internal units, so fused derivatives use the same k as the update kernels.
  return new RealFft(gpu, spec.shape, { cache: options.cache, label: options.label, lengths: spec.internal.size, timer: options.timer });
}
