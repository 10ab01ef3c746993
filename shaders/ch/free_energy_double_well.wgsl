// Library: double-well bulk free energy f(c) = rho (c - ca)^2 (cb - c)^2 (PFHub benchmark 1),
// in internal units. Coefficients come from the kernel's `params` uniform: fe0 = (rho, ca, cb, _).
fn bulk_energy(c: f32) -> f32 {
  let a = c - params.fe0.y;
  let b = params.fe0.z - c;
  return params.fe0.x * a * a * b * b;
}
// f'(c) = 2 rho (c - ca)(cb - c)(ca + cb - 2c)
fn bulk_potential(c: f32) -> f32 {
  let a = c - params.fe0.y;
  let b = params.fe0.z - c;
  return 2.0 * params.fe0.x * a * b * (b - a);
}
