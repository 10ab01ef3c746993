enable subgroups;
// Workgroup reductions with subgroup operations (issue 24): each subgroup reduces in registers
// (subgroupAdd/Min/Max), its elected invocation writes one partial, one barrier, and invocation 0 folds
// the WORKGROUP_SIZE / subgroup-size partials. One barrier instead of log2 WORKGROUP_SIZE: on lavapipe
// (8-wide subgroups) every barrier is a switch between the workgroup's invocations, and the kernel of
// bulk_potential.wgsl's shape ran 1.9-2.6x faster at 256^2 (scripts/bench-reduction-variants.ts).
// Same contract as workgroup_reduce_tree.wgsl: uniform control flow, all invocations, the result valid
// in invocation 0. Subgroups are taken to be consecutive runs of local_invocation_index, as on the
// adapters we run (lavapipe, SwiftShader, NVIDIA, AMD, Intel); the GPU tests against float64 twins
// check it on the adapter at hand.
// Needs: override WORKGROUP_SIZE (a power of two, a multiple of the subgroup size) in the kernel.

var<workgroup> reduce_scratch: array<vec4<f32>, WORKGROUP_SIZE>;

fn workgroup_sum(v: vec4<f32>, lid: u32) -> vec4<f32> {
  let s = subgroupAdd(v);
  let width = subgroupAdd(1u);
  if (subgroupElect()) { reduce_scratch[lid / width] = s; }
  workgroupBarrier();
  var total = reduce_scratch[0];
  if (lid == 0u) {
    for (var i = 1u; i < WORKGROUP_SIZE / width; i = i + 1u) { total = total + reduce_scratch[i]; }
  }
  return total;
}

fn workgroup_sum_sum_min_max(v: vec4<f32>, lid: u32) -> vec4<f32> {
  let s = vec4<f32>(subgroupAdd(v.xy), subgroupMin(v.z), subgroupMax(v.w));
  let width = subgroupAdd(1u);
  if (subgroupElect()) { reduce_scratch[lid / width] = s; }
  workgroupBarrier();
  var total = reduce_scratch[0];
  if (lid == 0u) {
    for (var i = 1u; i < WORKGROUP_SIZE / width; i = i + 1u) {
      let b = reduce_scratch[i];
      total = vec4<f32>(total.xy + b.xy, min(total.z, b.z), max(total.w, b.w));
    }
  }
  return total;
}
