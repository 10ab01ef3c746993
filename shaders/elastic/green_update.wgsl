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
      let omega = inverse3(acoustic_tensor(stiffness_from_rows(elastic.r0, elastic.r1, elastic.r2, elastic.r3, elastic.r4, elastic.r5, elastic.r6, elastic.r7, elastic.r8), nvec));
      // traction tau n = D^T sigma_hat (real and imaginary parts)
      var re: array<f32, 6>;
      var im: array<f32, 6>;
      for (var p = 0u; p < 6u; p = p + 1u) {
        let s = spectra[p * count + i];
        re[p] = s.x;
        im[p] = s.y;
      }
      let vRe = omega * traction_of(re, nvec);
      let vIm = omega * traction_of(im, nvec);
      // d eps = -sym(n (x) v): D v (engineering), shears halved to tensor components
      let dn = strain_operator_normal(nvec);
      let ds = strain_operator_shear(nvec);
      let normalRe = -(dn * vRe);
      let normalIm = -(dn * vIm);
      let shearRe = -0.5 * (ds * vRe);
      let shearIm = -0.5 * (ds * vIm);
      let w = parseval_weight(i);
      for (var p = 0u; p < 3u; p = p + 1u) {
        let normal = vec2<f32>(normalRe[p], normalIm[p]);
        let shear = vec2<f32>(shearRe[p], shearIm[p]);
        spectra[p * count + i] = normal;
        spectra[(p + 3u) * count + i] = shear;
        sum = sum + w * (dot(normal, normal) + 2.0 * dot(shear, shear));
      }
    }
  }
  let total = workgroup_sum(vec4<f32>(sum, 0.0, 0.0, 0.0), lid).x;
  if (lid == 0u) { partials[wid] = total; }
}
