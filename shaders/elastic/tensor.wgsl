// Library: linear elasticity in Voigt notation for the elastic kernels (DESIGN.md 3.4). Needs
// `elastic: ElasticParams` (src/solver/elasticLayouts.ts): the grid-frame stiffness C as a row-major
// 6x6 in rows c0..c8 (four entries per vec4), Voigt order (xx, yy, zz, yz, xz, xy) acting on
// ENGINEERING shear strains; the eigenstrain of full lithiation eps00 (tensor components); the mean
// elastic strain e = meanOffset + meanSlope * hbar (src/physics/meanStrain.ts).
// Strains and stresses are passed as array<f32, 6> of TENSOR components (xx, yy, zz, yz, xz, xy).

// REFERENCE_MEDIUM: use the iterative solver's reference stiffness C0 (rows r0..r8) instead, e.g. for
// the B(n) table that stabilises the Cahn-Hilliard update with inhomogeneous moduli.
override REFERENCE_MEDIUM: bool = false;

// A 6x6 stiffness (Voigt, engineering shear) as four 3x3 blocks acting on the normal strains
// (xx, yy, zz) and the engineering shears (2 yz, 2 xz, 2 xy):
//   sigma_normal = nn n + ns s,   sigma_shear = sn n + ss s.
// Every kernel handles stiffnesses in this form: the blocks live in registers, while a 36-entry array
// indexed in a loop is spilled to memory by software adapters (lavapipe: one gather per lane and entry).
struct Stiffness {
  nn: mat3x3<f32>,
  ns: mat3x3<f32>,
  sn: mat3x3<f32>,
  ss: mat3x3<f32>,
}

// The blocks of a row-major 6x6 stored four entries per vec4 (entry (r, q) at 6 r + q), as ElasticParams
// holds C (c0..c8), C_lith - C (d0..d8), the matrix's C (m0..m8) and the reference medium (r0..r8).
fn stiffness_from_rows(v0: vec4<f32>, v1: vec4<f32>, v2: vec4<f32>, v3: vec4<f32>, v4: vec4<f32>,
                       v5: vec4<f32>, v6: vec4<f32>, v7: vec4<f32>, v8: vec4<f32>) -> Stiffness {
  // mat3x3 takes columns: column q of a block holds rows 0..2 (or 3..5) of the 6x6's column q
  return Stiffness(
    mat3x3<f32>(vec3<f32>(v0.x, v1.z, v3.x), vec3<f32>(v0.y, v1.w, v3.y), vec3<f32>(v0.z, v2.x, v3.z)),
    mat3x3<f32>(vec3<f32>(v0.w, v2.y, v3.w), vec3<f32>(v1.x, v2.z, v4.x), vec3<f32>(v1.y, v2.w, v4.y)),
    mat3x3<f32>(vec3<f32>(v4.z, v6.x, v7.z), vec3<f32>(v4.w, v6.y, v7.w), vec3<f32>(v5.x, v6.z, v8.x)),
    mat3x3<f32>(vec3<f32>(v5.y, v6.w, v8.y), vec3<f32>(v5.z, v7.x, v8.z), vec3<f32>(v5.w, v7.y, v8.w)));
}

// a m + b k
fn stiffness_combine(a: f32, m: Stiffness, b: f32, k: Stiffness) -> Stiffness {
  return Stiffness(a * m.nn + b * k.nn, a * m.ns + b * k.ns, a * m.sn + b * k.sn, a * m.ss + b * k.ss);
}

// a m
fn stiffness_scale(a: f32, m: Stiffness) -> Stiffness {
  return Stiffness(a * m.nn, a * m.ns, a * m.sn, a * m.ss);
}

// sigma = C : e (tensor components in and out)
fn stiffness_apply(m: Stiffness, e: array<f32, 6>) -> array<f32, 6> {
  let normal = vec3<f32>(e[0], e[1], e[2]);
  let shear = 2.0 * vec3<f32>(e[3], e[4], e[5]);
  let sn = m.nn * normal + m.ns * shear;
  let ss = m.sn * normal + m.ss * shear;
  return array<f32, 6>(sn.x, sn.y, sn.z, ss.x, ss.y, ss.z);
}

// e = C^-1 : s (tensor components in and out) for a symmetric positive-definite C, by the Schur
// complement of the normal block: S = ss - sn nn^-1 ns, shear = S^-1 (s_s - sn nn^-1 s_n),
// normal = nn^-1 (s_n - ns shear). C and s are first scaled by 1 / tr(nn), so that a nearly void cell
// (C = psi C_p with psi -> 0) does not underflow the 3x3 determinants; C = 0 gives e = 0.
fn stiffness_solve(c: Stiffness, s: array<f32, 6>) -> array<f32, 6> {
  let trace = c.nn[0][0] + c.nn[1][1] + c.nn[2][2];
  if (!(trace > 0.0)) { return array<f32, 6>(0.0, 0.0, 0.0, 0.0, 0.0, 0.0); }
  let m = stiffness_scale(1.0 / trace, c);
  let sn = vec3<f32>(s[0], s[1], s[2]) / trace;
  let ss = vec3<f32>(s[3], s[4], s[5]) / trace;
  let nnInverse = inverse3(m.nn);
  let schur = m.ss - m.sn * nnInverse * m.ns;
  let shear = inverse3(schur) * (ss - m.sn * (nnInverse * sn));
  let normal = nnInverse * (sn - m.ns * shear);
  return array<f32, 6>(normal.x, normal.y, normal.z, 0.5 * shear.x, 0.5 * shear.y, 0.5 * shear.z);
}

// The grid-frame stiffness C (or, with REFERENCE_MEDIUM, the reference C0).
fn tensor_stiffness() -> Stiffness {
  if (REFERENCE_MEDIUM) {
    return stiffness_from_rows(elastic.r0, elastic.r1, elastic.r2, elastic.r3, elastic.r4, elastic.r5, elastic.r6, elastic.r7, elastic.r8);
  }
  return stiffness_from_rows(elastic.c0, elastic.c1, elastic.c2, elastic.c3, elastic.c4, elastic.c5, elastic.c6, elastic.c7, elastic.c8);
}

// sigma = C : e  (tensor components in and out)
fn stress_of_strain(e: array<f32, 6>) -> array<f32, 6> {
  return stiffness_apply(tensor_stiffness(), e);
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
  let sigma0 = stress_of_strain(eigenstrain());
  let t = traction_of(sigma0, n);
  // K is symmetric, so row/column order does not matter for the inverse.
  let v = inverse3(acoustic_tensor(tensor_stiffness(), n)) * t;
  let b = tensor_contract(eigenstrain(), sigma0) - dot(t, v);
  return vec4<f32>(v, b);
}

// D(n) of strain_operator in two symmetric 3x3 blocks: the normal rows diag(n) and the engineering-shear
// rows [[0, nz, ny], [nz, 0, nx], [ny, nx, 0]].
fn strain_operator_normal(n: vec3<f32>) -> mat3x3<f32> {
  return mat3x3<f32>(vec3<f32>(n.x, 0.0, 0.0), vec3<f32>(0.0, n.y, 0.0), vec3<f32>(0.0, 0.0, n.z));
}

fn strain_operator_shear(n: vec3<f32>) -> mat3x3<f32> {
  return mat3x3<f32>(vec3<f32>(0.0, n.z, n.y), vec3<f32>(n.z, 0.0, n.x), vec3<f32>(n.y, n.x, 0.0));
}

// The acoustic tensor K(n) = D(n)^T C D(n) (symmetric).
fn acoustic_tensor(m: Stiffness, n: vec3<f32>) -> mat3x3<f32> {
  let dn = strain_operator_normal(n);
  let ds = strain_operator_shear(n);
  return dn * (m.nn * dn + m.ns * ds) + ds * (m.sn * dn + m.ss * ds);
}

// The traction sigma n = D(n)^T sigma of a stress in tensor components.
fn traction_of(s: array<f32, 6>, n: vec3<f32>) -> vec3<f32> {
  return strain_operator_normal(n) * vec3<f32>(s[0], s[1], s[2]) + strain_operator_shear(n) * vec3<f32>(s[3], s[4], s[5]);
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
