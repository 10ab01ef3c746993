// Inhomogeneous elasticity, iteration step 5 (real space): eps(x) <- eps(x) + d eps(x) + d ebar, the
// fluctuation correction from the inverse FFTs of green_update.wgsl and the mean-strain change of
// mean_strain_update.wgsl.
// Bindings: strain (read/write, 6 blocks), correction (read, 6 blocks), state (ElasticState, read),
//   params (ChParams).

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read_write> strain: array<f32>;
@group(0) @binding(1) var<storage, read> correction: array<f32>;
@group(0) @binding(2) var<storage, read> state: ElasticState;
@group(0) @binding(3) var<uniform> params: ChParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WORKGROUP_SIZE;
  let n = params.cellCount;
  if (i >= n) { return; }
  var change = array<f32, 6>(state.change0.x, state.change0.y, state.change0.z, state.change0.w, state.change1.x, state.change1.y);
  for (var p = 0u; p < 6u; p = p + 1u) {
    strain[p * n + i] = strain[p * n + i] + correction[p * n + i] + change[p];
  }
}
