// CHR particle step, last real-space part: the composition of the new state,
//   c = u / psi          (psi the regularised indicator >= psi_min; u = psi c is what the update evolves)
// Bindings: content u (read: the inverse FFT of u_hat), concentration c (write), params (ChrParams),
//   indicator psi (read).
// Invariants: while the run or the protocol step is held, u_hat is unchanged, so c is reproduced bit for bit.

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> content: array<f32>;
@group(0) @binding(1) var<storage, read_write> concentration: array<f32>;
@group(0) @binding(2) var<uniform> params: ChrParams;
@group(0) @binding(3) var<storage, read> indicator: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WORKGROUP_SIZE;
  if (i >= params.cellCount) { return; }
  concentration[i] = content[i] / indicator[i];
}
