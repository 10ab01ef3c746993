// The Newton residual of the charge balance, implicit in phi (src/solver/electrodeposition.ts; float64
// twin solveChargeBalance in src/solver/electrodepositionReference.ts; docs/electrodeposition.md
// "Numerics" 2):
//   r     = div_h(sigma grad_h phi) - Gamma [A - w B(phi, c~)]      (held phi on x = 0 and x = L; 0 at the solution)
//   B     = exp((1 - alpha) n phi) - c~ exp(-alpha n phi),   w = lEta h'(xi)   (the Butler-Volmer bracket)
//   shift = Gamma d/dphi [A - w B] = -Gamma w dB/dphi <= 0   (FieldPoisson's `sigma`: the Newton operator is
//           J = -div_h(sigma grad_h .) + shift, applied by shaders/electrochem/field_poisson_apply.wgsl)
//   diag  = the diagonal of J (sum of the face conductances / h^2, held faces 2 sigma_i / h^2, plus shift),
//           for the Jacobi preconditioner (deposition_jacobi.wgsl)
// The operator is FieldPoisson's finite-volume one (electrochem/eps_divergence: harmonic-mean faces), with
// the conductivity in the place of the permittivity. Exponents are clamped to +-60 so that an
// overshooting Newton iterate stays finite in float32.
// Bindings: 0 field phi (read), 1 permittivity = sigma, 2 faceValues, 3 phase (vec2 A, w), 4 c~ (read),
//   5 residual (write), 6 shift (write), 7 diagonal (write), 8 params (FieldPoissonParams), 9 model.

// #import electrochem/eps_divergence

override WORKGROUP_SIZE: u32 = 256u;

@group(0) @binding(0) var<storage, read> field: array<f32>;
@group(0) @binding(1) var<storage, read> permittivity: array<f32>;
@group(0) @binding(2) var<storage, read> faceValues: array<f32>;
@group(0) @binding(3) var<storage, read> phase: array<vec2<f32>>;
@group(0) @binding(4) var<storage, read> concentration: array<f32>;
@group(0) @binding(5) var<storage, read_write> residual: array<f32>;
@group(0) @binding(6) var<storage, read_write> shift: array<f32>;
@group(0) @binding(7) var<storage, read_write> diagonal: array<f32>;
@group(0) @binding(8) var<uniform> params: FieldPoissonParams;
@group(0) @binding(9) var<uniform> model: ElectrodepositionParams;

// sum over the faces of the cell of its face conductance / h^2 (the diagonal of -div_h(sigma grad_h .))
fn operator_diagonal(i: u32) -> f32 {
  let c = cell_coordinates(i);
  let e = permittivity[i];
  let dims = select(2u, 3u, params.shape.z > 1u);
  var sum = 0.0;
  for (var a = 0u; a < dims; a = a + 1u) {
    var terms = 0.0;
    for (var side = 0u; side < 2u; side = side + 1u) {
      let j = across(i, c, a, side);
      if (j == ACROSS_INSULATING) { continue; }
      if (j == ACROSS_HELD) { terms = terms + 2.0 * e; } else { terms = terms + face_permittivity(e, permittivity[j]); }
    }
    sum = sum + terms * params.inverseSpacing2[a];
  }
  return sum;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = (wid.x + wid.y * nwg.x) * WORKGROUP_SIZE + lid.x;
  if (i >= params.cellCount) { return; }
  let phi = field[i];
  let n = model.electrons;
  let oxidation = exp(clamp((1.0 - model.alpha) * n * phi, -60.0, 60.0));
  let reduction = concentration[i] * exp(clamp(-model.alpha * n * phi, -60.0, 60.0));
  let p = phase[i];
  let bracket = oxidation - reduction;
  let slope = n * ((1.0 - model.alpha) * oxidation + model.alpha * reduction);
  residual[i] = eps_divergence(i, true) - model.chargeSource * (p.x - p.y * bracket);
  let s = -model.chargeSource * p.y * slope;
  shift[i] = s;
  diagonal[i] = operator_diagonal(i) + s;
}
