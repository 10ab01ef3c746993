// The end of the implicit Nernst-Planck step (src/solver/electrodeposition.ts; docs/electrodeposition.md
// "Numerics" 3): from the CG's u',
//   c~'  = b u' + (rhs - A u')       (b u' plus the system's residual)
//   rate = base + k b u'             (dxi/dt, the reduction term at the new c~)
// Adding the residual makes c~' + dt r rate = c~ - dt (flux divergence of u') hold to float32 rounding,
// whatever the CG's remaining residual: the Li inventory then changes only by the flux through x = L
// (float64 twin: c~' = b u' with the CG to 1e-14, where the residual term is below rounding).
// Bindings: 0 field u (read), 1 coefficients, 2 weights, 3 rhs, 4 c~' (write), 5 rate (write), 6 model.

// #import electrodeposition/transport_operator

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> field: array<f32>;
@group(0) @binding(1) var<storage, read> coefficients: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> weights: array<vec2<f32>>;
@group(0) @binding(3) var<storage, read> rhs: array<f32>;
@group(0) @binding(4) var<storage, read_write> concentration: array<f32>;
@group(0) @binding(5) var<storage, read_write> rate: array<f32>;
@group(0) @binding(6) var<uniform> model: ElectrodepositionParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = (wid.x + wid.y * nwg.x) * WORKGROUP_SIZE + lid.x;
  if (i >= model.cellCount) { return; }
  let k = coefficients[i];
  let bu = k.x * field[i];
  concentration[i] = bu + (rhs[i] - transport_apply(i));
  rate[i] = k.z + k.w * bu;
}
