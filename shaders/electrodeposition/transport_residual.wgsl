// The residual of the implicit Nernst-Planck system at the CG's start (src/solver/electrodeposition.ts):
//   r = rhs - A u
// with A the Slotboom operator (electrodeposition/transport_operator) and u the initial guess: the previous
// transport solve's u (warm start; the first step starts from c~ e^{n phi} of the initial state).
// Bindings: 0 field u (read), 1 coefficients, 2 weights, 3 rhs (read), 4 residual (write), 5 model.

// #import electrodeposition/transport_operator

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> field: array<f32>;
@group(0) @binding(1) var<storage, read> coefficients: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> weights: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> rhs: array<f32>;
@group(0) @binding(4) var<storage, read_write> residual: array<f32>;
@group(0) @binding(5) var<uniform> model: ElectrodepositionParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = (wid.x + wid.y * nwg.x) * WORKGROUP_SIZE + lid.x;
  if (i >= model.cellCount) { return; }
  residual[i] = rhs[i] - transport_apply(i);
}
