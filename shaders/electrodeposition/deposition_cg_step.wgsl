// One iteration of the Jacobi-preconditioned conjugate gradients of the electrodeposition solves (charge
// balance and transport; src/solver/electrodeposition.ts) in the single-reduction form of Chronopoulos &
// Gear (J. Comput. Appl. Math. 25 (1989) 153, their s = 1 method; also Saad, Iterative Methods for Sparse
// Linear Systems, 2nd ed., sec. 6.7.1): the operator is applied to z = r / diag, not to the direction, so
// that both inner products of an iteration come from one pass over the grid and an iteration is two
// dispatches (the apply kernel, then this) instead of four:
//   gamma = r . z,   delta = z . w,   w = A z           (the partials: this kernel's previous pass, the apply's)
//   beta  = gamma / gamma_old,   alpha = gamma / (delta - beta gamma / alpha_old)   (first iteration: beta = 0, alpha = gamma / delta)
//   p = z + beta p,   s = w + beta s   (s = A p by recurrence),   x += alpha p,   r -= alpha s,
// and with JACOBI = 1 the next z = r / diag and per workgroup the partial sum of the new r . z (with
// JACOBI = 0 a preconditioner outside, charge_precondition_scale.wgsl around the spectral inverse, makes
// them before the next iteration). In exact arithmetic the iterates are standard CG's
// (p . A p = delta - beta gamma / alpha_old follows from the conjugacy of p and r).
// Every workgroup sums all partials (the same sums in the same order), so alpha and beta are the same
// everywhere. The scalars ping-pong: this reads states[PARITY] and workgroup 0 writes states[1 - PARITY]
// (no workgroup reads what another writes in the same dispatch); partial sums likewise, in `reductions`:
// z . w at [0, REGION), r . z of the current r at (1 + PARITY) REGION, of the new r at (2 - PARITY) REGION.
// Stopping as FieldPoisson's scalars (field_poisson_scalars.wgsl, whose begin and start stages open the
// solve and each system): converged at the start (Newton tolerance), or once gamma <= cgTolerance^2 rz0,
// or when the step length is not positive; a converged system changes nothing.
// The first iteration of a system is the one that finds alpha = 0 in an unconverged state (the start stage
// sets alpha = 0; later iterations store alpha > 0 or converge).
// Bindings: 0 x, 1 directions (p, s), 2 residual r, 3 preconditioned z, 4 applied w = A z (read),
//   5 diagonal (read), 6 reductions (partials), 7 states (two FieldPoissonState slots of 256 bytes), 8 params.

// #import lib/workgroup_reduce

override WORKGROUP_SIZE: u32 = 256u;
override PARITY: u32 = 0u;
/** floats between the partial-sum regions of `reductions` (>= the number of workgroups, 256-byte aligned) */
override REGION: u32 = 64u;
/** 1: the Jacobi preconditioner z = r / diag is applied here; 0: z and r . z come from elsewhere */
override JACOBI: u32 = 1u;

struct StateSlot {
  @size(256) state: FieldPoissonState,
}

@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> directions: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read_write> residual: array<f32>;
@group(0) @binding(3) var<storage, read_write> preconditioned: array<f32>;
@group(0) @binding(4) var<storage, read> applied: array<f32>;
@group(0) @binding(5) var<storage, read> diagonal: array<f32>;
@group(0) @binding(6) var<storage, read_write> reductions: array<f32>;
@group(0) @binding(7) var<storage, read_write> states: array<StateSlot, 2>;
@group(0) @binding(8) var<uniform> params: FieldPoissonParams;

// (gamma, delta) for every invocation (workgroup_sum's result is valid in invocation 0 only); the barrier
// also keeps the second reduction's scratch writes after invocation 0 has read the first one's
var<workgroup> products: vec2<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let lid = lid3.x;
  let group = wid.x + wid.y * nwg.x;
  let source = (1u + PARITY) * REGION;
  var sums = vec4<f32>(0.0);
  for (var k = lid; k < params.partialCount; k = k + WORKGROUP_SIZE) {
    sums = sums + vec4<f32>(reductions[source + k], reductions[k], 0.0, 0.0);
  }
  let total = workgroup_sum(sums, lid);
  if (lid == 0u) { products = total.xy; }
  workgroupBarrier();
  let gamma = products.x;
  let delta = products.y;
  let before = states[PARITY].state;
  let first = before.alpha == 0.0;
  var converged = before.converged != 0u || (!first && gamma <= params.cgTolerance * params.cgTolerance * before.rz0);
  var beta = 0.0;
  var alpha = 0.0;
  if (!converged) {
    beta = select(gamma / before.rz, 0.0, first);
    let curvature = select(delta - beta * gamma / before.alpha, delta, first);
    converged = curvature <= 0.0;
    alpha = select(gamma / curvature, 0.0, converged);
  }
  let i = group * WORKGROUP_SIZE + lid;
  var product = 0.0;
  if (i < params.cellCount) {
    var r = residual[i];
    if (!converged) {
      let old = directions[i];
      let p = preconditioned[i] + select(beta * old.x, 0.0, first);
      let s = applied[i] + select(beta * old.y, 0.0, first);
      directions[i] = vec2<f32>(p, s);
      x[i] = x[i] + alpha * p;
      r = r - alpha * s;
      residual[i] = r;
      if (JACOBI == 1u) { preconditioned[i] = r / diagonal[i]; }
    }
    product = r * (r / diagonal[i]);
  }
  if (JACOBI == 1u) {
    let partial = workgroup_sum(vec4<f32>(product, 0.0, 0.0, 0.0), lid);
    if (lid == 0u) { reductions[(2u - PARITY) * REGION + group] = partial.x; }
  }
  if (lid == 0u) {
    if (group == 0u) {
      var after = before;
      after.alpha = alpha;
      after.beta = beta;
      after.converged = select(0u, 1u, converged);
      if (!converged) {
        after.rz = gamma;
        after.cg = before.cg + 1u;
        after.residual = select(0.0, sqrt(max(gamma, 0.0) / before.rzRef), before.rzRef > 0.0);
      }
      states[1u - PARITY].state = after;
    }
  }
}
