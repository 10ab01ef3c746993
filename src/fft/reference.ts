/**
 * Float64 CPU Fourier transforms: the twins the GPU FFT is tested against, and a reference for any
 * code that needs an exact spectrum on the CPU (tests, analysis of small grids). O(N log N) mixed-radix
 * decimation in time (Cooley-Tukey with the smallest prime factor first), any length (prime factors
 * other than 2, 3, 5 fall back to a direct DFT of that factor).
 *
 * Convention: forward X[k] = sum_n x[n] e^{-2 pi i k n / N}; inverse x[n] = (1/N) sum_k X[k] e^{+...}.
 * Complex data is interleaved (re, im) in a Float64Array; x is the fastest index.
 */

function smallestFactor(n: number): number {
  for (const p of [2, 3, 5]) if (n % p === 0) return p;
  for (let p = 7; p * p <= n; p += 2) if (n % p === 0) return p;
  return n;
}

/**
 * out[outOff + k] = DFT_n of x[inOff + stride * j], j < n (unnormalised, sign -1 forward / +1 inverse).
 * `out` must not alias `x`.
 */
function transformStrided(
  n: number,
  sign: number,
  x: Float64Array,
  inOff: number,
  stride: number,
  out: Float64Array,
  outOff: number,
): void {
  if (n === 1) {
    out[2 * outOff] = x[2 * inOff];
    out[2 * outOff + 1] = x[2 * inOff + 1];
    return;
  }
  const p = smallestFactor(n);
  const m = n / p;
  // Sub-transforms of the p decimated sequences land in out[outOff + q m .. + m).
  for (let q = 0; q < p; q++) transformStrided(m, sign, x, inOff + q * stride, stride * p, out, outOff + q * m);
  // Combine: X[k + m s] = sum_q w_n^{q (k + m s)} Y_q[k].
  const yr = new Float64Array(p);
  const yi = new Float64Array(p);
  for (let k = 0; k < m; k++) {
    for (let q = 0; q < p; q++) {
      const at = 2 * (outOff + q * m + k);
      const angle = (sign * 2 * Math.PI * q * k) / n;
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      yr[q] = out[at] * c - out[at + 1] * s;
      yi[q] = out[at] * s + out[at + 1] * c;
    }
    for (let s = 0; s < p; s++) {
      let re = 0;
      let im = 0;
      for (let q = 0; q < p; q++) {
        const angle = (sign * 2 * Math.PI * ((q * s) % p)) / p;
        const c = Math.cos(angle);
        const sn = Math.sin(angle);
        re += yr[q] * c - yi[q] * sn;
        im += yr[q] * sn + yi[q] * c;
      }
      out[2 * (outOff + k + m * s)] = re;
      out[2 * (outOff + k + m * s) + 1] = im;
    }
  }
}

/** 1D complex DFT of interleaved data (new array). `inverse` includes the 1/N. */
export function fft1d(x: Float64Array, inverse = false): Float64Array {
  const n = x.length / 2;
  const out = new Float64Array(2 * n);
  if (n === 0) return out;
  transformStrided(n, inverse ? 1 : -1, x, 0, 1, out, 0);
  if (inverse) for (let i = 0; i < out.length; i++) out[i] /= n;
  return out;
}

/** Direct O(N^2) DFT (for checking fft1d itself). */
export function dft1d(x: Float64Array, inverse = false): Float64Array {
  const n = x.length / 2;
  const out = new Float64Array(2 * n);
  const sign = inverse ? 1 : -1;
  for (let k = 0; k < n; k++) {
    let re = 0;
    let im = 0;
    for (let j = 0; j < n; j++) {
      const angle = (sign * 2 * Math.PI * ((k * j) % n)) / n;
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      re += x[2 * j] * c - x[2 * j + 1] * s;
      im += x[2 * j] * s + x[2 * j + 1] * c;
    }
    out[2 * k] = inverse ? re / n : re;
    out[2 * k + 1] = inverse ? im / n : im;
  }
  return out;
}

/** Separable N-D complex transform of interleaved data with shape [nx, ny, nz?] (x fastest). */
export function fftNd(data: Float64Array, shape: readonly number[], inverse = false): Float64Array {
  const dims = [...shape];
  const total = dims.reduce((a, b) => a * b, 1);
  if (data.length !== 2 * total) throw new RangeError(`fftNd: ${data.length / 2} complex values for shape [${dims.join(', ')}]`);
  let cur = Float64Array.from(data);
  let stride = 1;
  for (const n of dims) {
    const next = new Float64Array(2 * total);
    const line = new Float64Array(2 * n);
    const outer = total / (n * stride);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < stride; i++) {
        const base = o * n * stride + i;
        for (let j = 0; j < n; j++) {
          line[2 * j] = cur[2 * (base + j * stride)];
          line[2 * j + 1] = cur[2 * (base + j * stride) + 1];
        }
        const t = fft1d(line, inverse);
        for (let j = 0; j < n; j++) {
          next[2 * (base + j * stride)] = t[2 * j];
          next[2 * (base + j * stride) + 1] = t[2 * j + 1];
        }
      }
    }
    cur = next;
    stride *= n;
  }
  return cur;
}

/** Real input (length prod(shape)) to the full complex spectrum (interleaved). */
export function realToComplex(real: ArrayLike<number>): Float64Array {
  const out = new Float64Array(2 * real.length);
  for (let i = 0; i < real.length; i++) out[2 * i] = real[i];
  return out;
}

/** Half spectrum [nx/2+1, ny, nz] (kx fastest) of real data: the layout RealFft produces. */
export function realFftNd(real: ArrayLike<number>, shape: readonly number[]): Float64Array {
  const full = fftNd(realToComplex(real), shape);
  return halfSpectrum(full, shape);
}

/** Keep kx = 0 .. nx/2 of a full spectrum. */
export function halfSpectrum(full: Float64Array, shape: readonly number[]): Float64Array {
  const nx = shape[0];
  const hx = nx / 2 + 1;
  const rest = shape.slice(1).reduce((a, b) => a * b, 1);
  const out = new Float64Array(2 * hx * rest);
  for (let r = 0; r < rest; r++) {
    for (let k = 0; k < hx; k++) {
      out[2 * (r * hx + k)] = full[2 * (r * nx + k)];
      out[2 * (r * hx + k) + 1] = full[2 * (r * nx + k) + 1];
    }
  }
  return out;
}

/** sqrt(sum |a - b|^2 / sum |b|^2) over equally long arrays (b the reference). */
export function relativeL2Error(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`relativeL2Error: lengths ${a.length} and ${b.length}`);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    num += d * d;
    den += b[i] * b[i];
  }
  return Math.sqrt(num / (den > 0 ? den : 1));
}
