// Keeps the state's real field c across an attempted ETDRK4 step (etd_stage.wgsl): the stage and
// candidate evaluations transform their spectra back into the concentration buffer (the one that
// bulk_potential, the mobility flux and the elasticity solver read), so
//   SAVE     (before the stages)        saved = c
//   RESTORE  (after the step control)   c = saved   unless the candidate was accepted (c is then its field)
// and between steps the concentration buffer always holds the field of the state in `spectrum`.
// Bindings: concentration (read/write), saved (read/write), params (ChParams), control (EtdControl, read).

override WORKGROUP_SIZE: u32 = 256u;
override RESTORE: bool = false;

@group(0) @binding(0) var<storage, read_write> concentration: array<f32>;
@group(0) @binding(1) var<storage, read_write> saved: array<f32>;
@group(0) @binding(2) var<uniform> params: ChParams;
@group(0) @binding(3) var<storage, read> control: EtdControl;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WORKGROUP_SIZE;
  if (i >= params.cellCount) { return; }
  if (!RESTORE) {
    saved[i] = concentration[i];
  } else if (control.accepted == 0u) {
    concentration[i] = saved[i];
  }
}
