// The scalar work of Newton + preconditioned CG for the field Poisson(-Boltzmann) equation, on the GPU
// (one workgroup; src/solver/fieldPoisson.ts; Hestenes & Stiefel 1952, preconditioned form as in Saad,
// Iterative Methods for Sparse Linear Systems, 2nd ed., alg. 9.1). It sums the partials of the preceding
// kernel and, by STAGE:
//   0 begin a solve:  newton = 0, cg = 0                        (reads no partials)
//   1 begin a Newton system (partials of r . z, z = P r):
//        rz = rz0 = r . z; the first system of a solve sets rzRef = rz0;
//        converged = rz0 <= newtonTolerance^2 rzRef or rz0 == 0 (nothing left to do); beta = 0
//   2 alpha (partials of p . J p): alpha = rz / (p . J p) unless converged or p . J p <= 0, else 0
//   3 beta (partials of r . z): unless converged: beta = rz' / rz, rz = rz', cg += 1,
//        converged = rz' <= cgTolerance^2 rz0
// residual = sqrt(rz / rzRef), the preconditioned residual of the solve relative to its first.
// Bindings: 0 partials (read), 1 state (FieldPoissonState), 2 params (FieldPoissonParams).

// #import lib/workgroup_reduce

override WORKGROUP_SIZE: u32 = 256u;
override STAGE: u32 = 0u;

@group(0) @binding(0) var<storage, read> partials: array<f32>;
@group(0) @binding(1) var<storage, read_write> state: FieldPoissonState;
@group(0) @binding(2) var<uniform> params: FieldPoissonParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>) {
  let lid = lid3.x;
  var s = 0.0;
  if (STAGE != 0u) {
    for (var i = lid; i < params.partialCount; i = i + WORKGROUP_SIZE) { s = s + partials[i]; }
  }
  let total = workgroup_sum(vec4<f32>(s, 0.0, 0.0, 0.0), lid).x;
  if (lid != 0u) { return; }
  if (STAGE == 0u) {
    state.newton = 0u;
    state.cg = 0u;
    state.alpha = 0.0;
    state.beta = 0.0;
  } else if (STAGE == 1u) {
    if (state.newton == 0u) { state.rzRef = total; }
    state.newton = state.newton + 1u;
    state.rz = total;
    state.rz0 = total;
    state.alpha = 0.0;
    state.beta = 0.0;
    let tolerance = params.newtonTolerance * params.newtonTolerance * state.rzRef;
    state.converged = select(0u, 1u, total <= tolerance || total <= 0.0);
    state.residual = select(0.0, sqrt(total / state.rzRef), state.rzRef > 0.0);
  } else if (STAGE == 2u) {
    state.alpha = select(0.0, state.rz / total, state.converged == 0u && total > 0.0);
  } else {
    if (state.converged == 0u) {
      state.beta = select(0.0, total / state.rz, state.rz > 0.0);
      state.rz = total;
      state.cg = state.cg + 1u;
      state.converged = select(0u, 1u, total <= params.cgTolerance * params.cgTolerance * state.rz0 || state.alpha == 0.0);
      state.residual = select(0.0, sqrt(max(total, 0.0) / state.rzRef), state.rzRef > 0.0);
    } else {
      state.beta = 0.0;
    }
  }
}
