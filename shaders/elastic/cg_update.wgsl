// Inhomogeneous elasticity, conjugate gradients, iteration step 3 (real space), after the projection
// q = G'(C : p) (galerkin_projection.wgsl and the inverse FFTs):
//   eps <- eps + alpha p,   r <- r - alpha q
// and per workgroup sum_x r : r for beta and the residual (cg_scalars.wgsl, STAGE 3). alpha = 0 (the
// solve has converged, or p : C : p = 0) leaves eps and r untouched. The prescribed mean strains E_P
// never change: p and q have zero mean in those components. Only the components the projection can make
// non-zero (bit k of FLUCTUATING) are touched: elsewhere p, q and r are zero (ConjugateGradientScheme).
// Bindings: strain eps (read/write, 6 blocks), direction p (read), residual r (read/write), projected
//   q (read), partials (write), cg (CgState, read), params (ChParams).

// #import lib/workgroup_reduce

override WORKGROUP_SIZE: u32 = 256u;
override FLUCTUATING: u32 = 63u;
override ITEMS: u32 = 4u; // cells per invocation (a workgroup owns ITEMS x WORKGROUP_SIZE consecutive cells)

@group(0) @binding(0) var<storage, read_write> strain: array<f32>;
@group(0) @binding(1) var<storage, read> direction: array<f32>;
@group(0) @binding(2) var<storage, read_write> residual: array<f32>;
@group(0) @binding(3) var<storage, read> projected: array<f32>;
@group(0) @binding(4) var<storage, read_write> partials: array<f32>;
@group(0) @binding(5) var<storage, read> cg: CgState;
@group(0) @binding(6) var<uniform> params: ChParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>, @builtin(workgroup_id) wid3: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let lid = lid3.x;
  let wid = wid3.x + wid3.y * nwg.x;
  let n = params.cellCount;
  let alpha = cg.alpha;
  var sum = 0.0;
  for (var item = 0u; item < ITEMS; item = item + 1u) {
    let i = (wid * ITEMS + item) * WORKGROUP_SIZE + lid;
    if (i >= n) { break; }
    for (var k = 0u; k < 6u; k = k + 1u) {
      if ((FLUCTUATING & (1u << k)) == 0u) { continue; }
      var r = residual[k * n + i];
      if (alpha != 0.0) {
        strain[k * n + i] = strain[k * n + i] + alpha * direction[k * n + i];
        r = r - alpha * projected[k * n + i];
        residual[k * n + i] = r;
      }
      sum = sum + select(1.0, 2.0, k >= 3u) * r * r;
    }
  }
  let total = workgroup_sum(vec4<f32>(sum, 0.0, 0.0, 0.0), lid).x;
  if (lid == 0u) { partials[wid] = total; }
}
