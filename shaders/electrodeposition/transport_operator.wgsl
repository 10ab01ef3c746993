// Library: the implicit Nernst-Planck operator in the Slotboom variable u = c~ e^{n phi} applied at cell i
// (src/solver/electrodeposition.ts; float64 twin nernstPlanckStep in src/solver/electrodepositionReference.ts):
//   (A u)_i = mass_i u_i + sum over the faces of i of w_f (u_i - u_j)  [+ w_L u_i on the held face x = L]
// mass = (1 + dt r k) e^{-n phi} (coefficients.y), w_f = dt D_f m_f / h^2 the face weights to the +x and
// +y neighbours (weights.x, weights.y; 0 on a no-flux face, weights.x of the last column the held face
// x = L, whose u_L goes to the right-hand side). Face x = 0 carries nothing. Symmetric positive definite.
// Needs module-scope `model` (ElectrodepositionParams), `field` (u), `coefficients`, `weights`.

fn transport_apply(i: u32) -> f32 {
  let nx = model.shape.x;
  let ny = model.shape.y;
  let ix = i % nx;
  let iy = i / nx;
  let u = field[i];
  let w = weights[i];
  var q = coefficients[i].y * u;
  if (ix + 1u < nx) { q = q + w.x * (u - field[i + 1u]); } else { q = q + w.x * u; }
  if (ix > 0u) { q = q + weights[i - 1u].x * (u - field[i - 1u]); }
  if (ny > 1u) {
    // wrapped neighbours; a no-flux wall's face weight is 0
    let up = ((iy + 1u) % ny) * nx + ix;
    let down = ((iy + ny - 1u) % ny) * nx + ix;
    q = q + w.y * (u - field[up]) + weights[down].y * (u - field[down]);
  }
  return q;
}
