// CHR particle with coherency strain, real space: the particle's own Li content, the input of the
// eigenstrain theta = w (c - cbar) (chr_elastic_potential.wgsl),
//   q_i = w_i c_i,   w_i = psi_i where psi_i >= gradientThreshold (0.01), else 0
// The exterior (psi < 0.01) is fictitious: its c follows its own dynamics, phase-separates in the box and
// averaged 0.07-0.76 while the LiFePO4 particle's mean went 0.04-0.97 (docs/electrochemistry.md), so with
// psi in place of w its Li shifted cbar by up to 1e-3 and put an Eshelby strain on a uniform particle.
// Bindings: concentration c (read: the state being evaluated, or the predicted c* in the corrector),
//   content q (write, real), params (ChrParams), indicator psi (read).

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> concentration: array<f32>;
@group(0) @binding(1) var<storage, read_write> content: array<f32>;
@group(0) @binding(2) var<uniform> params: ChrParams;
@group(0) @binding(3) var<storage, read> indicator: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WORKGROUP_SIZE;
  if (i >= params.cellCount) { return; }
  let psi = indicator[i];
  content[i] = select(0.0, psi * concentration[i], psi >= params.gradientThreshold);
}
