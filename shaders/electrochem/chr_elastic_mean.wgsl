// CHR particle with coherency strain, one workgroup: the uniform part of the elastic chemical potential,
//   mu_el_hat(0) = -(1/V) sum_k parseval_weight Re(conj(w_hat) B theta_hat),   V = sum w
// i.e. mu_el(x) = m(x) - (1/V) sum_j w_j m_j (w = psi on the particle's side of psi = 0.01, chr_particle_content.wgsl) after the inverse FFT (whose 1/N turns the k = 0 value
// N <m> into <m>): the variation of the coherency energy through the particle's mean composition cbar
// (chr_elastic_potential.wgsl). It moves every site's mu alike, so it changes the voltage, not the
// diffusion; measured in the LiFePO4 particle up to ~0.1 kT (2.5 mV).
// Bindings: elasticPartials (read, PARTIALS sums from chr_elastic_potential.wgsl), elasticSpectrum (write
//   mode 0), params (ChrParams: coherencyMeasure = V).

override WORKGROUP_SIZE: u32 = 256u;
override PARTIALS: u32 = 1u;

// #import lib/workgroup_reduce

@group(0) @binding(0) var<storage, read> elasticPartials: array<f32>;
@group(0) @binding(1) var<storage, read_write> elasticSpectrum: array<vec2<f32>>;
@group(0) @binding(2) var<uniform> params: ChrParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>) {
  let lid = lid3.x;
  var sum = 0.0;
  for (var i = lid; i < PARTIALS; i = i + WORKGROUP_SIZE) { sum = sum + elasticPartials[i]; }
  let total = workgroup_sum(vec4<f32>(sum, 0.0, 0.0, 0.0), lid).x;
  if (lid == 0u) { elasticSpectrum[0] = vec2<f32>(-total / params.coherencyMeasure, 0.0); }
}
