// Inhomogeneous elasticity, iteration step 3 (Fourier space): the strain correction of the basic
// fixed-point scheme (Moulinec & Suquet, CMAME 157 (1998) 69),
//   d eps_hat(k) = -Gamma0(k) : sigma_hat(k),   (Gamma0 : tau)_ij = 1/2 (n_i v_j + n_j v_i),
//   v = Omega0(n) (tau n),  Omega0^-1 = D(n)^T C0 D(n)  (the reference medium's acoustic tensor)
// with n the direction of elastic/green_direction: the continuous operator (n = k / |k|) or Willot's
// rotated one (C. R. Mecanique 343 (2015) 232), by the table src/physics/greenOperator.ts fills; n = 0
// (Willot's hourglass modes) gives no correction.
// for k != 0, written over sigma_hat; the k = 0 mode is zero (mean_strain_update.wgsl handles it). Per
// workgroup it sums w |d eps_hat|^2 (tensor norm, Parseval weight w) for the residual.
// Bindings: spectra (read/write: 6 blocks of spectrumCount complex values), partials (write),
//   params (ChParams), elastic (ElasticParams), greenTable (read).

// #import ch/wavevector
// #import elastic/green_direction
// #import elastic/tensor
// #import lib/workgroup_reduce

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read_write> spectra: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read_write> partials: array<f32>;
@group(0) @binding(2) var<uniform> params: ChParams;
@group(0) @binding(3) var<uniform> elastic: ElasticParams;
@group(0) @binding(4) var<storage, read> greenTable: array<vec2<f32>>;

fn reference_entry(r: u32, c: u32) -> f32 {
  var rows = array<vec4<f32>, 9>(elastic.r0, elastic.r1, elastic.r2, elastic.r3, elastic.r4, elastic.r5, elastic.r6, elastic.r7, elastic.r8);
  let i = r * 6u + c;
  return rows[i / 4u][i % 4u];
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>, @builtin(workgroup_id) wid3: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let lid = lid3.x;
  let wid = wid3.x + wid3.y * nwg.x;
  let i = wid * WORKGROUP_SIZE + lid;
  let count = params.spectrumCount;
  var sum = 0.0;
  if (i < count) {
    let k = green_direction(i);
    let k2 = dot(k, k);
    if (k2 == 0.0) {
      for (var p = 0u; p < 6u; p = p + 1u) { spectra[p * count + i] = vec2<f32>(0.0); }
    } else {
      let nvec = k * inverseSqrt(k2);
      var d = strain_operator(nvec);
      var kmat = mat3x3<f32>(vec3<f32>(0.0), vec3<f32>(0.0), vec3<f32>(0.0));
      for (var r = 0u; r < 6u; r = r + 1u) {
        var cd = vec3<f32>(0.0);
        for (var q = 0u; q < 6u; q = q + 1u) { cd = cd + reference_entry(r, q) * d[q]; }
        kmat[0] = kmat[0] + d[r].x * cd;
        kmat[1] = kmat[1] + d[r].y * cd;
        kmat[2] = kmat[2] + d[r].z * cd;
      }
      let omega = inverse3(kmat);
      // traction tau n = D^T sigma_hat (real and imaginary parts)
      var tRe = vec3<f32>(0.0);
      var tIm = vec3<f32>(0.0);
      for (var p = 0u; p < 6u; p = p + 1u) {
        let s = spectra[p * count + i];
        tRe = tRe + d[p] * s.x;
        tIm = tIm + d[p] * s.y;
      }
      let vRe = omega * tRe;
      let vIm = omega * tIm;
      let w = parseval_weight(i);
      for (var p = 0u; p < 6u; p = p + 1u) {
        let factor = select(-1.0, -0.5, p >= 3u); // engineering -> tensor shear
        let de = factor * vec2<f32>(dot(d[p], vRe), dot(d[p], vIm));
        spectra[p * count + i] = de;
        sum = sum + w * select(1.0, 2.0, p >= 3u) * dot(de, de);
      }
    }
  }
  let total = workgroup_sum(vec4<f32>(sum, 0.0, 0.0, 0.0), lid).x;
  if (lid == 0u) { partials[wid] = total; }
}
