// Preconditioner of the field Poisson CG (src/solver/fieldPoisson.ts): the exact inverse of the
// constant-coefficient operator -eps_ref lap_h + s in the box's spectral basis,
//   z_hat(k) = r_hat(k) / (eps_ref |k_h|^2 + s),   k_h,a = (2 / h_a) sin(k_a h_a / 2)
// with k per axis from ch/wavevector (periodic 2 pi m / L, cosine pi m / L, sine pi (m + 1) / L). k_h is
// the symbol of the three-point Laplacian in each basis: the DFT, DCT-II and DST-II diagonalise the
// cell-centred stencil with periodic, insulating and held (ghost -u) faces exactly, so with a uniform eps
// and sigma = s one application solves the system. Where eps_ref |k_h|^2 + s = 0 (the mean mode of a
// box without held faces or shift) z_hat = 0: the gauge, phi with zero mean.
// Bindings: 0 spectrum (read_write: r_hat in, z_hat out), 1 params (FieldPoissonParams).

// #import ch/wavevector

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read_write> spectrum: array<vec2<f32>>;
@group(0) @binding(1) var<uniform> params: FieldPoissonParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = (wid.x + wid.y * nwg.x) * WORKGROUP_SIZE + lid.x;
  if (i >= params.cellCount) { return; }
  let kh = 2.0 * params.inverseSpacing.xyz * sin(0.5 * wavevector(i) * params.spacing.xyz);
  let symbol = params.referencePermittivity * dot(kh, kh) + params.shift;
  spectrum[i] = select(vec2<f32>(0.0), spectrum[i] / symbol, symbol > 0.0);
}
