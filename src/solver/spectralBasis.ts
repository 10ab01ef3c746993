/**
 * The spectral basis of a scene's box (docs/boundaries.md): the Fourier basis of a periodic box
 * (RealFft, half spectrum), or per-axis cosine / sine bases for walls (RealToRealFft, full spectrum):
 *   grid.boundary  "periodic" -> periodic (k = 2 pi m / L),  "noFlux" -> cosine (k = pi m / L),
 *                  "fixed" -> sine (k = pi (m + 1) / L)
 * The spectral update kernels see the choice through ChParams.basis and spectrumShape (ch/wavevector);
 * the transforms themselves are made by src/solver/spectralTransform.ts. Pure TypeScript (no GPU).
 */
import type { AxisTransform } from '../fft/realToRealReference.ts';
import type { BoundaryKind } from '../scene/boundarySchema.ts';

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
