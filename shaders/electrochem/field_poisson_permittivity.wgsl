// The permittivity of a composition-dependent dielectric, per cell, before each field solve
// (src/solver/fieldPoisson.ts, model.electrostatics.permittivity { atZero, atOne }):
//   eps_i = atZero + (atOne - atZero) clamp(c_i, 0, 1)
// Bindings: 0 source c (read), 1 permittivity (write), 2 params.

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> source: array<f32>;
@group(0) @binding(1) var<storage, read_write> permittivity: array<f32>;
@group(0) @binding(2) var<uniform> params: FieldPoissonParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WORKGROUP_SIZE;
  if (i >= params.cellCount) { return; }
  permittivity[i] = params.permittivityAtZero + (params.permittivityAtOne - params.permittivityAtZero) * clamp(source[i], 0.0, 1.0);
}
