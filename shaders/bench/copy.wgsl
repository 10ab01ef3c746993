// Plain streaming copy, the bandwidth yardstick of `spinode bench` (DESIGN.md section 6):
//   dst[i] = src[i],  i < params.count  (vec4<f32> elements, 16 bytes each)
// Bindings: 0 src (read), 1 dst (read_write), 2 params (CopyParams: count, rowLength; generated from
// src/cli/benchCopy.ts). Dispatch: element i = gid.x + gid.y * rowLength (2D grid for large buffers).
// Invariants: every element below count is written exactly once; nothing else is touched.

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> src: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> dst: array<vec4<f32>>;
@group(0) @binding(2) var<uniform> params: CopyParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x + gid.y * params.rowLength;
  if (i < params.count) {
    dst[i] = src[i];
  }
}
