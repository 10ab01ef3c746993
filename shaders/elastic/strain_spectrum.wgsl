// Homogeneous-modulus elasticity, on demand (stress views and outputs): one component of the strain
// fluctuation in Fourier space (Khachaturyan 1983, ch. 7),
//   d eps_hat_ij(k) = 1/2 (n_i v_j(n) + n_j v_i(n)) c_hat(k),   v = Omega(n) sigma0 n  (tensor_wgsl),
// for the component COMPONENT (0..5 = xx, yy, zz, yz, xz, xy), written for an inverse FFT.
// Vegard's law: h_hat = c_hat for k != 0; the k = 0 mode is zero (the mean strain is added in real
// space by stress_fields.wgsl).
// Bindings: spectrum c_hat (read), strainSpectrum (write), params (ChParams), elastic (ElasticParams).

// #import ch/wavevector
// #import elastic/tensor

override WORKGROUP_SIZE: u32 = 256u;
override COMPONENT: u32 = 0u;

@group(0) @binding(0) var<storage, read> spectrum: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read_write> strainSpectrum: array<vec2<f32>>;
@group(0) @binding(2) var<uniform> params: ChParams;
@group(0) @binding(3) var<uniform> elastic: ElasticParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WORKGROUP_SIZE;
  if (i >= params.spectrumCount) { return; }
  let k = wavevector(i);
  let k2 = dot(k, k);
  if (k2 == 0.0) {
    strainSpectrum[i] = vec2<f32>(0.0);
    return;
  }
  let n = k * inverseSqrt(k2);
  let v = khachaturyan(n).xyz;
  var d = strain_operator(n);
  // engineering component D(n) v; tensor shears are half of it
  let factor = select(1.0, 0.5, COMPONENT >= 3u);
  strainSpectrum[i] = factor * dot(d[COMPONENT], v) * spectrum[i];
}
