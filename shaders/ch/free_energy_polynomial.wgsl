// Library: polynomial bulk free energy f(c) = sum_{j=0}^{11} a_j c^j (internal units), Horner's rule.
// Coefficients: fe0 = (a0, a1, a2, a3), fe1 = (a4..a7), fe2 = (a8..a11); unused ones are zero.
fn poly_coefficient(j: u32) -> f32 {
  let group = j / 4u;
  let lane = j % 4u;
  var v = params.fe0;
  if (group == 1u) { v = params.fe1; }
  if (group == 2u) { v = params.fe2; }
  return v[lane];
}
fn bulk_energy(c: f32) -> f32 {
  var s = 0.0;
  for (var j = 11i; j >= 0i; j = j - 1i) { s = s * c + poly_coefficient(u32(j)); }
  return s;
}
// f'(c) = sum_j j a_j c^(j-1)
fn bulk_potential(c: f32) -> f32 {
  var s = 0.0;
  for (var j = 11i; j >= 1i; j = j - 1i) { s = s * c + f32(j) * poly_coefficient(u32(j)); }
  return s;
}
