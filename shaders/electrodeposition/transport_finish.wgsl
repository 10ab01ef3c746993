// The end of the implicit Nernst-Planck step (src/solver/electrodeposition.ts; docs/electrodeposition.md
// "Numerics" 3): from the CG's u',
//   rate = base + k b u'                                   (dxi/dt, the reduction term at the new c~)
//   dc   = -dt r rate - sum over the faces w_f (u'_i - u'_j) + w_L (u_L - u'_i) [held face x = L]
//   c~'  = c~ + dc
// dc is b u' - c~ plus the system's residual (rhs - A u'), written as the step's own exchange: the sink and the
// face fluxes of u', each face's term the exact negative of its neighbour's and the held face's the same
// product deposition_inflow.wgsl sums. So c~' + dt r rate = c~ - dt (flux divergence of u') holds whatever the
// CG's remaining residual, and dc is formed without c~: deposition_advance.wgsl adds it to c~ with a carry,
// so that increments below the ulp of c~ (a slowly filling electrolyte at -0.1 V) are not rounded away
// (float64 twin: c~' = b u' with the CG to 1e-14, the same in exact arithmetic).
// Bindings: 0 field u (read), 1 coefficients, 2 weights, 3 c~ (the step's start, read), 4 c~' (write),
//   5 rate (write), 6 model, 7 dc (write).

// #import electrodeposition/transport_operator

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> field: array<f32>;
@group(0) @binding(1) var<storage, read> coefficients: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> weights: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> concentration: array<f32>;
@group(0) @binding(4) var<storage, read_write> next: array<f32>;
@group(0) @binding(5) var<storage, read_write> rate: array<f32>;
@group(0) @binding(6) var<uniform> model: ElectrodepositionParams;
@group(0) @binding(7) var<storage, read_write> increment: array<f32>;

// the Li entering cell i through its faces in the step: -sum w_f (u_i - u_j), the held face w_L (u_L - u_i)
fn exchange(i: u32) -> f32 {
  var gain = -interior_outflow(i);
  if (on_held_face(i)) {
    let uL = model.electrolyteConcentration * exp(model.electrons * model.potentialElectrolyte);
    gain = gain + weights[i].x * (uL - field[i]);
  }
  return gain;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = (wid.x + wid.y * nwg.x) * WORKGROUP_SIZE + lid.x;
  if (i >= model.cellCount) { return; }
  let k = coefficients[i];
  let r = k.z + k.w * (k.x * field[i]);
  let dc = exchange(i) - model.dt * model.depositRatio * r;
  rate[i] = r;
  increment[i] = dc;
  next[i] = concentration[i] + dc;
}
