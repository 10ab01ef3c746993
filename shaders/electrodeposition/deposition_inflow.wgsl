// The Li that the step's implicit transport brings in through the held face x = L, added to a running
// total (src/solver/electrodeposition.ts; one workgroup):
//   inflow += sum over the last column of w_L (u_L - u') hx hy hz,   u_L = c_b e^{n phi_L}
// (c~ units times internal area, or volume in 3D (hz = 1 in 2D); the Li inventory sum (c~ + r xi) hx hy hz
// changes by exactly this), with a
// compensated float32 sum (lib/compensated_sum) so that thousands of steps do not build up rounding.
// Bindings: 0 field u' (read), 1 weights (vec4; .x of the last column is w_L), 2 total (vec2 sum, carry), 3 model.

// #import lib/workgroup_reduce
// #import lib/compensated_sum

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> field: array<f32>;
@group(0) @binding(1) var<storage, read> weights: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> total: vec2<f32>;
@group(0) @binding(3) var<uniform> model: ElectrodepositionParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>) {
  let lid = lid3.x;
  let nx = model.shape.x;
  let uL = model.electrolyteConcentration * exp(model.electrons * model.potentialElectrolyte);
  var s = 0.0;
  // rows (iy, iz) of the grid, ny nz of them
  for (var row = lid; row < model.shape.y * model.shape.z; row = row + WORKGROUP_SIZE) {
    let i = row * nx + nx - 1u;
    s = s + weights[i].x * (uL - field[i]);
  }
  let step = workgroup_sum(vec4<f32>(s, 0.0, 0.0, 0.0), lid).x * model.spacing.x * model.spacing.y * model.spacingZ;
  if (lid == 0u) {
    let t = total;
    total = compensated_add(t.x, t.y, step, model.cellCount == 0u);
  }
}
