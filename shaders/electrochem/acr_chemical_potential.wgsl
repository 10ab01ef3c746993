// Allen-Cahn-reaction step, part 2: the full chemical potential in Fourier space,
//   mu_hat = g_hat + (kappa k^2 + B(n)) c_hat          (mu = f'(c) - kappa lap c + mu_el; Bazant 2013)
// B(n): Khachaturyan's coherency-strain modulus of the mode's direction (homogeneous modulus, Vegard;
// Cogswell & Bazant, ACS Nano 6 (2012) 2215 for the ACR platelet), tabulated by src/solver/elasticity.ts;
// 0 without elasticity. The k = 0 mode carries no coherency term (stress-free mean). All times
// OUTPUT_SCALE (1 in the step; the scene's energy-density unit when mu is an output field).
// in place over g_hat; the inverse FFT then gives mu(x), from which the overpotential of every cell
// is formed (the "variational" overpotential: the gradient term is part of it).
// Bindings: spectrum c_hat (read), potentialSpectrum g_hat -> mu_hat (read/write), params (AcrParams),
//   modulus B(n) (read; a placeholder when ELASTIC is false).
// Invariants: one thread per mode; the k = 0 mode is g_hat(0) unchanged.

// #import ch/wavevector

override WORKGROUP_SIZE: u32 = 256u;
override ELASTIC: bool = false;
override OUTPUT_SCALE: f32 = 1.0;

@group(0) @binding(0) var<storage, read> spectrum: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read_write> potentialSpectrum: array<vec2<f32>>;
@group(0) @binding(2) var<uniform> params: AcrParams;
@group(0) @binding(3) var<storage, read> modulus: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WORKGROUP_SIZE;
  if (i >= params.spectrumCount) { return; }
  let k = wavevector(i);
  var b = 0.0;
  if (ELASTIC && i != 0u) { b = modulus[i]; }
  potentialSpectrum[i] = OUTPUT_SCALE * (potentialSpectrum[i] + (params.kappa * dot(k, k) + b) * spectrum[i]);
}
