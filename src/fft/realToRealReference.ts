/**
 * Float64 CPU twin of the real-to-real transforms (src/fft/realToRealFft.ts): per axis a cosine
 * (DCT-II forward / DCT-III inverse), sine (DST-II / DST-III) or periodic (DFT) transform of a real
 * grid, evaluated straight from the definitions as O(N^2) sums per line, so it shares nothing with the
 * GPU's algorithm. For tests and small grids only.
 *
 * Conventions (cell-centred grid, x_n = (n + 1/2) h, walls at the faces x = 0 and x = L):
 *   cosine  X[k] = sum_n x[n] cos(pi k (n + 1/2) / N),        k = 0 .. N-1   (wavenumber pi k / L)
 *   sine    X[k] = sum_n x[n] sin(pi (k + 1) (n + 1/2) / N),  k = 0 .. N-1   (wavenumber pi (k + 1) / L)
 *   periodic X[k] = sum_n x[n] e^{-2 pi i k n / N}
 * (FFTW's REDFT10 / RODFT10 are twice these.) The inverse is the exact inverse of each, so
 * inverse(forward(x)) == x:
 *   cosine  x[n] = (1/N) (X[0] + 2 sum_{k>=1} X[k] cos(pi k (n + 1/2) / N))
 *   sine    x[n] = (1/N) (2 sum_{k<N-1} X[k] sin(pi (k + 1) (n + 1/2) / N) + X[N-1] (-1)^n)
 * The spectrum is complex (periodic axes make it so), interleaved (re, im), x fastest, full size.
 */

/** How one axis is transformed: `cosine` for no-flux (Neumann) walls, `sine` for fixed-value (Dirichlet) walls. */
export type AxisTransform = 'periodic' | 'cosine' | 'sine';
/** The reference may also leave an axis as it is ('identity'), to transform the others only. */
export type ReferenceAxis = AxisTransform | 'identity';

/** The 1D matrix of one axis transform: forward [k][n] (re, im) or inverse [n][k] (re, im). */
function axisMatrix(kind: AxisTransform, n: number, inverse: boolean): { re: Float64Array; im: Float64Array } {
  const re = new Float64Array(n * n);
  const im = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < n; j++) {
      // row = output index, column = input index
      const [row, col] = inverse ? [j, k] : [k, j];
      let a = 0;
      let b = 0;
      if (kind === 'periodic') {
        const angle = (2 * Math.PI * ((k * j) % n)) / n;
        a = Math.cos(angle) / (inverse ? n : 1);
        b = (inverse ? 1 : -1) * Math.sin(angle) / (inverse ? n : 1);
      } else if (kind === 'cosine') {
        a = Math.cos((Math.PI * k * (j + 0.5)) / n);
        if (inverse) a *= (k === 0 ? 1 : 2) / n;
      } else {
        a = Math.sin((Math.PI * (k + 1) * (j + 0.5)) / n);
        if (inverse) a *= (k === n - 1 ? 1 : 2) / n;
      }
      re[row * n + col] = a;
      im[row * n + col] = b;
    }
  }
  return { re, im };
}

/** Apply one axis's matrix to every line of a complex grid (interleaved), in place. */
function applyAlongAxis(data: Float64Array, shape: readonly number[], axis: number, matrix: { re: Float64Array; im: Float64Array }): void {
  const n = shape[axis];
  const stride = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const total = shape.reduce((a, b) => a * b, 1);
  const lineRe = new Float64Array(n);
  const lineIm = new Float64Array(n);
  for (let start = 0; start < total; start++) {
    if (Math.floor(start / stride) % n !== 0) continue; // first point of a line along `axis`
    for (let j = 0; j < n; j++) {
      lineRe[j] = data[2 * (start + j * stride)];
      lineIm[j] = data[2 * (start + j * stride) + 1];
    }
    for (let k = 0; k < n; k++) {
      let re = 0;
      let im = 0;
      for (let j = 0; j < n; j++) {
        const mr = matrix.re[k * n + j];
        const mi = matrix.im[k * n + j];
        re += mr * lineRe[j] - mi * lineIm[j];
        im += mr * lineIm[j] + mi * lineRe[j];
      }
      data[2 * (start + k * stride)] = re;
      data[2 * (start + k * stride) + 1] = im;
    }
  }
}

/** Forward transform of a real grid (x fastest) with one transform per axis; returns the complex spectrum (interleaved). */
export function realToRealForward(x: ArrayLike<number>, shape: readonly number[], axes: readonly ReferenceAxis[]): Float64Array {
  const out = new Float64Array(2 * x.length);
  for (let i = 0; i < x.length; i++) out[2 * i] = x[i];
  axes.forEach((kind, axis) => kind !== 'identity' && applyAlongAxis(out, shape, axis, axisMatrix(kind, shape[axis], false)));
  return out;
}

/** Inverse transform of a complex spectrum (interleaved) back to the grid; returns complex values (interleaved; real for a real field). */
export function realToRealInverse(spectrum: Float64Array, shape: readonly number[], axes: readonly ReferenceAxis[]): Float64Array {
  const out = Float64Array.from(spectrum);
  axes.forEach((kind, axis) => kind !== 'identity' && applyAlongAxis(out, shape, axis, axisMatrix(kind, shape[axis], true)));
  return out;
}

/**
 * Wavenumber of mode index m on an axis of n cells and length L: periodic 2 pi m' / L (m' signed in
 * (-n/2, n/2]), cosine pi m / L, sine pi (m + 1) / L. Spectral second derivatives are -k^2 per axis.
 */
export function axisWavenumber(kind: AxisTransform, m: number, n: number, length: number): number {
  if (kind === 'cosine') return (Math.PI * m) / length;
  if (kind === 'sine') return (Math.PI * (m + 1)) / length;
  return (2 * Math.PI * (m > n / 2 ? m - n : m)) / length;
}
