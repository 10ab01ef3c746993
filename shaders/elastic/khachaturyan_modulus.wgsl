// Homogeneous-modulus elasticity, once per run: Khachaturyan's elastic modulus of every mode of the
// half spectrum (Khachaturyan, Theory of Structural Transformations in Solids, 1983, ch. 7):
//   B(n) = C_ijkl eps00_ij eps00_kl - n_i sigma0_ij Omega_jk(n) sigma0_kl n_l,   n = k / |k|,
//   Omega^-1_ik(n) = C_ijkl n_j n_l,  sigma0 = C : eps00.
// With Vegard's law the elastic energy of the fluctuations is (1/2) sum_k B(n) |c_hat|^2 (per volume,
// normalised as the Parseval sum), so the elastic chemical potential mu_el_hat = B(n) c_hat enters the
// implicit Cahn-Hilliard update exactly (semi_implicit_update.wgsl), at no cost per step.
// Bindings: modulus (write, one f32 per mode), params (ChParams), elastic (ElasticParams).
// Invariant: B(0) = 0: the k = 0 mode belongs to the mean-strain boundary condition.

// #import ch/wavevector
// #import elastic/tensor

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read_write> modulus: array<f32>;
@group(0) @binding(1) var<uniform> params: ChParams;
@group(0) @binding(2) var<uniform> elastic: ElasticParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WORKGROUP_SIZE;
  if (i >= params.spectrumCount) { return; }
  let k = wavevector(i);
  let k2 = dot(k, k);
  if (k2 == 0.0) {
    modulus[i] = 0.0;
    return;
  }
  modulus[i] = khachaturyan(k * inverseSqrt(k2)).w;
}
