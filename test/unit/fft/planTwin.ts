/**
 * A float64 CPU twin of the GPU executor: runs a TransformPlan pass by pass with exactly the address
 * arithmetic, stage formulas, twiddle indexing and real-to-complex twists of shaders/fft/stockham.wgsl
 * and shaders/fft/real_twist.wgsl. If the plan (strides, digits, radices, root offsets) is wrong, this
 * twin disagrees with the float64 reference FFT, without any GPU involved.
 */
import { rootsOfUnity, stockhamStages, type FftPass, type StockhamPass, type RealTwistPass, type TransformPlan, type BufferRole } from '../../../src/fft/plan.ts';

type Buffers = Record<BufferRole, Float64Array>;

const rootCache = new Map<number, Float64Array>();
function roots(n: number): Float64Array {
  let r = rootCache.get(n);
  if (!r) {
    r = rootsOfUnity(n);
    rootCache.set(n, r);
  }
  return r;
}

/** Radix-R DFT of v (forward, e^{-2 pi i / R}), in place. */
function butterfly(v: Float64Array, radix: number): void {
  const out = new Float64Array(2 * radix);
  const w = roots(radix);
  for (let k = 0; k < radix; k++) {
    let re = 0;
    let im = 0;
    for (let j = 0; j < radix; j++) {
      const m = (j * k) % radix;
      re += v[2 * j] * w[2 * m] - v[2 * j + 1] * w[2 * m + 1];
      im += v[2 * j] * w[2 * m + 1] + v[2 * j + 1] * w[2 * m];
    }
    out[2 * k] = re;
    out[2 * k + 1] = im;
  }
  v.set(out);
}

/** The Stockham stages of the kernel on one line (workgroup memory = `line`). */
function stockham(line: Float64Array, n: number, radices: number[]): void {
  const table = roots(n);
  for (const { radix, span } of stockhamStages(radices)) {
    const butterflies = n / radix;
    const next = new Float64Array(2 * n);
    const v = new Float64Array(2 * radix);
    for (let j = 0; j < butterflies; j++) {
      const p = j % span;
      for (let r = 0; r < radix; r++) {
        let re = line[2 * (j + r * butterflies)];
        let im = line[2 * (j + r * butterflies) + 1];
        if (span > 1 && r > 0) {
          const t = (r * p * n) / (span * radix);
          const wr = table[2 * t];
          const wi = table[2 * t + 1];
          [re, im] = [re * wr - im * wi, re * wi + im * wr];
        }
        v[2 * r] = re;
        v[2 * r + 1] = im;
      }
      butterfly(v, radix);
      const dest = (j - p) * radix + p;
      for (let r = 0; r < radix; r++) {
        next[2 * (dest + r * span)] = v[2 * r];
        next[2 * (dest + r * span) + 1] = v[2 * r + 1];
      }
    }
    line.set(next);
  }
}

function runStockham(pass: StockhamPass, buffers: Buffers): void {
  const src = buffers[pass.source];
  const dst = buffers[pass.target];
  const n = pass.length;
  const [d0, d1, d2] = pass.digits;
  const line = new Float64Array(2 * n);
  const out = new Float64Array(2 * pass.storeCount);
  for (let l2 = 0; l2 < d2.count; l2++) {
    for (let l1 = 0; l1 < d1.count; l1++) {
      for (let l0 = 0; l0 < d0.count; l0++) {
        const inBase = l0 * d0.inStride + l1 * d1.inStride + l2 * d2.inStride;
        const outBase = l0 * d0.outStride + l1 * d1.outStride + l2 * d2.outStride;
        for (let k = 0; k < n; k++) {
          const a = inBase + k * pass.inPointStride;
          line[2 * k] = src[2 * a];
          line[2 * k + 1] = pass.inverse && pass.realMode === 0 ? -src[2 * a + 1] : src[2 * a + 1];
        }
        if (pass.realMode === 2) {
          // Nyquist X[M] packed next to X[0] (both real for Hermitian data), then the pre-twist.
          line[1] = src[2 * (inBase + n * pass.inPointStride)];
          c2rPrepare(line, n, roots(pass.realLength!));
        }
        stockham(line, n, pass.radices);
        for (let k = 0; k < pass.storeCount; k++) {
          let re: number;
          let im: number;
          if (pass.realMode === 1) [re, im] = r2cFinish(line, n, k, roots(pass.realLength!));
          else [re, im] = [line[2 * k], line[2 * k + 1]];
          if (pass.twiddle) {
            const digit = [l0, l1, l2][pass.twiddle.digit];
            const t = roots(pass.twiddle.length);
            const m = digit * k;
            [re, im] = [re * t[2 * m] - im * t[2 * m + 1], re * t[2 * m + 1] + im * t[2 * m]];
          }
          if (pass.inverse) im = -im;
          out[2 * k] = re * pass.scale;
          out[2 * k + 1] = im * pass.scale;
        }
        for (let k = 0; k < pass.storeCount; k++) {
          const a = outBase + k * pass.outPointStride;
          dst[2 * a] = out[2 * k];
          dst[2 * a + 1] = out[2 * k + 1];
        }
      }
    }
  }
}

/** X[k] = E + w^k O with E = (Z[k] + conj Z[M-k]) / 2, O = -i (Z[k] - conj Z[M-k]) / 2 (indices mod M). */
function r2cFinish(z: Float64Array, m: number, k: number, w: Float64Array): [number, number] {
  const a = k % m;
  const b = (m - k) % m;
  const zr = z[2 * a];
  const zi = z[2 * a + 1];
  const cr = z[2 * b];
  const ci = -z[2 * b + 1];
  const er = 0.5 * (zr + cr);
  const ei = 0.5 * (zi + ci);
  const or = 0.5 * (zi - ci); // -i (d) / 2 with d = (zr - cr) + i (zi - ci)
  const oi = -0.5 * (zr - cr);
  return [er + w[2 * k] * or - w[2 * k + 1] * oi, ei + w[2 * k] * oi + w[2 * k + 1] * or];
}

/** Z[k] = E + i O with E = (X[k] + conj X[M-k]) / 2, O = (X[k] - conj X[M-k]) conj(w^k) / 2; stored conjugated. */
function c2rPrepare(x: Float64Array, m: number, w: Float64Array): void {
  const a0 = x[0];
  const aM = x[1];
  for (let k = 1; k <= m / 2; k++) {
    const j = m - k;
    const z1 = twistInverse(x[2 * k], x[2 * k + 1], x[2 * j], x[2 * j + 1], w[2 * k], w[2 * k + 1]);
    const z2 = twistInverse(x[2 * j], x[2 * j + 1], x[2 * k], x[2 * k + 1], w[2 * j], w[2 * j + 1]);
    x[2 * k] = z1[0];
    x[2 * k + 1] = -z1[1];
    x[2 * j] = z2[0];
    x[2 * j + 1] = -z2[1];
  }
  x[0] = 0.5 * (a0 + aM);
  x[1] = -0.5 * (a0 - aM);
}

function twistInverse(xr: number, xi: number, yr: number, yi: number, wr: number, wi: number): [number, number] {
  // E = (x + conj y) / 2, D = (x - conj y) / 2, O = D conj(w), Z = E + i O
  const er = 0.5 * (xr + yr);
  const ei = 0.5 * (xi - yi);
  const dr = 0.5 * (xr - yr);
  const di = 0.5 * (xi + yi);
  const or = dr * wr + di * wi;
  const oi = di * wr - dr * wi;
  return [er - oi, ei + or];
}

function runTwist(pass: RealTwistPass, buffers: Buffers): void {
  const buf = buffers[pass.target];
  const m = pass.halfLength;
  const w = roots(pass.realLength);
  for (let l = 0; l < pass.lineCount; l++) {
    const base = l * pass.lineStride;
    const at = (k: number) => 2 * (base + k);
    if (!pass.inverse) {
      const z = new Float64Array(2 * m);
      for (let k = 0; k < m; k++) {
        z[2 * k] = buf[at(k)];
        z[2 * k + 1] = buf[at(k) + 1];
      }
      for (let k = 0; k <= m; k++) {
        const [re, im] = r2cFinish(z, m, k, w);
        buf[at(k)] = re;
        buf[at(k) + 1] = im;
      }
    } else {
      const x = new Float64Array(2 * (m + 1));
      for (let k = 0; k <= m; k++) {
        x[2 * k] = buf[at(k)];
        x[2 * k + 1] = buf[at(k) + 1];
      }
      for (let k = 0; k < m; k++) {
        // Imaginary parts of X[0] and X[M] are dropped, as in the fused pass.
        const j = m - k;
        const yr = x[2 * j];
        const yi = k === 0 ? 0 : x[2 * j + 1];
        const [re, im] = twistInverse(x[2 * k], k === 0 ? 0 : x[2 * k + 1], yr, yi, w[2 * k], w[2 * k + 1]);
        buf[at(k)] = re;
        buf[at(k) + 1] = im;
      }
    }
  }
}

export function runPasses(passes: readonly FftPass[], buffers: Buffers): void {
  for (const p of passes) {
    if (p.kind === 'stockham') runStockham(p, buffers);
    else runTwist(p, buffers);
  }
}

/** Run the forward or inverse passes of `plan` on interleaved f64 data; returns the output buffer. */
export function runPlan(plan: TransformPlan, direction: 'forward' | 'inverse', input: Float64Array, outputLength: number): { output: Float64Array; input: Float64Array } {
  const buffers: Buffers = {
    input: Float64Array.from(input),
    output: new Float64Array(outputLength),
    scratch: new Float64Array(2 * plan.scratchElements),
  };
  runPasses(direction === 'forward' ? plan.forward : plan.inverse, buffers);
  return { output: buffers.output, input: buffers.input };
}
