// The diagonal scaling around the spectral inverse in the charge balance's preconditioner
// (src/solver/electrodeposition.ts; docs/electrodeposition.md "Preconditioner"):
//   z = S^{-1/2} L^{-1} S^{-1/2} r,   S = diag(J) / diag(L)
// with J the Newton operator -div_h(sigma grad_h .) + shift and L the same operator with sigma = 1 (no shift),
// whose inverse is exact in the box's sine / cosine basis (the r2r transforms and
// shaders/electrochem/field_poisson_precondition.wgsl, as FieldPoisson's preconditioner). S^{-1/2} J S^{-1/2}
// is L where sigma is locally uniform (metal and electrolyte alike), so only the interface's few layers are
// left for CG, whatever the conductivity contrast. The idea of a Jacobi-scaled fast constant-coefficient
// solver: Concus & Golub, SIAM J. Numer. Anal. 10 (1973) 1103 (their transformation for smooth coefficients).
//   STAGE 0:  t = S^{-1/2} r                       (the transform's input)
//   STAGE 1:  z = S^{-1/2} t',  t' = L^{-1} t        (the inverse transform's output), and per workgroup the
//             partial sum of r . z for the CG (deposition_cg_step.wgsl)
// Bindings: 0 residual r (read), 1 diagonal of J (read), 2 diagonal of L (read), 3 real field t / t' (read_write),
//   4 preconditioned z (write), 5 partials (write), 6 params (FieldPoissonParams).

// #import lib/workgroup_reduce

override WORKGROUP_SIZE: u32 = 256u;
override STAGE: u32 = 0u;

@group(0) @binding(0) var<storage, read> residual: array<f32>;
@group(0) @binding(1) var<storage, read> diagonal: array<f32>;
@group(0) @binding(2) var<storage, read> reference: array<f32>;
@group(0) @binding(3) var<storage, read_write> transformed: array<f32>;
@group(0) @binding(4) var<storage, read_write> preconditioned: array<f32>;
@group(0) @binding(5) var<storage, read_write> partials: array<f32>;
@group(0) @binding(6) var<uniform> params: FieldPoissonParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let lid = lid3.x;
  let group = wid.x + wid.y * nwg.x;
  let i = group * WORKGROUP_SIZE + lid;
  var product = 0.0;
  if (i < params.cellCount) {
    let scale = sqrt(reference[i] / diagonal[i]);
    if (STAGE == 0u) {
      transformed[i] = scale * residual[i];
    } else {
      let z = scale * transformed[i];
      preconditioned[i] = z;
      product = residual[i] * z;
    }
  }
  if (STAGE == 1u) {
    let total = workgroup_sum(vec4<f32>(product, 0.0, 0.0, 0.0), lid);
    if (lid == 0u) { partials[group] = total.x; }
  }
}
