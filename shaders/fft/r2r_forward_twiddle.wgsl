// Real-to-real forward transform, step 3 of 3: the DFT V of the reordered line (complex FFT over all
// axes) -> the spectrum X (cosine coefficients on cosine axes, sine coefficients on sine axes, Fourier
// coefficients on periodic axes). Along one walled axis of length N (Makhoul 1980):
//
//   X[k] = Re(w_k V[k]) = (w_k V[k] + conj(w_k) V[(N - k) mod N]) / 2,   w_k = e^{-i pi k / (2N)}
//
// The second form is linear in V (it uses V[N-k] = conj V[k], true for the DFT of a real line), so it
// also holds once the other axes are complex; over several walled axes the per-axis maps multiply: a
// mode reads 2^d values for d walled axes (tensor product). A sine axis stores S[k] = the DCT-II value
// at j = N-1-k of the sign-alternated line (r2r_forward_reorder applied the signs).
// Bindings: 0 line V (read), 1 spectrum X (write), 2 params (R2rParams), 3 twiddles (w_k, f64 -> f32).
// Accuracy: at most 8 complex multiply-adds per mode on top of the FFT (a few ulp).

// #import lib/complex
// #import fft/r2r_axes

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> line: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read_write> spectrum: array<vec2<f32>>;
@group(0) @binding(2) var<uniform> params: R2rParams;
@group(0) @binding(3) var<storage, read> twiddles: array<vec2<f32>>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = (wid.x + wid.y * nwg.x) * WORKGROUP_SIZE + lid.x;
  if (i >= params.shape.w) { return; }
  let k = r2r_coords(i);
  // per axis: term 0 (index, coefficient) and, on walled axes, term 1
  var index0 = k;
  var index1 = k;
  var coef0 = array<vec2<f32>, 3>(vec2<f32>(1.0, 0.0), vec2<f32>(1.0, 0.0), vec2<f32>(1.0, 0.0));
  var coef1 = coef0;
  var walled = 0u;
  for (var a = 0u; a < 3u; a = a + 1u) {
    let kind = params.kinds[a];
    if (kind != AXIS_PERIODIC) {
      let len = params.shape[a];
      let j = r2r_stored_index(kind, k[a], len);
      let w = twiddles[params.twiddleOffset[a] + j];
      index0[a] = j;
      index1[a] = (len - j) % len;
      coef0[a] = 0.5 * w;
      coef1[a] = 0.5 * conj(w);
      walled = walled | (1u << a);
    }
  }
  var sum = vec2<f32>(0.0, 0.0);
  for (var combo = 0u; combo < 8u; combo = combo + 1u) {
    if ((combo & ~walled) != 0u) { continue; }
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
    sum = sum + cmul(coef, line[r2r_index(at)]);
  }
  spectrum[i] = sum;
}
