// Library: polynomial bulk free energy f(c) = sum_{j=0}^{11} a_j c^j (internal units), evaluated by
// Horner's rule in the shifted variable x = c - 1/2 with the Taylor coefficients b_j of f about c = 1/2:
//   f(c) = sum_j b_j x^j,   f'(c) = sum_j j b_j x^(j-1).
// The monomial form cancels catastrophically in float32 near c = 1: for PFHub benchmark 4's 10th-order
// wells (scene units) sum_j j |a_j| = 7700 against sum_j j |b_j| 2^(1-j) = 1.06, so f' at eta = 1 carried
// a roundoff of ~5e-4 aJ/nm^3 per cell, a fifth of the capillary driving force of its 20 nm precipitate.
// Coefficients (b_j, from src/solver/freeEnergyKernels.ts in float64): fe0 = (b0..b3), fe1 = (b4..b7),
// fe2 = (b8..b11); unused ones are zero.
fn poly_coefficient(j: u32) -> f32 {
  let group = j / 4u;
  let lane = j % 4u;
  var v = params.fe0;
  if (group == 1u) { v = params.fe1; }
  if (group == 2u) { v = params.fe2; }
  return v[lane];
}
fn bulk_energy(c: f32) -> f32 {
  let x = c - 0.5;
  var s = 0.0;
  for (var j = 11i; j >= 0i; j = j - 1i) { s = s * x + poly_coefficient(u32(j)); }
  return s;
}
// f'(c) = sum_j j b_j x^(j-1)
fn bulk_potential(c: f32) -> f32 {
  let x = c - 0.5;
  var s = 0.0;
  for (var j = 11i; j >= 1i; j = j - 1i) { s = s * x + f32(j) * poly_coefficient(u32(j)); }
  return s;
}
