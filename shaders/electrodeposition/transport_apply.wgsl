// The implicit Nernst-Planck operator applied to the CG direction (src/solver/electrodeposition.ts):
//   q = A p     (electrodeposition/transport_operator; the held face homogeneous)
// and per workgroup the partial sum of p . q for the step length (shaders/electrochem/field_poisson_scalars.wgsl).
// Bindings: 0 field p (read), 1 coefficients, 2 weights, 3 applied q (write), 4 partials (write), 5 model.

// #import electrodeposition/transport_operator
// #import lib/workgroup_reduce

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> field: array<f32>;
@group(0) @binding(1) var<storage, read> coefficients: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> weights: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> applied: array<f32>;
@group(0) @binding(4) var<storage, read_write> partials: array<f32>;
@group(0) @binding(5) var<uniform> model: ElectrodepositionParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let lid = lid3.x;
  let group = wid.x + wid.y * nwg.x;
  let i = group * WORKGROUP_SIZE + lid;
  var product = 0.0;
  if (i < model.cellCount) {
    let q = transport_apply(i);
    applied[i] = q;
    product = field[i] * q;
  }
  let total = workgroup_sum(vec4<f32>(product, 0.0, 0.0, 0.0), lid);
  if (lid == 0u) { partials[group] = total.x; }
}
