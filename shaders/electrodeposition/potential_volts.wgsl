// The electric potential in volts for views and writers (src/solver/depositionSimulation.ts):
//   volts[i] = phi[i] * PHI0,   PHI0 = RT / F [V], the model's internal potential unit (physics/electrodeposition.ts)
// Bindings: 0 phi (read, internal units), 1 volts (write), 2 model (ElectrodepositionParams).

override WORKGROUP_SIZE: u32 = 256u;
override PHI0: f32 = 1.0;

@group(0) @binding(0) var<storage, read> phi: array<f32>;
@group(0) @binding(1) var<storage, read_write> volts: array<f32>;
@group(0) @binding(2) var<uniform> model: ElectrodepositionParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = (wid.x + wid.y * nwg.x) * WORKGROUP_SIZE + lid.x;
  if (i >= model.cellCount) { return; }
  volts[i] = phi[i] * PHI0;
}
