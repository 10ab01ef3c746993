// CHR particle with coherency strain, Fourier space: the eigenstrain field of a free particle and the
// elastic part of its chemical potential,
//   theta_hat = q_hat - cbar w_hat,   cbar = q_hat(0) / w_hat(0) = sum w c / sum w
// with w = psi on the particle's side of psi = 0.01 and 0 in the exterior, q = w c (chr_particle_content.wgsl):
// the exterior's fictitious c carries no eigenstrain and does not enter the particle's mean
//   mu_el_hat = B(n) theta_hat          (k != 0; the k = 0 mode: chr_elastic_mean.wgsl)
// The eigenstrain is eps00 theta = eps00 w (c - cbar): the composition's deviation from the particle's
// mean, zero in the surrounding medium. A uniformly (de)lithiated particle is then stress-free, as a particle
// in a liquid electrolyte is (its mean swelling is not resisted); the eigenstrain eps00 psi c of a particle
// clamped in a medium of its own stiffness would instead charge every uniform state with the Eshelby energy
// and tilt the voltage curve. The deviations are coherent with each other through one stiffness everywhere:
// Khachaturyan's homogeneous-modulus solution (Khachaturyan 1983, ch. 7; Cogswell & Bazant, ACS Nano 6
// (2012) 2215 for LiFePO4, whose coherency term is B (c - cbar)). The elastic energy is
// E = (1/2N) sum_k B(n) |theta_hat|^2; its variation per site,
//   (1/w_i) dE/dc_i = m_i - (1/V) sum_j w_j m_j,   m = IFFT[B theta_hat],  V = sum w,
// has a uniform second term from cbar, which chr_elastic_mean.wgsl puts into the k = 0 mode from the
// partial sums written here, sum_k parseval_weight Re(conj(w_hat) B theta_hat) = N sum_j w_j m_j.
// The inverse FFT of elasticSpectrum gives mu_el(x) for chr_potential.wgsl, which extends the surface
// value outward; theta_hat is kept for the energy in chr_update.wgsl.
// Bindings: spectrum q_hat (read), indicatorSpectrum w_hat (read), eigenstrainSpectrum theta_hat (write),
//   elasticSpectrum (write), elasticPartials (write, one per workgroup), params (ChrParams), modulus B(n)
//   (read, tabulated by shaders/elastic/khachaturyan_modulus.wgsl).

// #import ch/wavevector
// #import lib/workgroup_reduce

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> spectrum: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read> indicatorSpectrum: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read_write> eigenstrainSpectrum: array<vec2<f32>>;
@group(0) @binding(3) var<storage, read_write> elasticSpectrum: array<vec2<f32>>;
@group(0) @binding(4) var<storage, read_write> elasticPartials: array<f32>;
@group(0) @binding(5) var<uniform> params: ChrParams;
@group(0) @binding(6) var<storage, read> modulus: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>, @builtin(workgroup_id) wid3: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let lid = lid3.x;
  let wid = wid3.x + wid3.y * nwg.x;
  let i = wid * WORKGROUP_SIZE + lid;
  var sum = 0.0;
  if (i < params.spectrumCount) {
    let mean = spectrum[0].x / indicatorSpectrum[0].x;
    let weight = indicatorSpectrum[i];
    let theta = select(spectrum[i] - mean * weight, vec2<f32>(0.0, 0.0), i == 0u);
    let stressed = modulus[i] * theta;
    eigenstrainSpectrum[i] = theta;
    elasticSpectrum[i] = stressed;
    sum = parseval_weight(i) * dot(weight, stressed);
  }
  let total = workgroup_sum(vec4<f32>(sum, 0.0, 0.0, 0.0), lid).x;
  if (lid == 0u) { elasticPartials[wid] = total; }
}
