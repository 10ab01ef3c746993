// Workgroup reductions without subgroup operations: a shared-memory tree, one barrier per halving
// (log2 WORKGROUP_SIZE barriers). Call from uniform control flow with every invocation of the workgroup;
// the result is valid in invocation 0 (local_invocation_index).
//   workgroup_sum(v)            = sum over the workgroup of v
//   workgroup_sum_sum_min_max(v) = (sum v.x, sum v.y, min v.z, max v.w)
// The same functions with subgroup operations: workgroup_reduce_subgroup.wgsl (chosen per device).
// Needs: override WORKGROUP_SIZE (a power of two) in the kernel.

var<workgroup> reduce_scratch: array<vec4<f32>, WORKGROUP_SIZE>;

fn workgroup_sum(v: vec4<f32>, lid: u32) -> vec4<f32> {
  reduce_scratch[lid] = v;
  var stride = WORKGROUP_SIZE / 2u;
  loop {
    if (stride == 0u) { break; }
    workgroupBarrier();
    if (lid < stride) { reduce_scratch[lid] = reduce_scratch[lid] + reduce_scratch[lid + stride]; }
    stride = stride / 2u;
  }
  return reduce_scratch[0];
}

fn workgroup_sum_sum_min_max(v: vec4<f32>, lid: u32) -> vec4<f32> {
  reduce_scratch[lid] = v;
  var stride = WORKGROUP_SIZE / 2u;
  loop {
    if (stride == 0u) { break; }
    workgroupBarrier();
    if (lid < stride) {
      let a = reduce_scratch[lid];
      let b = reduce_scratch[lid + stride];
      reduce_scratch[lid] = vec4<f32>(a.xy + b.xy, min(a.z, b.z), max(a.w, b.w));
    }
    stride = stride / 2u;
  }
  return reduce_scratch[0];
}
