// Real <-> half-spectrum twist in device memory, for x lines too long to fuse it into a Stockham pass.
//
// With M = nx/2 and w = w_nx = e^{-2 pi i / nx}, per spectrum line (M + 1 values, stride lineStride):
//   forward (after the M-point FFT Z of the pairs z[n] = x[2n] + i x[2n+1]):
//     X[k] = E + w^k O,  E = (Z[k] + conj Z[M-k]) / 2,  O = -i (Z[k] - conj Z[M-k]) / 2   (Z index mod M)
//     so X[0] = Re Z[0] + Im Z[0], X[M] = Re Z[0] - Im Z[0].
//   inverse (before the inverse M-point FFT whose output pairs are the real values):
//     Z[k] = E + i O,  E = (X[k] + conj X[M-k]) / 2,  O = (X[k] - conj X[M-k]) conj(w^k) / 2,  k < M,
//     with Im X[0] and Im X[M] ignored (as in the fused pass and FFTW's c2r).
// The same formulas as the fused REAL_MODE 1 / 2 of stockham.wgsl (see there for the references).
//
// Bindings: 0 spectrum (read_write, twisted in place), 1 roots (f64 roots of unity as f32), 2 params
// (RealTwistParams, generated from src/fft/executor.ts).
// Dispatch: x covers the pairs k = 0 .. M/2 of a line; line = wid.y + wid.z * num_workgroups.y.
// Invariants: invocation k owns the pair (k, M - k) (and X[M] for k = 0): it reads both values before
// writing them, and no other invocation touches them, so the twist is race-free in place.

// #import lib/complex

override INVERSE: bool = false;
override WORKGROUP_SIZE: u32 = 64u;

@group(0) @binding(0) var<storage, read_write> spectrum: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read> roots: array<vec2<f32>>;
@group(0) @binding(2) var<uniform> params: RealTwistParams;

fn unfold(z: vec2<f32>, y: vec2<f32>, w: vec2<f32>) -> vec2<f32> {
  let c = conj(y);
  let e = 0.5 * (z + c);
  let d = 0.5 * (z - c);
  return e + cmul(w, vec2<f32>(d.y, -d.x));
}

fn fold(x: vec2<f32>, y: vec2<f32>, w: vec2<f32>) -> vec2<f32> {
  let e = 0.5 * (x + conj(y));
  let o = cmul_conj(0.5 * (x - conj(y)), w);
  return e + mul_i(o);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let m = params.halfLength;
  let k = gid.x;
  let line = wid.y + wid.z * groups.y;
  if (k > m / 2u || line >= params.lineCount) {
    return;
  }
  let base = line * params.lineStride;
  let w = params.realRootsOffset;
  if (!INVERSE) {
    if (k == 0u) {
      let z = spectrum[base];
      spectrum[base] = vec2<f32>(z.x + z.y, 0.0);
      spectrum[base + m] = vec2<f32>(z.x - z.y, 0.0);
    } else {
      let j = m - k;
      let zk = spectrum[base + k];
      let zj = spectrum[base + j];
      spectrum[base + k] = unfold(zk, zj, roots[w + k]);
      spectrum[base + j] = unfold(zj, zk, roots[w + j]);
    }
  } else {
    if (k == 0u) {
      let x0 = spectrum[base].x;
      let xm = spectrum[base + m].x;
      spectrum[base] = 0.5 * vec2<f32>(x0 + xm, x0 - xm);
    } else {
      let j = m - k;
      let xk = spectrum[base + k];
      let xj = spectrum[base + j];
      spectrum[base + k] = fold(xk, xj, roots[w + k]);
      spectrum[base + j] = fold(xj, xk, roots[w + j]);
    }
  }
}
