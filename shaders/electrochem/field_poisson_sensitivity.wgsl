// dE/d eps per cell of the solved potential (electrochem/eps_divergence: eps_sensitivity), for the
// chemical potential of a composition-dependent permittivity, -eps'(c) dE/d eps
// (src/solver/electrostatics.ts adds it in electrostatic_coupling.wgsl).
// Bindings: 0 field phi (read), 1 permittivity, 2 faceValues (read), 3 sensitivity (write), 4 params.

// #import electrochem/eps_divergence

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> field: array<f32>;
@group(0) @binding(1) var<storage, read> permittivity: array<f32>;
@group(0) @binding(2) var<storage, read> faceValues: array<f32>;
@group(0) @binding(3) var<storage, read_write> sensitivity: array<f32>;
@group(0) @binding(4) var<uniform> params: FieldPoissonParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WORKGROUP_SIZE;
  if (i >= params.cellCount) { return; }
  sensitivity[i] = eps_sensitivity(i);
}
