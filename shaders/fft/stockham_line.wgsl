// Stockham FFT with one invocation per line, the whole line in private memory: the software-adapter
// variant of shaders/fft/stockham.wgsl (same bindings, parameters, hooks and fused options).
//
// Equation, per line of N complex values (k, n < N, w_N = e^{-2 pi i / N}):
//   forward   X[k] = sum_n x[n] w_N^{k n}
//   inverse   x[n] = scale * conj( sum_k conj(X[k]) w_N^{k n} )       (conjugate in, conjugate out)
// Mixed-radix Stockham autosort (Govindaraju et al., SC 2008, Fig. 2): stage with radix R and span Ns,
// butterfly j reads x[j + r N/R], multiplies input r by w_{Ns R}^{r (j mod Ns)}, does a radix-R DFT and
// writes output r to (j - j mod Ns) R + (j mod Ns) + r Ns; stages alternate between two private arrays.
// Why a second kernel: a software adapter (lavapipe, SwiftShader) runs the invocations of a workgroup
// as SIMD lanes on one CPU core, and every workgroup barrier is a coroutine switch there. Here an
// invocation never talks to another one: no workgroup memory, no barrier, and every loop index is the
// same in all lanes (only the line differs), so the SIMD lanes run LINES lines in lock step. On a real
// GPU the whole-line-per-thread layout spills registers; GPUs keep stockham.wgsl (src/fft/plan.ts picks).
// Fused options, as in stockham.wgsl: REAL_MODE 1 (untangle the half spectrum of 2N reals on store),
// REAL_MODE 2 (fold the half spectrum on load; outputs are real pairs), FOUR_STEP (store twiddle
// w_L^{d k}), SPECTRAL_DERIVATIVE (i k on load), hooks fft_load_hook / fft_store_hook (prelude),
// params.inverse (conjugate in and out), params.scale (on store).
//
// Bindings, group 0: 0 src (read; not used by main_in_place), 1 dst (read_write), 2 roots (float64 roots
// of unity rounded to f32; never sin/cos on the GPU), 3 params (FftPassParams, src/fft/executor.ts).
// Group 1: the bindings of a fused hook, if any.
// Dispatch: workgroup (gx, gy, gz), invocation b owns line l0 = gx LINES + b, l1 = gy, l2 = gz; element
// (line, n) is at l0 s0 + l1 s1 + l2 s2 + n * pointStride.
// Invariants: an invocation reads all of its line before it writes any of it and touches no other line,
// so a pass may run in place (main_in_place) when the in and out layouts agree; LINE_CAPACITY == N
// (substituted by the executor: private arrays need a constant size); twiddles come only from `roots`.

// #import lib/complex

const LINE_CAPACITY: u32 = 8u;         // replaced by the executor with N
const SIN_60: f32 = 0.86602540378443864676;
const COS_72: f32 = 0.30901699437494742410;
const COS_144: f32 = -0.80901699437494742410;
const SIN_72: f32 = 0.95105651629515357212;
const SIN_144: f32 = 0.58778525229247312917;
const SQRT1_2: f32 = 0.70710678118654752440;

override N: u32 = 8u;
override LINES: u32 = 1u;              // lines (= invocations) per workgroup
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
override FOUR_STEP: bool = false;
override SPECTRAL_DERIVATIVE: bool = false;

@group(0) @binding(0) var<storage, read> src: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read_write> dst: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read> roots: array<vec2<f32>>;
@group(0) @binding(3) var<uniform> params: FftPassParams;

alias Line = array<vec2<f32>, LINE_CAPACITY>;
alias Butterfly = array<vec2<f32>, 8>;

// ---- radix-R DFTs (forward, w_R = e^{-2 pi i / R}) on v[0 .. R) ----

fn mul_neg_i(a: vec2<f32>) -> vec2<f32> {
  return vec2<f32>(a.y, -a.x);
}

fn dft4(a0: vec2<f32>, a1: vec2<f32>, a2: vec2<f32>, a3: vec2<f32>) -> array<vec2<f32>, 4> {
  let t0 = a0 + a2;
  let t1 = a0 - a2;
  let t2 = a1 + a3;
  let t3 = mul_neg_i(a1 - a3);
  return array<vec2<f32>, 4>(t0 + t2, t1 + t3, t0 - t2, t1 - t3);
}

fn butterfly(radix: u32, v: ptr<function, Butterfly>) {
  switch radix {
    case 2u: {
      let a = (*v)[0];
      let b = (*v)[1];
      (*v)[0] = a + b;
      (*v)[1] = a - b;
    }
    case 3u: {
      let a0 = (*v)[0];
      let t1 = (*v)[1] + (*v)[2];
      let t2 = a0 - 0.5 * t1;
      let t3 = mul_neg_i(SIN_60 * ((*v)[1] - (*v)[2]));
      (*v)[0] = a0 + t1;
      (*v)[1] = t2 + t3;
      (*v)[2] = t2 - t3;
    }
    case 4u: {
      let y = dft4((*v)[0], (*v)[1], (*v)[2], (*v)[3]);
      (*v)[0] = y[0];
      (*v)[1] = y[1];
      (*v)[2] = y[2];
      (*v)[3] = y[3];
    }
    case 5u: {
      let a0 = (*v)[0];
      let b1 = (*v)[1] + (*v)[4];
      let b2 = (*v)[2] + (*v)[3];
      let d1 = (*v)[1] - (*v)[4];
      let d2 = (*v)[2] - (*v)[3];
      let r1 = a0 + COS_72 * b1 + COS_144 * b2;
      let r2 = a0 + COS_144 * b1 + COS_72 * b2;
      let i1 = mul_neg_i(SIN_72 * d1 + SIN_144 * d2);
      let i2 = mul_neg_i(SIN_144 * d1 - SIN_72 * d2);
      (*v)[0] = a0 + b1 + b2;
      (*v)[1] = r1 + i1;
      (*v)[4] = r1 - i1;
      (*v)[2] = r2 + i2;
      (*v)[3] = r2 - i2;
    }
    case 8u: {
      // Two radix-4 DFTs of the even and odd inputs joined with w_8^k.
      let e = dft4((*v)[0], (*v)[2], (*v)[4], (*v)[6]);
      let d = dft4((*v)[1], (*v)[3], (*v)[5], (*v)[7]);
      let d1 = SQRT1_2 * vec2<f32>(d[1].x + d[1].y, d[1].y - d[1].x);   // * (1 - i)/sqrt 2
      let d2 = mul_neg_i(d[2]);                                          // * -i
      let d3 = SQRT1_2 * vec2<f32>(d[3].y - d[3].x, -d[3].x - d[3].y);  // * (-1 - i)/sqrt 2
      (*v)[0] = e[0] + d[0];
      (*v)[4] = e[0] - d[0];
      (*v)[1] = e[1] + d1;
      (*v)[5] = e[1] - d1;
      (*v)[2] = e[2] + d2;
      (*v)[6] = e[2] - d2;
      (*v)[3] = e[3] + d3;
      (*v)[7] = e[3] - d3;
    }
    default: {}
  }
}

// One Stockham stage from x to y. The loop indices (and so every private-memory index and every root
// index) are the same in all invocations.
fn stage(x: ptr<function, Line>, y: ptr<function, Line>, radix: u32, span: u32) {
  let butterflies = N / radix;
  let root_step = N / (span * radix);
  for (var j = 0u; j < butterflies; j++) {
    var v: Butterfly;
    for (var r = 0u; r < radix; r++) {
      v[r] = (*x)[j + r * butterflies];
    }
    let p = j % span;
    if (span > 1u) {
      // One table value per butterfly, its powers by repeated products (at most R - 2 < 7 ulp extra).
      let w = roots[params.rootsOffset + p * root_step];
      var wr = w;
      for (var r = 1u; r < radix; r++) {
        v[r] = cmul(v[r], wr);
        wr = cmul(wr, w);
      }
    }
    butterfly(radix, &v);
    let dest = (j - p) * radix + p;
    for (var r = 0u; r < radix; r++) {
      (*y)[dest + r * span] = v[r];
    }
  }
}

// All stages, alternating between a and b; the result is in a when STAGES is even, else in b.
fn stages(a: ptr<function, Line>, b: ptr<function, Line>) {
  if (STAGES > 0u) { stage(a, b, RADIX_0, SPAN_0); }
  if (STAGES > 1u) { stage(b, a, RADIX_1, SPAN_1); }
  if (STAGES > 2u) { stage(a, b, RADIX_2, SPAN_2); }
  if (STAGES > 3u) { stage(b, a, RADIX_3, SPAN_3); }
  if (STAGES > 4u) { stage(a, b, RADIX_4, SPAN_4); }
  if (STAGES > 5u) { stage(b, a, RADIX_5, SPAN_5); }
  if (STAGES > 6u) { stage(a, b, RADIX_6, SPAN_6); }
  if (STAGES > 7u) { stage(b, a, RADIX_7, SPAN_7); }
  if (STAGES > 8u) { stage(a, b, RADIX_8, SPAN_8); }
  if (STAGES > 9u) { stage(b, a, RADIX_9, SPAN_9); }
  if (STAGES > 10u) { stage(a, b, RADIX_10, SPAN_10); }
  if (STAGES > 11u) { stage(b, a, RADIX_11, SPAN_11); }
}

// ---- addressing and spectral helpers (as in stockham.wgsl; hooks may call spectral_mode) ----

fn in_address(l0: u32, wid: vec3<u32>, n: u32) -> u32 {
  return l0 * params.inStride0 + wid.y * params.inStride1 + wid.z * params.inStride2 + n * params.inPointStride;
}

fn out_address(l0: u32, wid: vec3<u32>, n: u32) -> u32 {
  return l0 * params.outStride0 + wid.y * params.outStride1 + wid.z * params.outStride2 + n * params.outPointStride;
}

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

// i k_axis * value; the Nyquist mode of an even axis is set to zero (no odd derivative on the grid).
fn spectral_derivative(index: u32, value: vec2<f32>) -> vec2<f32> {
  let axis = params.derivativeAxis;
  let m = spectral_mode(index)[axis];
  if (2u * u32(abs(m)) == params.fullShape[axis]) {
    return vec2<f32>(0.0, 0.0);
  }
  return mul_i(value) * (f32(m) * params.derivativeFactor);
}

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

// ---- real <-> half-spectrum twists ----

// Z = E + i O from the half spectrum (x = X[k], y = X[N-k], w = w_{2N}^k).
fn fold(x: vec2<f32>, y: vec2<f32>, w: vec2<f32>) -> vec2<f32> {
  let e = 0.5 * (x + conj(y));
  let o = cmul_conj(0.5 * (x - conj(y)), w);
  return e + mul_i(o);
}

// REAL_MODE 2: a[0] holds (Re X[0], Re X[N]); fold into N values, conjugated for the forward stages.
fn fold_half_spectrum(a: ptr<function, Line>) {
  let x0 = (*a)[0];
  (*a)[0] = conj(0.5 * vec2<f32>(x0.x + x0.y, x0.x - x0.y));
  for (var k = 1u; k <= N / 2u; k++) {
    let j = N - k;
    let xk = (*a)[k];
    let xj = (*a)[j];
    let zk = fold(xk, xj, roots[params.realRootsOffset + k]);
    let zj = fold(xj, xk, roots[params.realRootsOffset + j]);
    (*a)[k] = conj(zk);
    (*a)[j] = conj(zj);
  }
}

// REAL_MODE 1: X[k] of the 2N real values from the transformed pairs Z (k = 0..N).
fn unfold_half_spectrum(z: ptr<function, Line>, k: u32) -> vec2<f32> {
  let zk = (*z)[k % N];
  let c = conj((*z)[(N - k) % N]);
  let e = 0.5 * (zk + c);
  let o = mul_neg_i(0.5 * (zk - c));
  return e + cmul(roots[params.realRootsOffset + k], o);
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

fn store(z: ptr<function, Line>, l0: u32, wid: vec3<u32>) {
  for (var n = 0u; n < STORE_COUNT; n++) {
    if (REAL_MODE == 1u) {
      emit(l0, wid, n, unfold_half_spectrum(z, n));
    } else {
      emit(l0, wid, n, (*z)[n]);
    }
  }
}

fn transform_and_store(a: ptr<function, Line>, b: ptr<function, Line>, l0: u32, wid: vec3<u32>) {
  stages(a, b);
  if (STAGES % 2u == 0u) {
    store(a, l0, wid);
  } else {
    store(b, l0, wid);
  }
}

// ---- the pass ----

@compute @workgroup_size(LINES)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let l0 = wid.x * LINES + lid;
  if (l0 >= params.lineCount0) {
    return; // no barriers in this kernel, so idle invocations may leave
  }
  var a: Line;
  var b: Line;
  for (var n = 0u; n < N; n++) {
    let address = in_address(l0, wid, n);
    a[n] = prepare_loaded(address, src[address]);
  }
  if (REAL_MODE == 2u) {
    // X[N] rides in the imaginary slot of X[0] (both are real for the spectrum of real data).
    let nyquist = in_address(l0, wid, N);
    a[0].y = prepare_loaded(nyquist, src[nyquist]).x;
    fold_half_spectrum(&a);
  }
  transform_and_store(&a, &b, l0, wid);
}

@compute @workgroup_size(LINES)
fn main_in_place(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let l0 = wid.x * LINES + lid;
  if (l0 >= params.lineCount0) {
    return;
  }
  var a: Line;
  var b: Line;
  for (var n = 0u; n < N; n++) {
    let address = in_address(l0, wid, n);
    a[n] = prepare_loaded(address, dst[address]);
  }
  transform_and_store(&a, &b, l0, wid);
}
