// Library: inhomogeneous moduli for the iterative elastic solver (DESIGN.md 3.4). Needs
// `elastic: ElasticParams` and elastic/tensor. Per cell, with composition c and particle indicator psi:
//   w(c)   = c (linear) or p(c) = c^3 (6c^2 - 15c + 10) (smoothstep), the stiffness interpolation
//   C(x)   = psi [C + w(c) (C_lith - C)] + (1 - psi) C_matrix
//   h(c)   = c - cRef (Vegard) or p(c) - p(cRef), the eigenstrain weight
//   and the eigenstress tau*(x) (sigma = C(x) : eps - tau*(x)) by the interface interpolation
//   (ElasticParams.solver.y):
//   0  eigenstrain (Khachaturyan):  eps0(x) = psi h(c) eps00,         tau* = C(x) : eps0(x)
//   1  eigenstress (Voigt-Taylor):  tau* = psi C_p(c) : h(c) eps00,   eps0(x) = C(x)^-1 tau*
//      (each phase keeps its own eigenstress; no stiff shell with a reduced eigenstrain forms across
//      a diffuse interface; docs/elasticity.md "Interfaces")
//   C_p(c) = C + w(c) (C_lith - C) is the particle's stiffness. A void matrix (C_matrix = 0) is allowed:
//   there C(x) = psi C_p, tau* = 0 and eps0 = 0 where psi = 0.
// psi = 1 everywhere when the scene embeds no particle in a matrix.

fn smoothstep5(c: f32) -> f32 {
  let x = clamp(c, 0.0, 1.0);
  return x * x * x * (x * (6.0 * x - 15.0) + 10.0);
}

fn smoothstep5_derivative(c: f32) -> f32 {
  let x = clamp(c, 0.0, 1.0);
  return 30.0 * x * x * (x - 1.0) * (x - 1.0);
}

fn stiffness_weight(c: f32) -> f32 {
  return select(clamp(c, 0.0, 1.0), smoothstep5(c), elastic.mode.x > 0.5);
}

fn stiffness_weight_derivative(c: f32) -> f32 {
  return select(select(0.0, 1.0, c > 0.0 && c < 1.0), smoothstep5_derivative(c), elastic.mode.x > 0.5);
}

fn eigenstrain_weight(c: f32) -> f32 {
  let cRef = elastic.misc.x;
  return select(c - cRef, smoothstep5(c) - smoothstep5(cRef), elastic.mode.x > 0.5);
}

fn eigenstrain_weight_derivative(c: f32) -> f32 {
  return select(1.0, smoothstep5_derivative(c), elastic.mode.x > 0.5);
}

// Row-major 6x6 of the local stiffness (engineering shear), see the header.
fn local_stiffness(c: f32, psi: f32) -> array<f32, 36> {
  var base = array<vec4<f32>, 9>(elastic.c0, elastic.c1, elastic.c2, elastic.c3, elastic.c4, elastic.c5, elastic.c6, elastic.c7, elastic.c8);
  var lith = array<vec4<f32>, 9>(elastic.d0, elastic.d1, elastic.d2, elastic.d3, elastic.d4, elastic.d5, elastic.d6, elastic.d7, elastic.d8);
  var matrix = array<vec4<f32>, 9>(elastic.m0, elastic.m1, elastic.m2, elastic.m3, elastic.m4, elastic.m5, elastic.m6, elastic.m7, elastic.m8);
  let w = stiffness_weight(c);
  var out: array<f32, 36>;
  for (var i = 0u; i < 36u; i = i + 1u) {
    let particle = base[i / 4u][i % 4u] + w * lith[i / 4u][i % 4u];
    out[i] = psi * particle + (1.0 - psi) * matrix[i / 4u][i % 4u];
  }
  return out;
}

// dC/dc = psi w'(c) (C_lith - C)
fn local_stiffness_derivative(c: f32, psi: f32) -> array<f32, 36> {
  var lith = array<vec4<f32>, 9>(elastic.d0, elastic.d1, elastic.d2, elastic.d3, elastic.d4, elastic.d5, elastic.d6, elastic.d7, elastic.d8);
  let dw = psi * stiffness_weight_derivative(c);
  var out: array<f32, 36>;
  for (var i = 0u; i < 36u; i = i + 1u) { out[i] = dw * lith[i / 4u][i % 4u]; }
  return out;
}

// sigma = C : e with a given 6x6 (tensor components in and out)
fn stress_with(cm: array<f32, 36>, e: array<f32, 6>) -> array<f32, 6> {
  var m = cm;
  var strain = e;
  var s: array<f32, 6>;
  for (var r = 0u; r < 6u; r = r + 1u) {
    var acc = 0.0;
    for (var q = 0u; q < 6u; q = q + 1u) { acc = acc + m[r * 6u + q] * select(1.0, 2.0, q >= 3u) * strain[q]; }
    s[r] = acc;
  }
  return s;
}

// The particle's own stiffness C_p(c) (row-major 6x6, engineering shear).
fn particle_stiffness(c: f32) -> array<f32, 36> {
  var base = array<vec4<f32>, 9>(elastic.c0, elastic.c1, elastic.c2, elastic.c3, elastic.c4, elastic.c5, elastic.c6, elastic.c7, elastic.c8);
  var lith = array<vec4<f32>, 9>(elastic.d0, elastic.d1, elastic.d2, elastic.d3, elastic.d4, elastic.d5, elastic.d6, elastic.d7, elastic.d8);
  let w = stiffness_weight(c);
  var out: array<f32, 36>;
  for (var i = 0u; i < 36u; i = i + 1u) { out[i] = base[i / 4u][i % 4u] + w * lith[i / 4u][i % 4u]; }
  return out;
}

fn eigenstress_interpolation() -> bool {
  return elastic.solver.y > 0.5;
}

// Solve M x = b for a 6x6 (row-major, acting on ENGINEERING shear; x in tensor components), Gauss with
// partial pivoting. Only for symmetric positive-definite M (a stiffness with psi > 0).
fn solve_stiffness(m_in: array<f32, 36>, b_in: array<f32, 6>) -> array<f32, 6> {
  var m = m_in;
  var b = b_in;
  for (var col = 0u; col < 6u; col = col + 1u) {
    var pivot = col;
    for (var r = col + 1u; r < 6u; r = r + 1u) {
      if (abs(m[r * 6u + col]) > abs(m[pivot * 6u + col])) { pivot = r; }
    }
    if (pivot != col) {
      for (var k = 0u; k < 6u; k = k + 1u) {
        let t = m[col * 6u + k];
        m[col * 6u + k] = m[pivot * 6u + k];
        m[pivot * 6u + k] = t;
      }
      let tb = b[col];
      b[col] = b[pivot];
      b[pivot] = tb;
    }
    let d = m[col * 6u + col];
    for (var r = col + 1u; r < 6u; r = r + 1u) {
      let f = m[r * 6u + col] / d;
      for (var k = col; k < 6u; k = k + 1u) { m[r * 6u + k] = m[r * 6u + k] - f * m[col * 6u + k]; }
      b[r] = b[r] - f * b[col];
    }
  }
  var x: array<f32, 6>;
  for (var k = 0u; k < 6u; k = k + 1u) {
    let r = 5u - k;
    var acc = b[r];
    for (var q = r + 1u; q < 6u; q = q + 1u) { acc = acc - m[r * 6u + q] * x[q]; }
    x[r] = acc / m[r * 6u + r];
  }
  // engineering -> tensor shear
  x[3] = 0.5 * x[3];
  x[4] = 0.5 * x[4];
  x[5] = 0.5 * x[5];
  return x;
}

// tau*(x): the eigenstress of the cell (see the header)
fn local_eigenstress(c: f32, psi: f32) -> array<f32, 6> {
  var e = eigenstrain();
  let h = eigenstrain_weight(c);
  for (var p = 0u; p < 6u; p = p + 1u) { e[p] = e[p] * h; }
  if (eigenstress_interpolation()) {
    var t = stress_with(particle_stiffness(c), e);
    for (var p = 0u; p < 6u; p = p + 1u) { t[p] = psi * t[p]; }
    return t;
  }
  for (var p = 0u; p < 6u; p = p + 1u) { e[p] = psi * e[p]; }
  return stress_with(local_stiffness(c, psi), e);
}

// d tau*/dc
fn local_eigenstress_derivative(c: f32, psi: f32) -> array<f32, 6> {
  var e = eigenstrain();
  var de = eigenstrain();
  let h = eigenstrain_weight(c);
  let dh = eigenstrain_weight_derivative(c);
  for (var p = 0u; p < 6u; p = p + 1u) { e[p] = e[p] * psi * h; de[p] = de[p] * psi * dh; }
  // both interpolations: psi (dC_p/dc h + C_p h') eps00 for the particle part; Khachaturyan adds the
  // matrix part (1 - psi) C_m psi h' eps00
  let a = stress_with(local_stiffness_derivative(c, psi), e);
  var b = stress_with(local_stiffness(c, psi), de);
  if (eigenstress_interpolation()) { b = stress_with(particle_stiffness(c), de); }
  var out: array<f32, 6>;
  for (var p = 0u; p < 6u; p = p + 1u) { out[p] = select(a[p], a[p] / max(psi, 1e-30), eigenstress_interpolation()) + b[p]; }
  return out;
}

// eps0(x) = C(x)^-1 tau*(x): the cell's eigenstrain (its stress-free strain)
fn local_eigenstrain(c: f32, psi: f32) -> array<f32, 6> {
  var e = eigenstrain();
  let h = eigenstrain_weight(c);
  if (eigenstress_interpolation()) {
    if (psi <= 0.0) { return array<f32, 6>(0.0, 0.0, 0.0, 0.0, 0.0, 0.0); }
    return solve_stiffness(local_stiffness(c, psi), local_eigenstress(c, psi));
  }
  for (var p = 0u; p < 6u; p = p + 1u) { e[p] = e[p] * psi * h; }
  return e;
}
