// Cahn-Hilliard with variable mobility, step 1 in Fourier space: the chemical potential of the state,
//   mu_hat = g_hat + (kappa k^2 + B(n)) c_hat,      g = f'(c)   (mu = f'(c) - kappa lap c + mu_el)
// with B(n) the homogeneous-modulus elastic kernel (khachaturyan_modulus.wgsl) when ELASTIC,
// times OUTPUT_SCALE (1 in the step; the energy-density unit of the scene when mu is an output field).
// written over g_hat (in place), for every mode of the half spectrum.
// Bindings: spectrum c_hat (read), potentialSpectrum g_hat -> mu_hat (read/write), params (ChParams),
//   modulus B(n) (read; a placeholder without elasticity).

// #import ch/wavevector

override WORKGROUP_SIZE: u32 = 256u;
override ELASTIC: bool = false;
override OUTPUT_SCALE: f32 = 1.0;

@group(0) @binding(0) var<storage, read> spectrum: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read_write> potentialSpectrum: array<vec2<f32>>;
@group(0) @binding(2) var<uniform> params: ChParams;
@group(0) @binding(3) var<storage, read> modulus: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WORKGROUP_SIZE;
  if (i >= params.spectrumCount) { return; }
  let k = wavevector(i);
  var b = 0.0;
  if (ELASTIC) { b = modulus[i]; }
  potentialSpectrum[i] = OUTPUT_SCALE * (potentialSpectrum[i] + (params.kappa * dot(k, k) + b) * spectrum[i]);
}
