// The next CG search direction: p = z + beta p (beta = 0 at the start of each Newton system;
// field_poisson_scalars.wgsl). Bindings: 0 preconditioned z (read), 1 direction p, 2 state, 3 params.

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> preconditioned: array<f32>;
@group(0) @binding(1) var<storage, read_write> direction: array<f32>;
@group(0) @binding(2) var<storage, read> state: FieldPoissonState;
@group(0) @binding(3) var<uniform> params: FieldPoissonParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = (wid.x + wid.y * nwg.x) * WORKGROUP_SIZE + lid.x;
  if (i >= params.cellCount) { return; }
  direction[i] = preconditioned[i] + state.beta * direction[i];
}
