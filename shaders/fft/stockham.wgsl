// Stockham FFT of whole lines in workgroup memory: one pass over device memory per axis.
//
// Equation, per line of N complex values (k, n < N, w_N = e^{-2 pi i / N}):
//   forward   X[k] = sum_n x[n] w_N^{k n}
//   inverse   x[n] = scale * conj( sum_k conj(X[k]) w_N^{k n} )       (conjugate in, conjugate out)
// Each line is read from device memory once and written once; all radix stages run in between, in
// registers and workgroup memory: Stockham autosort with mixed radix (Govindaraju et al., "High
// performance discrete Fourier transforms on graphics processors", SC 2008, Fig. 2), whole lines per
// workgroup as in VkFFT (Tolmachev, IEEE Access 11, 2023). Stage with radix R and span Ns: butterfly j
// reads x[j + r N/R], multiplies input r by w_{Ns R}^{r (j mod Ns)}, does a radix-R DFT and writes
// output r to (j - j mod Ns) R + (j mod Ns) + r Ns. Stage 0 reads its inputs straight from device
// memory, the last stage writes its outputs (points j + r N/R, natural order) straight back.
// Fused options (overrides / params):
//   REAL_MODE 1  the line holds pairs z[n] = x[2n] + i x[2n+1] of 2N real values; the store writes the
//                half spectrum X[k], k = 0..N:  E = (Z[k] + conj Z[N-k]) / 2, O = -i (Z[k] - conj Z[N-k]) / 2,
//                X[k] = E + w_{2N}^k O   (indices of Z mod N).
//   REAL_MODE 2  the inverse: the load folds the half spectrum into Z[k] = E + i O,
//                E = (X[k] + conj X[N-k]) / 2, O = (X[k] - conj X[N-k]) conj(w_{2N}^k) / 2, and the output
//                pairs are the real values. Im X[0] and Im X[N] are ignored (as in FFTW's c2r).
//   FOUR_STEP    the four-step split (Bailey 1990): the store multiplies point k by w_L^{d k}, d the
//                line's index along params.twiddleDigit.
//   SPECTRAL_DERIVATIVE  multiply by i k_axis on load (params.derivativeAxis, params.derivativeFactor).
//   hooks        fft_load_hook / fft_store_hook come from the prelude (src/fft/hooks.ts).
//   params.inverse  conjugate on load and store (inverse = conj(FFT(conj x))); params.scale on store.
//
// Bindings, group 0: 0 src (read; not used by main_in_place), 1 dst (read_write), 2 roots (roots of unity
// computed in float64 on the CPU, rounded to f32: WGSL sin/cos are only good to about 2^-11), 3 params
// (FftPassParams, generated from src/fft/executor.ts). Group 1: the bindings of a fused hook, if any.
// Dispatch: workgroup (gx, gy, gz) owns lines l0 = gx LINES + b (b < LINES), l1 = gy, l2 = gz; element
// (line, n) is at l0 s0 + l1 s1 + l2 s2 + n * pointStride (strides per buffer, in complex elements).
// Invariants: a workgroup writes exactly the elements it read when in and out layouts agree, and all its
// device reads (stage 0) come before a barrier that precedes all its device writes (last stage), so a
// pass may run in place (main_in_place; with a single stage each line is read and written by one
// thread); within a stage boundary, workgroup memory is written before and read after a barrier; each
// thread holds at most REGISTERS values (the planner chooses THREADS_PER_LINE for that); twiddles come
// only from `roots`.

// #import lib/complex

const REGISTERS: u32 = 16u;
const SIN_60: f32 = 0.86602540378443864676;
const COS_72: f32 = 0.30901699437494742410;
const COS_144: f32 = -0.80901699437494742410;
const SIN_72: f32 = 0.95105651629515357212;
const SIN_144: f32 = 0.58778525229247312917;
const SQRT1_2: f32 = 0.70710678118654752440;

override N: u32 = 8u;                  // FFT length of the lines of this pass
override LINES: u32 = 1u;              // lines per workgroup
override THREADS_PER_LINE: u32 = 1u;
override PITCH: u32 = 8u;              // workgroup-memory distance between lines
override SHARED_SIZE: u32 = 8u;        // LINES * PITCH, twice that with PING_PONG
override WORKGROUP_SIZE: u32 = 1u;     // LINES * THREADS_PER_LINE
override STORE_COUNT: u32 = 8u;        // points written per line (N + 1 for REAL_MODE 1)
override REAL_MODE: u32 = 0u;
override STAGES: u32 = 0u;
override RADIX_0: u32 = 1u;
override RADIX_1: u32 = 1u;
override RADIX_2: u32 = 1u;
override RADIX_3: u32 = 1u;
override RADIX_4: u32 = 1u;
override RADIX_5: u32 = 1u;
override RADIX_6: u32 = 1u;
override RADIX_7: u32 = 1u;
override RADIX_8: u32 = 1u;
override RADIX_9: u32 = 1u;
override RADIX_10: u32 = 1u;
override RADIX_11: u32 = 1u;
override SPAN_0: u32 = 1u;
override SPAN_1: u32 = 1u;
override SPAN_2: u32 = 1u;
override SPAN_3: u32 = 1u;
override SPAN_4: u32 = 1u;
override SPAN_5: u32 = 1u;
override SPAN_6: u32 = 1u;
override SPAN_7: u32 = 1u;
override SPAN_8: u32 = 1u;
override SPAN_9: u32 = 1u;
override SPAN_10: u32 = 1u;
override SPAN_11: u32 = 1u;
override PING_PONG: bool = false;      // two workgroup buffers (lines up to half the memory)
override FOUR_STEP: bool = false;      // multiply the four-step twiddle into the store
override SPECTRAL_DERIVATIVE: bool = false; // multiply by i k on load (axis and factor in params)
override LAST_RADIX: u32 = 1u;         // RADIX_{STAGES-1}
override LAST_SPAN: u32 = 1u;          // SPAN_{STAGES-1}

@group(0) @binding(0) var<storage, read> src: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read_write> dst: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read> roots: array<vec2<f32>>;
@group(0) @binding(3) var<uniform> params: FftPassParams;

var<workgroup> lines: array<vec2<f32>, SHARED_SIZE>;
var<private> regs: array<vec2<f32>, REGISTERS>;

// ---- radix-R DFTs (forward, w_R = e^{-2 pi i / R}) on regs[o .. o + R) ----

fn mul_neg_i(a: vec2<f32>) -> vec2<f32> {
  return vec2<f32>(a.y, -a.x);
}

fn radix2(o: u32) {
  let a = regs[o];
  let b = regs[o + 1u];
  regs[o] = a + b;
  regs[o + 1u] = a - b;
}

fn radix3(o: u32) {
  let a0 = regs[o];
  let t1 = regs[o + 1u] + regs[o + 2u];
  let t2 = a0 - 0.5 * t1;
  let t3 = mul_neg_i(SIN_60 * (regs[o + 1u] - regs[o + 2u]));
  regs[o] = a0 + t1;
  regs[o + 1u] = t2 + t3;
  regs[o + 2u] = t2 - t3;
}

fn dft4(a0: vec2<f32>, a1: vec2<f32>, a2: vec2<f32>, a3: vec2<f32>) -> array<vec2<f32>, 4> {
  let t0 = a0 + a2;
  let t1 = a0 - a2;
  let t2 = a1 + a3;
  let t3 = mul_neg_i(a1 - a3);
  return array<vec2<f32>, 4>(t0 + t2, t1 + t3, t0 - t2, t1 - t3);
}

fn radix4(o: u32) {
  let y = dft4(regs[o], regs[o + 1u], regs[o + 2u], regs[o + 3u]);
  regs[o] = y[0];
  regs[o + 1u] = y[1];
  regs[o + 2u] = y[2];
  regs[o + 3u] = y[3];
}

fn radix5(o: u32) {
  let a0 = regs[o];
  let b1 = regs[o + 1u] + regs[o + 4u];
  let b2 = regs[o + 2u] + regs[o + 3u];
  let d1 = regs[o + 1u] - regs[o + 4u];
  let d2 = regs[o + 2u] - regs[o + 3u];
  let r1 = a0 + COS_72 * b1 + COS_144 * b2;
  let r2 = a0 + COS_144 * b1 + COS_72 * b2;
  let i1 = mul_neg_i(SIN_72 * d1 + SIN_144 * d2);
  let i2 = mul_neg_i(SIN_144 * d1 - SIN_72 * d2);
  regs[o] = a0 + b1 + b2;
  regs[o + 1u] = r1 + i1;
  regs[o + 4u] = r1 - i1;
  regs[o + 2u] = r2 + i2;
  regs[o + 3u] = r2 - i2;
}

// Radix 8 = two radix-4 DFTs of the even and odd inputs joined with w_8^k.
fn radix8(o: u32) {
  let e = dft4(regs[o], regs[o + 2u], regs[o + 4u], regs[o + 6u]);
  let d = dft4(regs[o + 1u], regs[o + 3u], regs[o + 5u], regs[o + 7u]);
  let d1 = SQRT1_2 * vec2<f32>(d[1].x + d[1].y, d[1].y - d[1].x);   // * (1 - i)/sqrt 2
  let d2 = mul_neg_i(d[2]);                                          // * -i
  let d3 = SQRT1_2 * vec2<f32>(d[3].y - d[3].x, -d[3].x - d[3].y);  // * (-1 - i)/sqrt 2
  regs[o] = e[0] + d[0];
  regs[o + 4u] = e[0] - d[0];
  regs[o + 1u] = e[1] + d1;
  regs[o + 5u] = e[1] - d1;
  regs[o + 2u] = e[2] + d2;
  regs[o + 6u] = e[2] - d2;
  regs[o + 3u] = e[3] + d3;
  regs[o + 7u] = e[3] - d3;
}

fn butterfly(radix: u32, o: u32) {
  switch radix {
    case 2u: { radix2(o); }
    case 3u: { radix3(o); }
    case 4u: { radix4(o); }
    case 5u: { radix5(o); }
    case 8u: { radix8(o); }
    default: {}
  }
}

// ---- addressing ----

// (line in workgroup, point) of element e of a workgroup's block: points fastest when the buffer's
// points are contiguous (x lines), lines fastest otherwise (neighbouring lines are neighbours in memory).
fn element(e: u32, count: u32, points_fastest: bool) -> vec2<u32> {
  if (points_fastest) {
    return vec2<u32>(e / count, e % count);
  }
  return vec2<u32>(e % LINES, e / LINES);
}

fn in_address(l0: u32, wid: vec3<u32>, n: u32) -> u32 {
  return l0 * params.inStride0 + wid.y * params.inStride1 + wid.z * params.inStride2 + n * params.inPointStride;
}

fn out_address(l0: u32, wid: vec3<u32>, n: u32) -> u32 {
  return l0 * params.outStride0 + wid.y * params.outStride1 + wid.z * params.outStride2 + n * params.outPointStride;
}

// ---- spectral helpers (also available to hooks) ----

fn signed_frequency(m: u32, n: u32) -> i32 {
  if (2u * m > n) {
    return i32(m) - i32(n);
  }
  return i32(m);
}

// Signed mode numbers in (-n/2, n/2] of spectrum element `index` (x fastest; batch copies repeat).
fn spectral_mode(index: u32) -> vec3<i32> {
  let i0 = index % params.modeShape.x;
  let rest = index / params.modeShape.x;
  let i1 = rest % params.modeShape.y;
  let i2 = (rest / params.modeShape.y) % params.modeShape.z;
  return vec3<i32>(signed_frequency(i0, params.fullShape.x), signed_frequency(i1, params.fullShape.y), signed_frequency(i2, params.fullShape.z));
}

// i k_axis * value with k = mode * derivativeFactor (2 pi / box length). The Nyquist mode of an even axis
// has no odd derivative on the grid (its sine is zero at the nodes): it is set to zero.
fn spectral_derivative(index: u32, value: vec2<f32>) -> vec2<f32> {
  let axis = params.derivativeAxis;
  let m = spectral_mode(index)[axis];
  if (2u * u32(abs(m)) == params.fullShape[axis]) {
    return vec2<f32>(0.0, 0.0);
  }
  return mul_i(value) * (f32(m) * params.derivativeFactor);
}


// ---- stages ----
//
// Thread t of a line takes butterflies j = t, t + THREADS_PER_LINE, ... of every stage: it gathers
// their inputs into registers, twiddles and transforms them there, and scatters the outputs. Stage 0
// gathers straight from device memory and the last stage scatters straight to it (its outputs
// k = j + r N/R are in natural order), so values cross workgroup memory only between stages. With two
// workgroup buffers (PING_PONG) stage s writes buffer (s + 1) mod 2, read by stage s + 1: one barrier
// per stage boundary; with one buffer a second barrier separates the gathers from the next scatters.

fn butterflies_per_thread(radix: u32) -> u32 {
  return (N / radix + THREADS_PER_LINE - 1u) / THREADS_PER_LINE;
}

// Workgroup-memory offset of line b in buffer `parity`.
fn line_base(b: u32, parity: u32) -> u32 {
  return select(0u, (parity % 2u) * LINES * PITCH, PING_PONG) + b * PITCH;
}

// (line in workgroup, thread in line): lines fastest when the input lines are strided, so neighbouring
// threads read neighbouring lines, which are neighbours in memory; points fastest for contiguous lines.
fn thread_line(lid: u32) -> vec2<u32> {
  if (params.linesFastest != 0u) {
    return vec2<u32>(lid % LINES, lid / LINES);
  }
  return vec2<u32>(lid / THREADS_PER_LINE, lid % THREADS_PER_LINE);
}

fn gather_shared(radix: u32, base: u32, t: u32) {
  let butterflies = N / radix;
  for (var k = 0u; k < butterflies_per_thread(radix); k++) {
    let j = t + k * THREADS_PER_LINE;
    if (j < butterflies) {
      for (var r = 0u; r < radix; r++) {
        regs[k * radix + r] = lines[base + j + r * butterflies];
      }
    }
  }
}

// Twiddles w_{Ns R}^{r p} (p = j mod Ns) and the radix-R DFTs of this thread's butterflies. One table
// value per butterfly, its powers by repeated products (each adds about one f32 rounding, so at most
// R - 2 < 7 ulp beyond the table's half ulp).
fn compute(radix: u32, span: u32, t: u32) {
  let butterflies = N / radix;
  let root_step = N / (span * radix);
  for (var k = 0u; k < butterflies_per_thread(radix); k++) {
    let j = t + k * THREADS_PER_LINE;
    if (j < butterflies) {
      let o = k * radix;
      if (span > 1u) {
        let w = roots[params.rootsOffset + (j % span) * root_step];
        var wr = w;
        for (var r = 1u; r < radix; r++) {
          regs[o + r] = cmul(regs[o + r], wr);
          wr = cmul(wr, w);
        }
      }
      butterfly(radix, o);
    }
  }
}

fn scatter_shared(radix: u32, span: u32, base: u32, t: u32) {
  let butterflies = N / radix;
  for (var k = 0u; k < butterflies_per_thread(radix); k++) {
    let j = t + k * THREADS_PER_LINE;
    if (j < butterflies) {
      let p = j % span;
      let dest = base + (j - p) * radix + p;
      for (var r = 0u; r < radix; r++) {
        lines[dest + r * span] = regs[k * radix + r];
      }
    }
  }
}

// Stage s (radix, span) on the registers, then hand its outputs to stage s + 1 through workgroup memory.
fn advance(radix: u32, span: u32, next_radix: u32, s: u32, b: u32, t: u32) {
  compute(radix, span, t);
  scatter_shared(radix, span, line_base(b, s + 1u), t);
  workgroupBarrier();
  gather_shared(next_radix, line_base(b, s + 1u), t);
  if (!PING_PONG) {
    workgroupBarrier(); // one buffer: everyone has read it before the next stage overwrites it
  }
}

// ---- real <-> half-spectrum twists ----

// Z = E + i O from the half spectrum (x = X[k], y = X[N-k], w = w_{2N}^k).
fn fold(x: vec2<f32>, y: vec2<f32>, w: vec2<f32>) -> vec2<f32> {
  let e = 0.5 * (x + conj(y));
  let o = cmul_conj(0.5 * (x - conj(y)), w);
  return e + mul_i(o);
}

// REAL_MODE 2: fold the loaded half spectrum into N values, conjugated for the forward stages. Thread t
// owns the pairs (k, N - k), k = t, t + THREADS_PER_LINE, ... <= N/2, so reads and writes do not race.
fn fold_half_spectrum(base: u32, t: u32) {
  for (var k = t; k <= N / 2u; k += THREADS_PER_LINE) {
    if (k == 0u) {
      let x = lines[base]; // (Re X[0], Re X[N])
      lines[base] = conj(0.5 * vec2<f32>(x.x + x.y, x.x - x.y));
    } else {
      let j = N - k;
      let xk = lines[base + k];
      let xj = lines[base + j];
      let zk = fold(xk, xj, roots[params.realRootsOffset + k]);
      let zj = fold(xj, xk, roots[params.realRootsOffset + j]);
      lines[base + k] = conj(zk);
      lines[base + j] = conj(zj);
    }
  }
}

// REAL_MODE 1: X[k] of the 2N real values from the transformed pairs Z (k = 0..N).
fn unfold_half_spectrum(base: u32, k: u32) -> vec2<f32> {
  let z = lines[base + k % N];
  let c = conj(lines[base + (N - k) % N]);
  let e = 0.5 * (z + c);
  let o = mul_neg_i(0.5 * (z - c));
  return e + cmul(roots[params.realRootsOffset + k], o);
}

// ---- device memory ----

fn prepare_loaded(address: u32, raw: vec2<f32>) -> vec2<f32> {
  var v = fft_load_hook(address, raw);
  if (SPECTRAL_DERIVATIVE) {
    v = spectral_derivative(address, v);
  }
  if (params.inverse != 0u && REAL_MODE == 0u) {
    v = conj(v);
  }
  return v;
}

// Stage-0 inputs x[j + r N/R] straight from device memory. Written twice (src / dst): an in-place
// entry point must not reference `src`.
fn gather_src(l0: u32, wid: vec3<u32>, t: u32) {
  let butterflies = N / RADIX_0;
  for (var k = 0u; k < butterflies_per_thread(RADIX_0); k++) {
    let j = t + k * THREADS_PER_LINE;
    if (j < butterflies && l0 < params.lineCount0) {
      for (var r = 0u; r < RADIX_0; r++) {
        let a = in_address(l0, wid, j + r * butterflies);
        regs[k * RADIX_0 + r] = prepare_loaded(a, src[a]);
      }
    }
  }
}

fn gather_dst(l0: u32, wid: vec3<u32>, t: u32) {
  let butterflies = N / RADIX_0;
  for (var k = 0u; k < butterflies_per_thread(RADIX_0); k++) {
    let j = t + k * THREADS_PER_LINE;
    if (j < butterflies && l0 < params.lineCount0) {
      for (var r = 0u; r < RADIX_0; r++) {
        let a = in_address(l0, wid, j + r * butterflies);
        regs[k * RADIX_0 + r] = prepare_loaded(a, dst[a]);
      }
    }
  }
}

// REAL_MODE 2: the half spectrum of each line into workgroup buffer 0, X[N] packed beside X[0] (both
// are real for the spectrum of real data).
fn load_half_spectrum(lid: u32, wid: vec3<u32>) {
  let points_fastest = params.loadPointsFastest != 0u;
  for (var e = lid; e < LINES * N; e += WORKGROUP_SIZE) {
    let bn = element(e, N, points_fastest);
    let l0 = wid.x * LINES + bn.x;
    if (l0 < params.lineCount0) {
      let a = in_address(l0, wid, bn.y);
      var v = prepare_loaded(a, src[a]);
      if (bn.y == 0u) {
        let nyquist = in_address(l0, wid, N);
        v.y = prepare_loaded(nyquist, src[nyquist]).x;
      }
      lines[line_base(bn.x, 0u) + bn.y] = v;
    }
  }
}

// Four-step twiddle, conjugation (inverse), scale and hook of output point n, then the write.
fn emit(l0: u32, wid: vec3<u32>, n: u32, value: vec2<f32>) {
  var v = value;
  if (FOUR_STEP) {
    let digit = select(select(wid.z, wid.y, params.twiddleDigit == 1u), l0, params.twiddleDigit == 0u);
    v = cmul(v, roots[params.twiddleOffset + digit * n]);
  }
  if (params.inverse != 0u) {
    v = conj(v);
  }
  v = v * params.scale;
  let a = out_address(l0, wid, n);
  dst[a] = fft_store_hook(a, v);
}

// The last stage straight to device memory: output r of butterfly j is point j + r N/R.
fn scatter_global(l0: u32, wid: vec3<u32>, t: u32) {
  let butterflies = N / LAST_RADIX;
  for (var k = 0u; k < butterflies_per_thread(LAST_RADIX); k++) {
    let j = t + k * THREADS_PER_LINE;
    if (j < butterflies && l0 < params.lineCount0) {
      for (var r = 0u; r < LAST_RADIX; r++) {
        emit(l0, wid, j + r * butterflies, regs[k * LAST_RADIX + r]);
      }
    }
  }
}

// REAL_MODE 1: the half spectrum (N + 1 points per line) from workgroup buffer `parity`.
fn store_half_spectrum(lid: u32, wid: vec3<u32>, parity: u32) {
  let points_fastest = params.storePointsFastest != 0u;
  for (var e = lid; e < LINES * STORE_COUNT; e += WORKGROUP_SIZE) {
    let bn = element(e, STORE_COUNT, points_fastest);
    let l0 = wid.x * LINES + bn.x;
    if (l0 < params.lineCount0) {
      emit(l0, wid, bn.y, unfold_half_spectrum(line_base(bn.x, parity), bn.y));
    }
  }
}

// ---- the pass ----

// All stages of the line, stage 0's inputs already in the registers; then the outputs.
fn transform(lid: u32, wid: vec3<u32>, b: u32, t: u32, l0: u32) {
  if (STAGES > 1u) { advance(RADIX_0, SPAN_0, RADIX_1, 0u, b, t); }
  if (STAGES > 2u) { advance(RADIX_1, SPAN_1, RADIX_2, 1u, b, t); }
  if (STAGES > 3u) { advance(RADIX_2, SPAN_2, RADIX_3, 2u, b, t); }
  if (STAGES > 4u) { advance(RADIX_3, SPAN_3, RADIX_4, 3u, b, t); }
  if (STAGES > 5u) { advance(RADIX_4, SPAN_4, RADIX_5, 4u, b, t); }
  if (STAGES > 6u) { advance(RADIX_5, SPAN_5, RADIX_6, 5u, b, t); }
  if (STAGES > 7u) { advance(RADIX_6, SPAN_6, RADIX_7, 6u, b, t); }
  if (STAGES > 8u) { advance(RADIX_7, SPAN_7, RADIX_8, 7u, b, t); }
  if (STAGES > 9u) { advance(RADIX_8, SPAN_8, RADIX_9, 8u, b, t); }
  if (STAGES > 10u) { advance(RADIX_9, SPAN_9, RADIX_10, 9u, b, t); }
  if (STAGES > 11u) { advance(RADIX_10, SPAN_10, RADIX_11, 10u, b, t); }
  compute(LAST_RADIX, LAST_SPAN, t);
  if (REAL_MODE == 1u) {
    // The half spectrum needs Z[k] and Z[N-k] together: through workgroup memory once more.
    scatter_shared(LAST_RADIX, LAST_SPAN, line_base(b, STAGES), t);
    workgroupBarrier();
    store_half_spectrum(lid, wid, STAGES);
  } else {
    scatter_global(l0, wid, t);
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let bt = thread_line(lid);
  let l0 = wid.x * LINES + bt.x;
  if (REAL_MODE == 2u) {
    load_half_spectrum(lid, wid);
    workgroupBarrier();
    fold_half_spectrum(line_base(bt.x, 0u), bt.y);
    workgroupBarrier();
    gather_shared(RADIX_0, line_base(bt.x, 0u), bt.y);
    if (!PING_PONG) {
      workgroupBarrier();
    }
  } else {
    gather_src(l0, wid, bt.y);
  }
  transform(lid, wid, bt.x, bt.y, l0);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main_in_place(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let bt = thread_line(lid);
  let l0 = wid.x * LINES + bt.x;
  gather_dst(l0, wid, bt.y);
  transform(lid, wid, bt.x, bt.y, l0);
}
