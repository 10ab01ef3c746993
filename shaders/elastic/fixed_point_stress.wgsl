// Inhomogeneous elasticity, iteration step 1 (real space): the stress of the current strain iterate,
//   sigma(x) = C(x) : eps(x) - tau*(x)           (elastic/inhomogeneous: C(x), the eigenstress tau*)
// (Moulinec & Suquet, CMAME 157 (1998) 69, basic scheme).
// Bindings: concentration c (read), indicator psi (read; ignored without a matrix), strain eps (read,
//   6 blocks of cellCount, tensor components xx, yy, zz, yz, xz, xy), stress (write, 6 blocks),
//   params (ChParams), elastic (ElasticParams). Internal units.

// #import elastic/tensor
// #import elastic/inhomogeneous

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> concentration: array<f32>;
@group(0) @binding(1) var<storage, read> indicator: array<f32>;
@group(0) @binding(2) var<storage, read> strain: array<f32>;
@group(0) @binding(3) var<storage, read_write> stress: array<f32>;
@group(0) @binding(4) var<uniform> params: ChParams;
@group(0) @binding(5) var<uniform> elastic: ElasticParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WORKGROUP_SIZE;
  let n = params.cellCount;
  if (i >= n) { return; }
  let c = concentration[i];
  let psi = select(1.0, indicator[i], elastic.mode.y > 0.5);
  var e: array<f32, 6>;
  for (var p = 0u; p < 6u; p = p + 1u) { e[p] = strain[p * n + i]; }
  let s = cell_stress(c, psi, i, e, 1.0);
  for (var p = 0u; p < 6u; p = p + 1u) { stress[p * n + i] = s[p]; }
}
