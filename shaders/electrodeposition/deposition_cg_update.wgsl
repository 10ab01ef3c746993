// One conjugate-gradient update of the electrodeposition solves (charge balance and transport;
// src/solver/electrodeposition.ts), fused so that an iteration is four dispatches (apply, this, beta,
// direction) instead of six:
//   alpha = rz / (p . q)                 (0 once converged or when p . q <= 0; the sum of the partials of
//                                         p . q that the apply kernel wrote, added by every workgroup)
//   x += alpha p,   r -= alpha q,   and per workgroup the partial sum of r . (r / diag) (Jacobi)
// Workgroup 0 stores alpha in the state (field_poisson_scalars.wgsl's beta stage reads it: alpha = 0 marks
// convergence). Same arithmetic as field_poisson_scalars (stage 2) + field_poisson_update + deposition_jacobi.
// Bindings: 0 x, 1 direction p, 2 residual r, 3 applied q, 4 diagonal, 5 partials of p . q (read),
//   6 partials of r . z (write), 7 state (FieldPoissonState), 8 params (FieldPoissonParams).

// #import lib/workgroup_reduce

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@group(0) @binding(1) var<storage, read> direction: array<f32>;
@group(0) @binding(2) var<storage, read_write> residual: array<f32>;
@group(0) @binding(3) var<storage, read> applied: array<f32>;
@group(0) @binding(4) var<storage, read> diagonal: array<f32>;
@group(0) @binding(5) var<storage, read> curvature: array<f32>;
@group(0) @binding(6) var<storage, read_write> partials: array<f32>;
@group(0) @binding(7) var<storage, read_write> state: FieldPoissonState;
@group(0) @binding(8) var<uniform> params: FieldPoissonParams;

// p . q for every invocation (workgroup_sum's result is valid in invocation 0 only); the barrier also
// keeps the second reduction's scratch writes after invocation 0 has read the first one's
var<workgroup> curvature_total: f32;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let lid = lid3.x;
  let group = wid.x + wid.y * nwg.x;
  var s = 0.0;
  for (var k = lid; k < params.partialCount; k = k + WORKGROUP_SIZE) { s = s + curvature[k]; }
  let sum = workgroup_sum(vec4<f32>(s, 0.0, 0.0, 0.0), lid).x;
  if (lid == 0u) { curvature_total = sum; }
  workgroupBarrier();
  let pq = curvature_total;
  let alpha = select(0.0, state.rz / pq, state.converged == 0u && pq > 0.0);
  let i = group * WORKGROUP_SIZE + lid;
  var product = 0.0;
  if (i < params.cellCount) {
    x[i] = x[i] + alpha * direction[i];
    let r = residual[i] - alpha * applied[i];
    residual[i] = r;
    product = r * r / diagonal[i];
  }
  let total = workgroup_sum(vec4<f32>(product, 0.0, 0.0, 0.0), lid);
  if (lid == 0u) {
    partials[group] = total.x;
    if (group == 0u) { state.alpha = alpha; }
  }
}
