// Cahn-Hilliard, real-space part of one semi-implicit step (DESIGN.md 3.2):
//   g(x) = f'(c(x))                       (the explicit, nonlinear part of the chemical potential)
// and, per workgroup, the statistics of the state c^n the step starts from:
//   partial[wg] = (sum f(c), sum c, min c, max c)      -> bulk energy, mass, bounds (step_control.wgsl)
// Bindings: concentration (read), potential g (write), bulkPartials (write), params (uniform ChParams).
// Invariants: one thread per ITEMS cells; every cell counted once in the partial sums.

// #import ch/free_energy
// #import lib/workgroup_reduce

override WORKGROUP_SIZE: u32 = 256u;
override ITEMS: u32 = 4u;
const BIG: f32 = 3.0e38;

@group(0) @binding(0) var<storage, read> concentration: array<f32>;
@group(0) @binding(1) var<storage, read_write> potential: array<f32>;
@group(0) @binding(2) var<storage, read_write> bulkPartials: array<vec4<f32>>;
@group(0) @binding(3) var<uniform> params: ChParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>, @builtin(workgroup_id) wid3: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let lid = lid3.x;
  let wid = wid3.x + wid3.y * nwg.x;
  var rec = vec4<f32>(0.0, 0.0, BIG, -BIG);
  for (var k = 0u; k < ITEMS; k = k + 1u) {
    let i = (wid * ITEMS + k) * WORKGROUP_SIZE + lid;
    if (i < params.cellCount) {
      let c = concentration[i];
      potential[i] = bulk_potential(c);
      rec = vec4<f32>(rec.x + bulk_energy(c), rec.y + c, min(rec.z, c), max(rec.w, c));
    }
  }
  let total = workgroup_sum_sum_min_max(rec, lid);
  if (lid == 0u) { bulkPartials[wid] = total; }
}
