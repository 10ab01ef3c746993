// Allen-Cahn-reaction step, part 2: the full chemical potential in Fourier space,
//   mu_hat = g_hat + kappa k^2 c_hat          (mu = f'(c) - kappa lap c; Bazant 2013)
// in place over g_hat; the inverse FFT then gives mu(x), from which the overpotential of every cell
// is formed (the "variational" overpotential: the gradient term is part of it).
// Bindings: spectrum c_hat (read), potentialSpectrum g_hat -> mu_hat (read/write), params (AcrParams).
// Invariants: one thread per mode; the k = 0 mode is g_hat(0) unchanged.

// #import ch/wavevector

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> spectrum: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read_write> potentialSpectrum: array<vec2<f32>>;
@group(0) @binding(2) var<uniform> params: AcrParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WORKGROUP_SIZE;
  if (i >= params.spectrumCount) { return; }
  let k = wavevector(i);
  potentialSpectrum[i] = potentialSpectrum[i] + params.kappa * dot(k, k) * spectrum[i];
}
