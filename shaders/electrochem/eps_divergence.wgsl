// Library: the conservative finite-volume divergence div_h(eps grad_h u) at cell i of a cell-centred
// grid (src/solver/fieldPoisson.ts; float64 twin src/solver/fieldPoissonReference.ts):
//   sum over axes a of (1 / h_a^2) [ e+ (u+ - u_i) - e- (u_i - u-) ]
// with e+-, the permittivity of the face, the harmonic mean 2 e_i e_j / (e_i + e_j) of the two cells
// (the exact flux through a layered medium). Faces of the box by params.basis per axis:
//   0 periodic: the neighbour across the box;  1 insulating (noFlux): no flux;
//   2 held (fixed): the face value g sits h / 2 from the cell centre, flux 2 e_i (g - u_i) / h,
//     g from faceValues when `held` is true, else 0 (the homogeneous operator of the Newton / CG systems).
// Needs module-scope `params` (FieldPoissonParams), `field` (u), `permittivity`, `faceValues`.

fn cell_coordinates(i: u32) -> vec3<u32> {
  let s = params.shape;
  return vec3<u32>(i % s.x, (i / s.x) % s.y, i / (s.x * s.y));
}

fn face_permittivity(a: f32, b: f32) -> f32 {
  return 2.0 * a * b / (a + b);
}

// Held value on face `side` (0 low, 1 high) of axis `axis` next to cell c (faces x fastest over the other axes).
fn face_value(axis: u32, side: u32, c: vec3<u32>) -> f32 {
  let s = params.shape;
  var index = c.x + s.x * c.y;
  if (axis == 0u) { index = c.y + s.y * c.z; } else if (axis == 1u) { index = c.x + s.x * c.z; }
  var offset = params.faceOffsetsZ[side];
  if (axis < 2u) { offset = params.faceOffsets[2u * axis + side]; }
  return faceValues[offset + index];
}

const ACROSS_INSULATING: u32 = 0xffffffffu;
const ACROSS_HELD: u32 = 0xfffffffeu;

// The cell across face `side` (0 low, 1 high) of axis `a` from cell i at coordinates c: its index (the
// neighbour, or the opposite end of a periodic axis), ACROSS_INSULATING or ACROSS_HELD at a wall.
fn across(i: u32, c: vec3<u32>, a: u32, side: u32) -> u32 {
  let s = params.shape;
  let n = s[a];
  var stride = 1u;
  if (a == 1u) { stride = s.x; } else if (a == 2u) { stride = s.x * s.y; }
  if (select(c[a] + 1u < n, c[a] > 0u, side == 0u)) { return select(i + stride, i - stride, side == 0u); }
  if (params.basis[a] == 0u) { return select(i - (n - 1u) * stride, i + (n - 1u) * stride, side == 0u); }
  if (params.basis[a] == 1u) { return ACROSS_INSULATING; }
  return ACROSS_HELD;
}

fn eps_divergence(i: u32, held: bool) -> f32 {
  let c = cell_coordinates(i);
  let e = permittivity[i];
  let u = field[i];
  let dims = select(2u, 3u, params.shape.z > 1u);
  var sum = 0.0;
  for (var a = 0u; a < dims; a = a + 1u) {
    var terms = 0.0;
    for (var side = 0u; side < 2u; side = side + 1u) {
      let j = across(i, c, a, side);
      if (j == ACROSS_INSULATING) { continue; }
      if (j == ACROSS_HELD) {
        terms = terms + 2.0 * e * (select(0.0, face_value(a, side, c), held) - u);
      } else {
        terms = terms + face_permittivity(e, permittivity[j]) * (field[j] - u);
      }
    }
    sum = sum + terms * params.inverseSpacing2[a];
  }
  return sum;
}

// dE/d eps_i of the field energy whose gradient in u is -eps_divergence (held faces with their values):
//   E = (1/2) sum_a (1/h_a^2) [ sum over inner faces e_f (u_j - u_i)^2 + sum over held faces 2 e_i (g - u_i)^2 ],
//   d e_f / d e_i = 2 e_j^2 / (e_i + e_j)^2.
// A composition-dependent permittivity adds -eps'(c) eps_sensitivity to the chemical potential
// (src/solver/fieldPoissonReference.ts permittivitySensitivity, its float64 twin, derives it).
fn eps_sensitivity(i: u32) -> f32 {
  let c = cell_coordinates(i);
  let e = permittivity[i];
  let u = field[i];
  let dims = select(2u, 3u, params.shape.z > 1u);
  var sum = 0.0;
  for (var a = 0u; a < dims; a = a + 1u) {
    var terms = 0.0;
    for (var side = 0u; side < 2u; side = side + 1u) {
      let j = across(i, c, a, side);
      if (j == ACROSS_INSULATING) { continue; }
      if (j == ACROSS_HELD) {
        let d = face_value(a, side, c) - u;
        terms = terms + 2.0 * d * d;
      } else {
        let ej = permittivity[j];
        let d = field[j] - u;
        terms = terms + 2.0 * ej * ej / ((e + ej) * (e + ej)) * d * d;
      }
    }
    sum = sum + 0.5 * terms * params.inverseSpacing2[a];
  }
  return sum;
}
