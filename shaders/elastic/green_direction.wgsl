// Library: the direction n(k) of the periodic Green operator for mode i of the half spectrum
// [nx/2 + 1, ny, nz] (kx fastest), from the per-axis factor table of src/physics/greenOperator.ts:
//   n_j = s_j(m_j) prod_{a != j} c_a(m_a)
// continuous (s = m / L, c = 1: n = k) or Willot's rotated scheme (s = (2/h) sin(th/2), c = cos(th/2)),
// chosen by the table's contents, not by this code. A zero vector means Gamma = 0 for that mode.
// Needs `greenTable: array<vec2<f32>>` (x modes 0..nx/2, then y modes 0..ny-1, then z modes 0..nz-1) and
// `params: ChParams` (shape, spectrumShape).

fn green_direction(i: u32) -> vec3<f32> {
  let hx = params.spectrumShape.x;
  let ny = params.shape.y;
  let fx = greenTable[i % hx];
  let fy = greenTable[hx + (i / hx) % ny];
  let fz = greenTable[hx + ny + i / (hx * ny)];
  return vec3<f32>(fx.x * fy.y * fz.y, fy.x * fx.y * fz.y, fz.x * fx.y * fy.y);
}
