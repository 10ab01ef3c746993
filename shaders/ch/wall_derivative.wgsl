// Cahn-Hilliard with variable mobility between walls, step 2 in spectral space: the derivative of the
// chemical potential along one axis (override AXIS), in the basis its flux lives in
// (docs/boundaries.md, "Variable mobility"):
//   periodic axis   (d mu / dx)_hat = i k mu_hat   (Nyquist mode zero, as derivative_wavevector)
//   cosine axis     d/dx cos(pi m x / L) = -(pi m / L) sin(pi m x / L): sine coefficient j = m - 1,
//                   G[j] = -(pi (j + 1) / L) mu_hat[j + 1]  (j < N - 1),  G[N - 1] = 0
// The sine series vanishes on the walls, so the flux J = M(c) d mu / dx built from it carries no solute
// through them; explicit_rate.wgsl maps div J back to the cosine basis.
// (In a periodic box the derivative is fused into the inverse FFT instead; this kernel runs with walls.)
// Bindings: 0 potentialSpectrum mu_hat (read, full r2r spectrum), 1 gradient (write), 2 params (ChParams).

// #import lib/complex
// #import ch/wavevector

override WORKGROUP_SIZE: u32 = 256u;
override AXIS: u32 = 0u;

@group(0) @binding(0) var<storage, read> potentialSpectrum: array<vec2<f32>>;
@group(0) @binding(1) var<storage, read_write> gradient: array<vec2<f32>>;
@group(0) @binding(2) var<uniform> params: ChParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WORKGROUP_SIZE;
  if (i >= params.spectrumCount) { return; }
  if (params.basis[AXIS] == 0u) {
    gradient[i] = mul_i(derivative_wavevector(i)[AXIS] * potentialSpectrum[i]);
    return;
  }
  let s = params.spectrumShape;
  let stride = select(select(1u, s.x, AXIS == 1u), s.x * s.y, AXIS == 2u);
  let m = spectral_index(i)[AXIS] + 1u;
  var value = vec2<f32>(0.0, 0.0);
  if (m < params.shape[AXIS]) {
    value = -(PI * f32(m) * params.inverseSize[AXIS]) * potentialSpectrum[i + stride];
  }
  gradient[i] = value;
}
