// Library: linear elasticity in Voigt notation for the elastic kernels (DESIGN.md 3.4). Needs
// `elastic: ElasticParams` (src/solver/elasticLayouts.ts): the grid-frame stiffness C as a row-major
// 6x6 in rows c0..c8 (four entries per vec4), Voigt order (xx, yy, zz, yz, xz, xy) acting on
// ENGINEERING shear strains; the eigenstrain of full lithiation eps00 (tensor components); the mean
// elastic strain e = meanOffset + meanSlope * hbar (src/physics/meanStrain.ts).
// Strains and stresses are passed as array<f32, 6> of TENSOR components (xx, yy, zz, yz, xz, xy).

// REFERENCE_MEDIUM: use the iterative solver's reference stiffness C0 (rows r0..r8) instead, e.g. for
// the B(n) table that stabilises the Cahn-Hilliard update with inhomogeneous moduli.
override REFERENCE_MEDIUM: bool = false;

fn stiffness_entry(r: u32, c: u32) -> f32 {
  var rows = array<vec4<f32>, 9>(elastic.c0, elastic.c1, elastic.c2, elastic.c3, elastic.c4, elastic.c5,
                                 elastic.c6, elastic.c7, elastic.c8);
  if (REFERENCE_MEDIUM) {
    rows = array<vec4<f32>, 9>(elastic.r0, elastic.r1, elastic.r2, elastic.r3, elastic.r4, elastic.r5,
                               elastic.r6, elastic.r7, elastic.r8);
  }
  let i = r * 6u + c;
  return rows[i / 4u][i % 4u];
}

// sigma = C : e  (tensor components in and out)
fn stress_of_strain(e: array<f32, 6>) -> array<f32, 6> {
  var strain = e;
  var s: array<f32, 6>;
  for (var r = 0u; r < 6u; r = r + 1u) {
    var acc = 0.0;
    for (var c = 0u; c < 6u; c = c + 1u) {
      acc = acc + stiffness_entry(r, c) * select(1.0, 2.0, c >= 3u) * strain[c];
    }
    s[r] = acc;
  }
  return s;
}

// e : s with tensor components (shears count twice)
fn tensor_contract(a: array<f32, 6>, b: array<f32, 6>) -> f32 {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + 2.0 * (a[3] * b[3] + a[4] * b[4] + a[5] * b[5]);
}

fn eigenstrain() -> array<f32, 6> {
  return array<f32, 6>(elastic.eigen0.x, elastic.eigen0.y, elastic.eigen0.z, elastic.eigen0.w, elastic.eigen1.x, elastic.eigen1.y);
}

// Mean elastic strain at mean eigenstrain weight hbar (the k = 0 mode; boundary condition).
fn mean_elastic_strain(hbar: f32) -> array<f32, 6> {
  let a0 = elastic.meanOffset0 + hbar * elastic.meanSlope0;
  let a1 = elastic.meanOffset1 + hbar * elastic.meanSlope1;
  return array<f32, 6>(a0.x, a0.y, a0.z, a0.w, a1.x, a1.y);
}

// Rows of D(n) (6x3): the engineering strain of a plane-wave displacement a exp(i k.x) is i|k| D(n) a.
fn strain_operator(n: vec3<f32>) -> array<vec3<f32>, 6> {
  return array<vec3<f32>, 6>(
    vec3<f32>(n.x, 0.0, 0.0), vec3<f32>(0.0, n.y, 0.0), vec3<f32>(0.0, 0.0, n.z),
    vec3<f32>(0.0, n.z, n.y), vec3<f32>(n.z, 0.0, n.x), vec3<f32>(n.y, n.x, 0.0));
}

// Khachaturyan's displacement direction v(n) = Omega(n) sigma0 n, with Omega^-1 = D^T C D (the acoustic
// tensor) and sigma0 = C : eps00: the strain fluctuation of a composition mode is
// d eps_hat_ij = 1/2 (n_i v_j + n_j v_i) h_hat. Returns v and, in .w, B(n) = eps00:C:eps00 - (sigma0 n).v.
fn khachaturyan(n: vec3<f32>) -> vec4<f32> {
  var d = strain_operator(n);
  let sigma0 = stress_of_strain(eigenstrain());
  var k = mat3x3<f32>(vec3<f32>(0.0), vec3<f32>(0.0), vec3<f32>(0.0));
  var t = vec3<f32>(0.0);
  var s = sigma0;
  for (var r = 0u; r < 6u; r = r + 1u) {
    var cd = vec3<f32>(0.0);
    for (var c = 0u; c < 6u; c = c + 1u) { cd = cd + stiffness_entry(r, c) * d[c]; }
    // K = D^T (C D): column-major mat3 with K[a][b] = sum_r D_ra (C D)_rb
    k[0] = k[0] + d[r].x * cd;
    k[1] = k[1] + d[r].y * cd;
    k[2] = k[2] + d[r].z * cd;
    t = t + d[r] * s[r];
  }
  // K is symmetric, so row/column order does not matter for the inverse.
  let v = inverse3(k) * t;
  let b = tensor_contract(eigenstrain(), sigma0) - dot(t, v);
  return vec4<f32>(v, b);
}

fn inverse3(m: mat3x3<f32>) -> mat3x3<f32> {
  let a = m[0];
  let b = m[1];
  let c = m[2];
  let r0 = cross(b, c);
  let r1 = cross(c, a);
  let r2 = cross(a, b);
  let det = dot(a, r0);
  return transpose(mat3x3<f32>(r0, r1, r2)) * (1.0 / det);
}
