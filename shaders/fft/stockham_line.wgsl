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

const SIN_60: f32 = 0.86602540378443864676;
const COS_72: f32 = 0.30901699437494742410;
const COS_144: f32 = -0.80901699437494742410;
const SIN_72: f32 = 0.95105651629515357212;
const SIN_144: f32 = 0.58778525229247312917;
const SQRT1_2: f32 = 0.70710678118654752440;

override N: u32 = 8u;
override LINES: u32 = 1u;              // lines (= invocations) per workgroup
override STORE_COUNT: u32 = 8u;        // points written per line (N + 1 for REAL_MODE 1)
override REAL_MODE: u32 = 0u;            // must match the generated code's real mode
override FOUR_STEP: bool = false;
override SPECTRAL_DERIVATIVE: bool = false;

@group(0) @binding(0) var<storage, read> src: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read_write> dst: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read> roots: array<vec2<f32>>;
@group(0) @binding(3) var<uniform> params: FftPassParams;


// ---- radix-R DFTs (forward, w_R = e^{-2 pi i / R}) as pure functions ----

fn mul_neg_i(a: vec2<f32>) -> vec2<f32> {
  return vec2<f32>(a.y, -a.x);
}

fn dft2(a0: vec2<f32>, a1: vec2<f32>) -> array<vec2<f32>, 2> {
  return array<vec2<f32>, 2>(a0 + a1, a0 - a1);
}

fn dft3(a0: vec2<f32>, a1: vec2<f32>, a2: vec2<f32>) -> array<vec2<f32>, 3> {
  let t1 = a1 + a2;
  let t2 = a0 - 0.5 * t1;
  let t3 = mul_neg_i(SIN_60 * (a1 - a2));
  return array<vec2<f32>, 3>(a0 + t1, t2 + t3, t2 - t3);
}

fn dft4(a0: vec2<f32>, a1: vec2<f32>, a2: vec2<f32>, a3: vec2<f32>) -> array<vec2<f32>, 4> {
  let t0 = a0 + a2;
  let t1 = a0 - a2;
  let t2 = a1 + a3;
  let t3 = mul_neg_i(a1 - a3);
  return array<vec2<f32>, 4>(t0 + t2, t1 + t3, t0 - t2, t1 - t3);
}

fn dft5(a0: vec2<f32>, a1: vec2<f32>, a2: vec2<f32>, a3: vec2<f32>, a4: vec2<f32>) -> array<vec2<f32>, 5> {
  let b1 = a1 + a4;
  let b2 = a2 + a3;
  let d1 = a1 - a4;
  let d2 = a2 - a3;
  let r1 = a0 + COS_72 * b1 + COS_144 * b2;
  let r2 = a0 + COS_144 * b1 + COS_72 * b2;
  let i1 = mul_neg_i(SIN_72 * d1 + SIN_144 * d2);
  let i2 = mul_neg_i(SIN_144 * d1 - SIN_72 * d2);
  return array<vec2<f32>, 5>(a0 + b1 + b2, r1 + i1, r2 + i2, r2 - i2, r1 - i1);
}

// Radix 8 = two radix-4 DFTs of the even and odd inputs joined with w_8^k.
fn dft8(a0: vec2<f32>, a1: vec2<f32>, a2: vec2<f32>, a3: vec2<f32>, a4: vec2<f32>, a5: vec2<f32>, a6: vec2<f32>, a7: vec2<f32>) -> array<vec2<f32>, 8> {
  let e = dft4(a0, a2, a4, a6);
  let d = dft4(a1, a3, a5, a7);
  let d1 = SQRT1_2 * vec2<f32>(d[1].x + d[1].y, d[1].y - d[1].x);   // * (1 - i)/sqrt 2
  let d2 = mul_neg_i(d[2]);                                          // * -i
  let d3 = SQRT1_2 * vec2<f32>(d[3].y - d[3].x, -d[3].x - d[3].y);  // * (-1 - i)/sqrt 2
  return array<vec2<f32>, 8>(e[0] + d[0], e[1] + d1, e[2] + d2, e[3] + d3, e[0] - d[0], e[1] - d1, e[2] - d2, e[3] - d3);
}

// The generated code of this pass (src/fft/lineCodelet.ts): codelet_n (straight-line DFTs, constant
// indices, literal twiddles) and run_line_src / run_line_dst (load, transform, store one line).
// #line_codelet

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

// ---- real <-> half-spectrum twists (called by the generated fold_line / store_line) ----

// Z = E + i O from the half spectrum (x = X[k], y = X[N-k], w = w_{2N}^k).
fn fold(x: vec2<f32>, y: vec2<f32>, w: vec2<f32>) -> vec2<f32> {
  let e = 0.5 * (x + conj(y));
  let o = cmul_conj(0.5 * (x - conj(y)), w);
  return e + mul_i(o);
}

// X[k] of the 2N real values from the transformed pairs (z = Z[k mod N], y = Z[(N-k) mod N], w = w_{2N}^k).
fn unfold(z: vec2<f32>, y: vec2<f32>, w: vec2<f32>) -> vec2<f32> {
  let c = conj(y);
  let e = 0.5 * (z + c);
  let o = mul_neg_i(0.5 * (z - c));
  return e + cmul(w, o);
}

fn load_src(l0: u32, wid: vec3<u32>, n: u32) -> vec2<f32> {
  let a = in_address(l0, wid, n);
  return prepare_loaded(a, src[a]);
}

fn load_dst(l0: u32, wid: vec3<u32>, n: u32) -> vec2<f32> {
  let a = in_address(l0, wid, n);
  return prepare_loaded(a, dst[a]);
}

// REAL_MODE 2, lines split in two codelet rounds: conj(Z[n]) folded from X[n] and X[N-n] (X[N] for n = 0).
fn load_folded_src(l0: u32, wid: vec3<u32>, n: u32) -> vec2<f32> {
  if (n == 0u) {
    let x0 = load_src(l0, wid, 0u).x;
    let xn = load_src(l0, wid, N).x;
    return conj(0.5 * vec2<f32>(x0 + xn, x0 - xn));
  }
  return conj(fold(load_src(l0, wid, n), load_src(l0, wid, N - n), roots[params.realRootsOffset + n]));
}

fn load_folded_dst(l0: u32, wid: vec3<u32>, n: u32) -> vec2<f32> {
  if (n == 0u) {
    let x0 = load_dst(l0, wid, 0u).x;
    let xn = load_dst(l0, wid, N).x;
    return conj(0.5 * vec2<f32>(x0 + xn, x0 - xn));
  }
  return conj(fold(load_dst(l0, wid, n), load_dst(l0, wid, N - n), roots[params.realRootsOffset + n]));
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

// ---- the pass ----

@compute @workgroup_size(LINES)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let l0 = wid.x * LINES + lid;
  if (l0 < params.lineCount0) { // no barriers in this kernel, so idle invocations may simply skip
    run_line_src(l0, wid);
  }
}

@compute @workgroup_size(LINES)
fn main_in_place(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>) {
  let l0 = wid.x * LINES + lid;
  if (l0 < params.lineCount0) {
    run_line_dst(l0, wid);
  }
}
