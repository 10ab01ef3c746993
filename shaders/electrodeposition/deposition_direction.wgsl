// The next search direction of the Jacobi-preconditioned CG (src/solver/electrodeposition.ts):
//   p = r / diag + beta p      (beta from field_poisson_scalars.wgsl; 0 at the start of each system)
// The preconditioned residual z = r / diag is formed here, not stored.
// Bindings: 0 residual r, 1 diagonal (read), 2 direction p, 3 state, 4 params (FieldPoissonParams).

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> residual: array<f32>;
@group(0) @binding(1) var<storage, read> diagonal: array<f32>;
@group(0) @binding(2) var<storage, read_write> direction: array<f32>;
@group(0) @binding(3) var<storage, read> state: FieldPoissonState;
@group(0) @binding(4) var<uniform> params: FieldPoissonParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = (wid.x + wid.y * nwg.x) * WORKGROUP_SIZE + lid.x;
  if (i >= params.cellCount) { return; }
  direction[i] = residual[i] / diagonal[i] + state.beta * direction[i];
}
