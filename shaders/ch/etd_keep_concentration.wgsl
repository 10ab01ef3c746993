// Keeps the state's real field c across an attempted ETDRK4 step (etd_stage.wgsl): the stage and
// candidate evaluations transform their spectra back into the concentration buffer (the one that
// bulk_potential, the mobility flux and the elasticity solver read), so
//   save     (before the stages)        saved = c   (a buffer copy, CahnHilliardStepper.encodeEtdStep)
//   restore  (after the step control)   c = saved   unless the candidate was accepted (c is then its field)
// and between steps the concentration buffer always holds the field of the state in `spectrum`. This
// kernel is the restore, ITEMS cells per invocation a workgroup's stride apart.
// Bindings: concentration (read/write), saved (read), params (ChParams), control (EtdControl, read).

override WORKGROUP_SIZE: u32 = 256u;
override ITEMS: u32 = 1u;

@group(0) @binding(0) var<storage, read_write> concentration: array<f32>;
@group(0) @binding(1) var<storage, read> saved: array<f32>;
@group(0) @binding(2) var<uniform> params: ChParams;
@group(0) @binding(3) var<storage, read> control: EtdControl;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>, @builtin(workgroup_id) wid3: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  if (control.accepted != 0u) { return; }
  let wid = wid3.x + wid3.y * nwg.x;
  for (var item = 0u; item < ITEMS; item = item + 1u) {
    let i = (wid * ITEMS + item) * WORKGROUP_SIZE + lid3.x;
    if (i < params.cellCount) {
      concentration[i] = saved[i];
    }
  }
}
