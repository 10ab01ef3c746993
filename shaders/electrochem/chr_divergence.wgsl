// CHR particle step, part 3, real space: the explicit rate of the composition c = u / psi,
//   N_i / psi_i,   N_i = (w R)_i + sum_faces (psi M)_f (mu_j - mu_i) / h^2
// (N the rate of the Li content u = psi c)
// the conservative second-order form of w R + div(psi M grad mu) (Yu, Chen & Thornton 2012): what
// leaves a cell through a face enters its neighbour, so sum_i N_i = sum_i (w R)_i exactly up to
// rounding, and faces into the surrounding medium (psi_f ~ 0) carry no flux. (psi M)_f is the mean of the
// two cells' psi M(c); M(c) = 4 c (1 - c) (lattice / Darken mobility, internal units, max 1; Bazant,
// Acc. Chem. Res. 46 (2013) 1144) with c clamped into [0, 1] and M >= mobilityFloor, or 1 (constant).
// psi is the regularised psi >= psi_min, so c = u / psi outside the particle diffuses as inside and
// stays a smooth extension of the surface value (its sites, psi_min per cell, count in the inventory).
// Bindings: concentration (read), chemicalPotential mu (read), potential w R -> N / psi (read/write, in place),
//   params (ChrParams), indicator psi (read).

// #import electrochem/chr_stencil

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> concentration: array<f32>;
@group(0) @binding(1) var<storage, read> chemicalPotential: array<f32>;
@group(0) @binding(2) var<storage, read_write> potential: array<f32>;
@group(0) @binding(3) var<uniform> params: ChrParams;
@group(0) @binding(4) var<storage, read> indicator: array<f32>;

fn transport(j: u32) -> f32 {
  if (params.latticeMobility == 0u) { return indicator[j]; }
  let c = clamp(concentration[j], 0.0, 1.0);
  return indicator[j] * max(4.0 * c * (1.0 - c), params.mobilityFloor);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WORKGROUP_SIZE;
  if (i >= params.cellCount) { return; }
  let mu = chemicalPotential[i];
  let own = transport(i);
  var divergence = 0.0;
  for (var axis = 0u; axis < axis_count(); axis = axis + 1u) {
    let up = neighbor(i, axis, true);
    let down = neighbor(i, axis, false);
    divergence = divergence + inverse_spacing_squared(axis)
      * (face_weight(own, transport(up)) * (chemicalPotential[up] - mu) + face_weight(own, transport(down)) * (chemicalPotential[down] - mu));
  }
  potential[i] = (potential[i] + divergence) / indicator[i];
}
