// One CG step of the Newton correction, applied to phi directly (the correction starts at 0):
//   phi += alpha p,   r -= alpha q     (alpha from field_poisson_scalars.wgsl; 0 once converged)
// Bindings: 0 phi, 1 direction p (read), 2 residual r, 3 applied q (read), 4 state, 5 params.

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read_write> phi: array<f32>;
@group(0) @binding(1) var<storage, read> direction: array<f32>;
@group(0) @binding(2) var<storage, read_write> residual: array<f32>;
@group(0) @binding(3) var<storage, read> applied: array<f32>;
@group(0) @binding(4) var<storage, read> state: FieldPoissonState;
@group(0) @binding(5) var<uniform> params: FieldPoissonParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = (wid.x + wid.y * nwg.x) * WORKGROUP_SIZE + lid.x;
  if (i >= params.cellCount) { return; }
  let alpha = state.alpha;
  phi[i] = phi[i] + alpha * direction[i];
  residual[i] = residual[i] - alpha * applied[i];
}
