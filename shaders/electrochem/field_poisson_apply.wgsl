// The Newton operator applied to the CG direction p (src/solver/fieldPoisson.ts):
//   q = J p = -div_h(eps grad_h p) + sigma p      (held faces homogeneous: g = 0)
// symmetric positive (semi)definite, and per workgroup the partial sum of p . q for the step length.
// Bindings: 0 field p (read), 1 permittivity, 2 faceValues (unused values), 3 sigma (read),
//   4 applied q (write), 5 partials (write), 6 params.

// #import electrochem/eps_divergence
// #import lib/workgroup_reduce

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> field: array<f32>;
@group(0) @binding(1) var<storage, read> permittivity: array<f32>;
@group(0) @binding(2) var<storage, read> faceValues: array<f32>;
@group(0) @binding(3) var<storage, read> sigma: array<f32>;
@group(0) @binding(4) var<storage, read_write> applied: array<f32>;
@group(0) @binding(5) var<storage, read_write> partials: array<f32>;
@group(0) @binding(6) var<uniform> params: FieldPoissonParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let lid = lid3.x;
  let group = wid.x + wid.y * nwg.x;
  let i = group * WORKGROUP_SIZE + lid;
  var product = 0.0;
  if (i < params.cellCount) {
    let q = -eps_divergence(i, false) + sigma[i] * field[i];
    applied[i] = q;
    product = field[i] * q;
  }
  let total = workgroup_sum(vec4<f32>(product, 0.0, 0.0, 0.0), lid);
  if (lid == 0u) { partials[group] = total.x; }
}
