// CHR particle step, part 5, real space: the increment of the Li content from that of the composition,
//   du_i = psi_i dc_i
// (dc from chr_update.wgsl and the inverse FFT), ready for the forward FFT of chr_accumulate.wgsl.
// Bindings: increment dc -> du (read/write, in place), params (ChrParams), indicator psi (read).

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read_write> increment: array<f32>;
@group(0) @binding(1) var<uniform> params: ChrParams;
@group(0) @binding(2) var<storage, read> indicator: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WORKGROUP_SIZE;
  if (i >= params.cellCount) { return; }
  increment[i] = indicator[i] * increment[i];
}
