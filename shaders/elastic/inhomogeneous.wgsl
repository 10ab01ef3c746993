// Library: inhomogeneous moduli for the iterative elastic solver (DESIGN.md 3.4). Needs
// `elastic: ElasticParams` and elastic/tensor. Per cell, with composition c and particle indicator psi:
//   w(c)   = c (linear) or p(c) = c^3 (6c^2 - 15c + 10) (smoothstep), the stiffness interpolation
//   C(x)   = psi [C + w(c) (C_lith - C)] + (1 - psi) C_matrix
//   h(c)   = c - cRef (Vegard) or p(c) - p(cRef), the eigenstrain weight
//   eps0(x) = psi h(c) eps00
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

fn local_eigenstrain(c: f32, psi: f32) -> array<f32, 6> {
  var e = eigenstrain();
  let h = psi * eigenstrain_weight(c);
  for (var p = 0u; p < 6u; p = p + 1u) { e[p] = e[p] * h; }
  return e;
}
