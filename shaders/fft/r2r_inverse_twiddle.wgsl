// Real-to-real inverse transform, step 1 of 3: the spectrum X -> the DFT V of the reordered line, the
// exact inverse of r2r_forward_twiddle. Along one walled axis of length N (Makhoul 1980), from
// X[k] = Re(w_k V[k]) and X[N-k] = -Im(w_k V[k]):
//
//   V[k] = conj(w_k) (X[k] - i X[N-k]),   X[N] = 0 (so V[0] = X[0]),   w_k = e^{-i pi k / (2N)}
//
// linear in X, so the per-axis maps multiply over several walled axes (2^d reads per mode); sine axes
// read their coefficients through the index reversal j -> N-1-j (see fft/r2r_axes).
// Then the inverse complex FFT over all axes (normalised by 1/N), then r2r_inverse_reorder.wgsl.
// Bindings: 0 spectrum X (read, not modified), 1 line V (write), 2 params (R2rParams), 3 twiddles.

// #import lib/complex
// #import fft/r2r_axes

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> spectrum: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read_write> line: array<vec2<f32>>;
@group(0) @binding(2) var<uniform> params: R2rParams;
@group(0) @binding(3) var<storage, read> twiddles: array<vec2<f32>>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = (wid.x + wid.y * nwg.x) * WORKGROUP_SIZE + lid.x;
  if (i >= params.shape.w) { return; }
  let k = r2r_coords(i);
  var index0 = k;
  var index1 = k;
  var coef0 = array<vec2<f32>, 3>(vec2<f32>(1.0, 0.0), vec2<f32>(1.0, 0.0), vec2<f32>(1.0, 0.0));
  var coef1 = coef0;
  // axes with a second term (walled, k > 0)
  var twoTerms = 0u;
  for (var a = 0u; a < 3u; a = a + 1u) {
    let kind = params.kinds[a];
    if (kind != AXIS_PERIODIC) {
      let len = params.shape[a];
      let cw = conj(twiddles[params.twiddleOffset[a] + k[a]]);
      index0[a] = r2r_stored_index(kind, k[a], len);
      coef0[a] = cw;
      if (k[a] > 0u) {
        index1[a] = r2r_stored_index(kind, len - k[a], len);
        coef1[a] = vec2<f32>(cw.y, -cw.x); // -i conj(w_k)
        twoTerms = twoTerms | (1u << a);
      }
    }
  }
  var sum = vec2<f32>(0.0, 0.0);
  for (var combo = 0u; combo < 8u; combo = combo + 1u) {
    if ((combo & ~twoTerms) != 0u) { continue; }
    var at = index0;
    var coef = vec2<f32>(1.0, 0.0);
    for (var a = 0u; a < 3u; a = a + 1u) {
      if (((combo >> a) & 1u) == 1u) {
        at[a] = index1[a];
        coef = cmul(coef, coef1[a]);
      } else {
        coef = cmul(coef, coef0[a]);
      }
    }
    sum = sum + cmul(coef, spectrum[r2r_index(at)]);
  }
  line[i] = sum;
}
