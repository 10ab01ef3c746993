// CHR particle with coherency strain, Fourier space: the elastic part of the chemical potential,
//   mu_el_hat = B(n) u_hat   (k != 0; 0 at k = 0, the stress-free mean)
// for a particle whose eigenstrain is eps00 psi c = eps00 u (zero in the surrounding medium) with one
// stiffness everywhere: Khachaturyan's homogeneous-modulus solution (Khachaturyan 1983, ch. 7; Cogswell &
// Bazant, ACS Nano 6 (2012) 2215 for LiFePO4). The elastic energy is (1/2N) sum_k B(n) |u_hat|^2, whose
// variation per site, (1/psi) dE/dc, is IFFT[B(n) u_hat]. The inverse FFT of the output gives mu_el(x)
// for chr_potential.wgsl.
// Bindings: spectrum u_hat (read), elasticSpectrum (write), params (ChrParams), modulus B(n) (read,
//   tabulated by shaders/elastic/khachaturyan_modulus.wgsl).

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> spectrum: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read_write> elasticSpectrum: array<vec2<f32>>;
@group(0) @binding(2) var<uniform> params: ChrParams;
@group(0) @binding(3) var<storage, read> modulus: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WORKGROUP_SIZE;
  if (i >= params.spectrumCount) { return; }
  elasticSpectrum[i] = select(modulus[i] * spectrum[i], vec2<f32>(0.0, 0.0), i == 0u);
}
