// Cahn-Hilliard with variable mobility, step 2 in real space: one component of the diffusion flux,
//   J_d = M(c) d mu / dx_d,     M(c) = 4 c (1 - c)  (lattice / Darken form in internal units, where
//   the mobility scale M0 = D / (4 e0) makes max M = 1 at c = 1/2; Bazant, Acc. Chem. Res. 46 (2013) 1144),
// with c clamped into [0, 1] and M >= mobilityFloor so that depleted cells still relax.
// Bindings: concentration (read), gradient d mu/dx_d -> J_d (read/write, in place), params (ChParams).

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> concentration: array<f32>;
@group(0) @binding(1) var<storage, read_write> flux: array<f32>;
@group(0) @binding(2) var<uniform> params: ChParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WORKGROUP_SIZE;
  if (i >= params.cellCount) { return; }
  let c = clamp(concentration[i], 0.0, 1.0);
  flux[i] = max(4.0 * c * (1.0 - c), params.mobilityFloor) * flux[i];
}
