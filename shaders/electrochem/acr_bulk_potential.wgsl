// Allen-Cahn-reaction step, part 1 (DESIGN.md 3.5): the explicit bulk chemical potential
//   g(x) = f'(c(x))
// and, per workgroup, the statistics of the state c^n the step starts from:
//   cellPartials[wg] = (sum f(c), sum c, min c, max c)      -> bulk energy, mass, bounds (acr_step_control)
// Bindings: concentration (read), potential g (write), cellPartials (write), params (AcrParams).
// Invariants: one thread per ITEMS cells; every cell counted once.

// #import ch/free_energy

override WORKGROUP_SIZE: u32 = 256u;
override ITEMS: u32 = 4u;
const BIG: f32 = 3.0e38;

@group(0) @binding(0) var<storage, read> concentration: array<f32>;
@group(0) @binding(1) var<storage, read_write> potential: array<f32>;
@group(0) @binding(2) var<storage, read_write> cellPartials: array<vec4<f32>>;
@group(0) @binding(3) var<uniform> params: AcrParams;

var<workgroup> shared_rec: array<vec4<f32>, WORKGROUP_SIZE>;

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
  shared_rec[lid] = rec;
  var stride = WORKGROUP_SIZE / 2u;
  loop {
    if (stride == 0u) { break; }
    workgroupBarrier();
    if (lid < stride) {
      let a = shared_rec[lid];
      let b = shared_rec[lid + stride];
      shared_rec[lid] = vec4<f32>(a.x + b.x, a.y + b.y, min(a.z, b.z), max(a.w, b.w));
    }
    stride = stride / 2u;
  }
  if (lid == 0u) { cellPartials[wid] = shared_rec[0]; }
}
