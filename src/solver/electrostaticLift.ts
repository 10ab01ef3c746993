/**
 * The lift of held face potentials (model.electrostatics, docs/boundaries.md "Electrostatics"): a
 * harmonic field ell with ell = g_low on the face x_h = 0 and ell = g_high on x_h = L of the held axis h,
 * zero normal derivative on insulating faces and periodic across periodic ones, so that
 * phi = ell + psi with psi grounded on the held faces and eps lap(psi) = -rho (lap ell = 0).
 *
 * Built per transverse mode of the face data in the basis of the other axes (cosine on insulating
 * axes, Fourier on periodic ones; wavenumber K): ell_K(x) = G_low sinh(K (L - x)) / sinh(K L)
 * + G_high sinh(K x) / sinh(K L), linear for K = 0, each exactly harmonic, so ell is harmonic up to
 * the truncation of the face data to the grid's transverse modes. Float64 on the CPU, once per run.
 */
import { axisWavenumber, realToRealForward, realToRealInverse, type ReferenceAxis } from '../fft/realToRealReference.ts';
import type { FacePotential } from '../scene/electrostaticsSchema.ts';
import type { Spec } from '../scene/resolve.ts';
import type { HeldFaces } from './fieldPoissonReference.ts';

/** Value of a face potential at position x (scene units). */
export function facePotential(value: FacePotential, x: readonly number[]): number {
  if (typeof value === 'number') return value;
  const { amplitude, wavevector } = value.sine;
  return amplitude * Math.sin(wavevector.reduce((s, q, a) => s + q * (x[a] ?? 0), 0));
}

/** sinh(K x) / sinh(K L) without overflow for large K L. */
function sinhRatio(k: number, x: number, length: number): number {
  if (k === 0) return x / length;
  return (Math.exp(k * (x - length)) * (1 - Math.exp(-2 * k * x))) / (1 - Math.exp(-2 * k * length));
}

/**
 * The lift on the grid (x fastest, scene units of phi), or undefined without held faces. Cell positions
 * as the initial condition: (i + 1/2) h on walled axes, i h on periodic ones; `heldPositions` replaces
 * the positions along the held axis (tests evaluate the faces themselves).
 */
export function harmonicLift(spec: Pick<Spec, 'shape' | 'size' | 'spacing' | 'boundary'> & { electrostatics?: Spec['electrostatics'] }, heldPositions?: number[]): Float64Array | undefined {
  const e = spec.electrostatics;
  if (!e) return undefined;
  const held = e.faces.findIndex((f) => typeof f === 'object');
  if (held < 0) return undefined;
  const face = e.faces[held] as Exclude<(typeof e.faces)[number], string>;
  const shape = [...spec.shape];
  const dims = shape.length;
  const position = (a: number, i: number) => (i + (spec.boundary[a] === 'periodic' ? 0 : 0.5)) * spec.spacing[a];
  const kinds: ReferenceAxis[] = e.faces.map((f, a) => (a === held ? 'identity' : f === 'insulating' ? 'cosine' : 'periodic'));
  // face data on the transverse cell positions, then its transverse spectrum
  const faceShape = shape.map((n, a) => (a === held ? 1 : n));
  const faceCells = faceShape.reduce((p, n) => p * n, 1);
  const coordinates = (index: number, s: number[]) => s.map((_, a) => Math.floor(index / s.slice(0, a).reduce((p, n) => p * n, 1)) % s[a]);
  const spectra = (['low', 'high'] as const).map((side) => {
    const values = new Float64Array(faceCells);
    for (let i = 0; i < faceCells; i++) {
      const c = coordinates(i, faceShape);
      const x = c.map((m, a) => (a === held ? (side === 'low' ? 0 : spec.size[held]) : position(a, m)));
      values[i] = facePotential(face[side], x);
    }
    return realToRealForward(values, faceShape, kinds);
  });
  const along = heldPositions ?? Array.from({ length: shape[held] }, (_, i) => position(held, i));
  const liftShape = shape.map((n, a) => (a === held ? along.length : n));
  const cells = liftShape.reduce((p, n) => p * n, 1);
  const spectrum = new Float64Array(2 * cells);
  const length = spec.size[held];
  for (let i = 0; i < cells; i++) {
    const c = coordinates(i, liftShape);
    let k2 = 0;
    for (let a = 0; a < dims; a++) if (a !== held) k2 += axisWavenumber(kinds[a] as 'cosine' | 'periodic', c[a], shape[a], spec.size[a]) ** 2;
    const k = Math.sqrt(k2);
    const x = along[c[held]];
    const [low, high] = [sinhRatio(k, length - x, length), sinhRatio(k, x, length)];
    const f = c.reduce((acc, m, a) => (a === held ? acc : acc + m * faceShape.slice(0, a).reduce((p, n) => p * n, 1)), 0);
    for (const p of [0, 1]) spectrum[2 * i + p] = low * spectra[0][2 * f + p] + high * spectra[1][2 * f + p];
  }
  const lift = realToRealInverse(spectrum, liftShape, kinds);
  return Float64Array.from({ length: cells }, (_, i) => lift[2 * i]);
}

/**
 * The held potentials on the faces themselves, for the field solver (src/solver/fieldPoisson.ts), which
 * takes face values directly instead of a lift: per held axis [low, high], each over the face's cells
 * (the other axes' cell positions, x fastest); undefined on other axes.
 */
export function heldFaceValues(spec: Pick<Spec, 'shape' | 'size' | 'spacing' | 'boundary'> & { electrostatics?: Spec['electrostatics'] }): HeldFaces {
  const e = spec.electrostatics;
  if (!e) return [];
  const position = (a: number, i: number) => (i + (spec.boundary[a] === 'periodic' ? 0 : 0.5)) * spec.spacing[a];
  return e.faces.map((face, held) => {
    if (typeof face !== 'object') return undefined;
    const faceShape = spec.shape.map((n, a) => (a === held ? 1 : n));
    const cells = faceShape.reduce((p, n) => p * n, 1);
    const values = (side: 'low' | 'high') =>
      Float64Array.from({ length: cells }, (_, i) => {
        const x = faceShape.map((_, a) => {
          if (a === held) return side === 'low' ? 0 : spec.size[held];
          const stride = faceShape.slice(0, a).reduce((p, n) => p * n, 1);
          return position(a, Math.floor(i / stride) % faceShape[a]);
        });
        return facePotential(face[side], x);
      });
    return [values('low'), values('high')] as const;
  });
}
