// Inhomogeneous elasticity, conjugate gradients, iteration step 1 (real space): the new search
// direction and the stiffness applied to it,
//   p <- r + beta p   (p <- r at the first iteration of a solve, beta = 0),   q~ = C(x) : p
// and per workgroup sum_x p : q~, which equals p : G'(C : p) because p is in the range of the
// projection G' (G' p = p, G' symmetric): the denominator of alpha (cg_scalars.wgsl, STAGE 2).
// After convergence (CgState.converged) p is left alone. Zero stiffness (a void) gives q~ = 0 there.
// Only the components the projection can make non-zero (bit k of FLUCTUATING) are read and written: p
// and r are zero in the others, and the projection drops the others of q~ (ConjugateGradientScheme).
// Bindings: concentration (read), indicator (read), residual r (read, 6 blocks), direction p
//   (read/write, 6 blocks), applied q~ (write, 6 blocks), partials (write), cg (CgState, read),
//   params (ChParams), elastic (ElasticParams).

// #import elastic/tensor
// #import elastic/inhomogeneous
// #import lib/workgroup_reduce

override WORKGROUP_SIZE: u32 = 256u;
override FLUCTUATING: u32 = 63u;
override ITEMS: u32 = 4u; // cells per invocation (a workgroup owns ITEMS x WORKGROUP_SIZE consecutive cells)

@group(0) @binding(0) var<storage, read> concentration: array<f32>;
@group(0) @binding(1) var<storage, read> indicator: array<f32>;
@group(0) @binding(2) var<storage, read> residual: array<f32>;
@group(0) @binding(3) var<storage, read_write> direction: array<f32>;
@group(0) @binding(4) var<storage, read_write> applied: array<f32>;
@group(0) @binding(5) var<storage, read_write> partials: array<f32>;
@group(0) @binding(6) var<storage, read> cg: CgState;
@group(0) @binding(7) var<uniform> params: ChParams;
@group(0) @binding(8) var<uniform> elastic: ElasticParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>, @builtin(workgroup_id) wid3: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let lid = lid3.x;
  let wid = wid3.x + wid3.y * nwg.x;
  let n = params.cellCount;
  let searching = cg.converged == 0u;
  let beta = cg.beta;
  var sum = 0.0;
  for (var item = 0u; item < ITEMS; item = item + 1u) {
    let i = (wid * ITEMS + item) * WORKGROUP_SIZE + lid;
    if (i >= n) { break; }
    let c = concentration[i];
    let psi = select(1.0, indicator[i], elastic.mode.y > 0.5);
    var p = array<f32, 6>(0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for (var k = 0u; k < 6u; k = k + 1u) {
      if ((FLUCTUATING & (1u << k)) == 0u) { continue; }
      let old = direction[k * n + i];
      var next = old;
      if (searching) { next = select(residual[k * n + i] + beta * old, residual[k * n + i], beta == 0.0); }
      p[k] = next;
      direction[k * n + i] = next;
    }
    let q = cell_stress(c, psi, i, p, 0.0);
    for (var k = 0u; k < 6u; k = k + 1u) {
      if ((FLUCTUATING & (1u << k)) != 0u) { applied[k * n + i] = q[k]; }
    }
    sum = sum + tensor_contract(p, q);
  }
  let total = workgroup_sum(vec4<f32>(sum, 0.0, 0.0, 0.0), lid).x;
  if (lid == 0u) { partials[wid] = total; }
}
