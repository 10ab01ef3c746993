// Poisson's equation with a constant permittivity, solved exactly per mode of the box's spectral basis
// (docs/boundaries.md, "Electrostatics"):
//
//   eps lap(phi) = -rho   ->   phi_hat(k) = rho_hat(k) / (eps |k|^2),   k != 0
//
// with k per axis from ch/wavevector: 2 pi m / L (periodic), pi m / L (cosine: zero normal field,
// Neumann faces) or pi (m + 1) / L (sine: phi = 0 on the faces, Dirichlet). The k = 0 mode exists only
// without a sine axis; there phi is fixed up to a constant and its mean is set to 0 (the gauge), which
// also drops the mean of rho (a periodic or insulated box must be neutral for a solution to exist).
// The spectral Laplacian is exact for every mode, so the error is that of representing rho on the grid
// in the basis (docs/boundaries.md: second order when rho does not vanish on a Dirichlet face).
//
// Bindings: 0 spectrum (read_write: rho_hat in, phi_hat out), 1 params (PoissonParams).
// Invariants: each mode is scaled independently; the kernel writes only its own mode.

// #import ch/wavevector

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read_write> spectrum: array<vec2<f32>>;
@group(0) @binding(1) var<uniform> params: PoissonParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = (wid.x + wid.y * nwg.x) * WORKGROUP_SIZE + lid.x;
  if (i >= params.spectrumCount) { return; }
  let k = wavevector(i);
  let k2 = dot(k, k);
  spectrum[i] = select(vec2<f32>(0.0), spectrum[i] / (params.permittivity * k2), k2 > 0.0);
}
