// The end of an electrodeposition step (src/solver/electrodeposition.ts):
//   xi <- xi + dt rate,   c~ <- c~ + dc   (= c~')
// with the rate and dc of the step's last coupling pass (transport_finish.wgsl), and the step counter of the
// noise's generator (phase_rate.wgsl) advanced by one (cell 0). c~ carries its rounding as xi does (below):
// in a slowly changing c~ (the electrolyte filling up at -0.1 V) the increments fall under the ulp of c~ with
// one sign as well. Beside the update, the step's error estimate
//   e = (dt / 2) |rate - rate_prev|,   rate_prev <- rate
// forward Euler's local error in xi, (dt^2 / 2) |d rate / dt|, with the derivative from the last two steps'
// rates (equal steps; src/solver/depositionStepControl.ts takes its largest value for the step size).
// xi is held as a float32 value and its carry (lib/compensated_sum: the value's excess over the exact sum,
// kept for the next step), so that xi is exact to ~1e-14 however small the increments. Without the carry a
// metal cell at 1 - eps (eps below ~3e-6, where dt rate ~ 2 dt eps is under half the ulp of xi, 3e-8)
// never moves, while c~' has already paid (c_s / c0) dt rate for it: the Li inventory lost ~2e-8 of its
// total per step on the scene at -0.45 V (docs/electrodeposition.md "Li inventory in float32").
// Bindings: 0 xi, 1 rate (read), 2 c~, 3 dc (read), 4 model, 5 step counter, 6 xi's carry, 7 c~'s carry,
//   8 the previous step's rate (read/write), 9 the estimate e (write).

// #import lib/compensated_sum

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read_write> xi: array<f32>;
@group(0) @binding(1) var<storage, read> rate: array<f32>;
@group(0) @binding(2) var<storage, read_write> concentration: array<f32>;
@group(0) @binding(3) var<storage, read> increment: array<f32>;
@group(0) @binding(4) var<uniform> model: ElectrodepositionParams;
@group(0) @binding(5) var<storage, read_write> stepCounter: array<u32>;
@group(0) @binding(6) var<storage, read_write> carry: array<f32>;
@group(0) @binding(7) var<storage, read_write> concentrationCarry: array<f32>;
@group(0) @binding(8) var<storage, read_write> ratePrevious: array<f32>;
@group(0) @binding(9) var<storage, read_write> estimate: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = (wid.x + wid.y * nwg.x) * WORKGROUP_SIZE + lid.x;
  if (i >= model.cellCount) { return; }
  let r = rate[i];
  estimate[i] = 0.5 * model.dt * abs(r - ratePrevious[i]);
  ratePrevious[i] = r;
  let sum = compensated_add(xi[i], carry[i], model.dt * r, model.cellCount == 0u);
  xi[i] = sum.x;
  carry[i] = sum.y;
  let c = compensated_add(concentration[i], concentrationCarry[i], increment[i], model.cellCount == 0u);
  concentration[i] = c.x;
  concentrationCarry[i] = c.y;
  if (i == 0u) { stepCounter[0] = stepCounter[0] + 1u; }
}
