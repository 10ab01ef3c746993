// Library: the implicit Nernst-Planck operator in the Slotboom variable u = c~ e^{n phi} applied at cell i
// (src/solver/electrodeposition.ts; float64 twin nernstPlanckStep in src/solver/electrodepositionReference.ts):
//   (A u)_i = mass_i u_i + sum over the faces of i of w_f (u_i - u_j)  [+ w_L u_i on the held face x = L]
// mass = (1 + dt r k) e^{-n phi} (coefficients.y), w_f = dt D_f m_f / h^2 the face weights to the +x, +y
// and +z neighbours (weights.x, .y, .z; 0 on a no-flux face, weights.x of the last column the held face
// x = L, whose u_L goes to the right-hand side). Face x = 0 carries nothing. Symmetric positive definite.
// Needs module-scope `model` (ElectrodepositionParams), `field` (u), `coefficients`, `weights`.

/** Whether cell i lies on the held face x = L (its +x face weight is that face's). */
fn on_held_face(i: u32) -> bool {
  return i % model.shape.x + 1u == model.shape.x;
}

/**
 * sum over the faces of i between two cells of w_f (u_i - u_j): what leaves i through them. Each face's term
 * is the exact negative of its neighbour's, so these exchanges conserve u's sum to the rounding of the sums.
 */
fn interior_outflow(i: u32) -> f32 {
  let nx = model.shape.x;
  let ny = model.shape.y;
  let nz = model.shape.z;
  let layer = nx * ny;
  let ix = i % nx;
  let iy = (i / nx) % ny;
  let iz = i / layer;
  let u = field[i];
  let w = weights[i];
  var out = 0.0;
  if (ix + 1u < nx) { out = out + w.x * (u - field[i + 1u]); }
  if (ix > 0u) { out = out + weights[i - 1u].x * (u - field[i - 1u]); }
  if (ny > 1u) {
    // wrapped neighbours; a no-flux wall's face weight is 0
    let rowStart = i - iy * nx;
    let up = rowStart + ((iy + 1u) % ny) * nx;
    let down = rowStart + ((iy + ny - 1u) % ny) * nx;
    out = out + w.y * (u - field[up]) + weights[down].y * (u - field[down]);
  }
  if (nz > 1u) {
    let layerStart = i - iz * layer;
    let up = layerStart + ((iz + 1u) % nz) * layer;
    let down = layerStart + ((iz + nz - 1u) % nz) * layer;
    out = out + w.z * (u - field[up]) + weights[down].z * (u - field[down]);
  }
  return out;
}

fn transport_apply(i: u32) -> f32 {
  let u = field[i];
  let held = select(0.0, weights[i].x * u, on_held_face(i));
  return coefficients[i].y * u + interior_outflow(i) + held;
}
