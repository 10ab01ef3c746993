// The start of a Jacobi-preconditioned CG system of the electrodeposition solves (charge balance and
// transport; src/solver/electrodeposition.ts): the preconditioned residual and per workgroup the partial sum of
//   z = r / diag(J),   r . z
// (added by shaders/electrochem/field_poisson_scalars.wgsl's start stage; the iterations,
// deposition_cg_step.wgsl, keep z up to date).
// Jacobi, not FieldPoisson's constant-coefficient spectral inverse: the transport system's diagonal spans
// e^{n |phi_app|} (e^{17.5} at -0.45 V) and the conductivity 1e3 (docs/electrodeposition.md "Numerics").
// Bindings: 0 residual r (read), 1 diagonal (read), 2 preconditioned z (write), 3 partials (write), 4 params.

// #import lib/workgroup_reduce

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> residual: array<f32>;
@group(0) @binding(1) var<storage, read> diagonal: array<f32>;
@group(0) @binding(2) var<storage, read_write> preconditioned: array<f32>;
@group(0) @binding(3) var<storage, read_write> partials: array<f32>;
@group(0) @binding(4) var<uniform> params: FieldPoissonParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let lid = lid3.x;
  let group = wid.x + wid.y * nwg.x;
  let i = group * WORKGROUP_SIZE + lid;
  var product = 0.0;
  if (i < params.cellCount) {
    let z = residual[i] / diagonal[i];
    preconditioned[i] = z;
    product = residual[i] * z;
  }
  let total = workgroup_sum(vec4<f32>(product, 0.0, 0.0, 0.0), lid);
  if (lid == 0u) { partials[group] = total.x; }
}
