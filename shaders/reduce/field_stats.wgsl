// Field statistics: sum, min and max of a float32 field, in two stages.
//
//   partial:  each workgroup reduces a grid-strided share of field[0 .. count) to one record
//   finish:   one workgroup reduces the `count` partial records to out[outIndex]
//
// Record layout vec4<f32> = (sum, min, max, sum of squares). Sums are f32: each thread adds its
// grid-strided share serially (a few elements), then a pairwise tree, so the rounding error is bounded
// by 2^-24 (elements per thread + log2 n) sum|x| (Higham, Accuracy and Stability, section 4.2).
// (Compensated TwoSum is not used: WGSL lets the compiler reassociate float additions, which erases it.)
//
// Bindings: partial -> field (read), partials (write), params; finish -> partialsIn (read), out (write), params.
// Invariants: every element is counted exactly once; an empty share contributes (0, +big, -big, 0).
// Params struct (ReduceParams: count, outIndex, offset) is generated from src/gpu/reduction.ts.

override WORKGROUP_SIZE: u32 = 256u;
const BIG: f32 = 3.0e38;

@group(0) @binding(0) var<storage, read> field: array<f32>;
@group(0) @binding(1) var<storage, read_write> partials: array<vec4<f32>>;
@group(0) @binding(2) var<uniform> params: ReduceParams;
@group(0) @binding(3) var<storage, read> partialsIn: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> out: array<vec4<f32>>;

var<workgroup> shared_rec: array<vec4<f32>, WORKGROUP_SIZE>;

fn empty_record() -> vec4<f32> {
  return vec4<f32>(0.0, BIG, -BIG, 0.0);
}

fn combine(a: vec4<f32>, b: vec4<f32>) -> vec4<f32> {
  return vec4<f32>(a.x + b.x, min(a.y, b.y), max(a.z, b.z), a.w + b.w);
}

fn tree_reduce(lid: u32) {
  var stride = WORKGROUP_SIZE / 2u;
  loop {
    if (stride == 0u) { break; }
    workgroupBarrier();
    if (lid < stride) {
      shared_rec[lid] = combine(shared_rec[lid], shared_rec[lid + stride]);
    }
    stride = stride / 2u;
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn partial(@builtin(local_invocation_id) lid3: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
           @builtin(num_workgroups) nwg: vec3<u32>) {
  let lid = lid3.x;
  var rec = empty_record();
  let stride = nwg.x * WORKGROUP_SIZE;
  var i = wid.x * WORKGROUP_SIZE + lid;
  loop {
    if (i >= params.count) { break; }
    let v = field[params.offset + i];
    rec = combine(rec, vec4<f32>(v, v, v, v * v));
    i = i + stride;
  }
  shared_rec[lid] = rec;
  tree_reduce(lid);
  if (lid == 0u) { partials[wid.x] = shared_rec[0]; }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn finish(@builtin(local_invocation_id) lid3: vec3<u32>) {
  let lid = lid3.x;
  var rec = empty_record();
  var i = lid;
  loop {
    if (i >= params.count) { break; }
    rec = combine(rec, partialsIn[i]);
    i = i + WORKGROUP_SIZE;
  }
  shared_rec[lid] = rec;
  tree_reduce(lid);
  if (lid == 0u) { out[params.outIndex] = shared_rec[0]; }
}
