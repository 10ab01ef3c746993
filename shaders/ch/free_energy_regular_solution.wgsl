// Library: regular-solution bulk free energy per volume (internal units, site density 1),
//   f(c) = rt (c ln c + (1 - c) ln(1 - c)) + omega c (1 - c),   fe0 = (rt, omega, clamp, _).
// c is clamped into (clamp, 1 - clamp) inside the logarithms so f stays finite at 0 and 1.
fn bulk_energy(c: f32) -> f32 {
  let x = clamp(c, params.fe0.z, 1.0 - params.fe0.z);
  return params.fe0.x * (x * log(x) + (1.0 - x) * log(1.0 - x)) + params.fe0.y * c * (1.0 - c);
}
// f'(c) = rt ln(c / (1 - c)) + omega (1 - 2c)
fn bulk_potential(c: f32) -> f32 {
  let x = clamp(c, params.fe0.z, 1.0 - params.fe0.z);
  return params.fe0.x * log(x / (1.0 - x)) + params.fe0.y * (1.0 - 2.0 * c);
}
