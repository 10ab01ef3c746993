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
//   2  laminate (rank-one): boundary cells are two layers normal to grad psi with the jump conditions
//      (see the section at the end); pure cells as 1
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

fn particle_base_stiffness() -> Stiffness {
  return stiffness_from_rows(elastic.c0, elastic.c1, elastic.c2, elastic.c3, elastic.c4, elastic.c5, elastic.c6, elastic.c7, elastic.c8);
}

// C_lith - C
fn lithiation_stiffness() -> Stiffness {
  return stiffness_from_rows(elastic.d0, elastic.d1, elastic.d2, elastic.d3, elastic.d4, elastic.d5, elastic.d6, elastic.d7, elastic.d8);
}

fn matrix_stiffness() -> Stiffness {
  return stiffness_from_rows(elastic.m0, elastic.m1, elastic.m2, elastic.m3, elastic.m4, elastic.m5, elastic.m6, elastic.m7, elastic.m8);
}

// The particle's own stiffness C_p(c) = C + w(c) (C_lith - C).
fn particle_stiffness(c: f32) -> Stiffness {
  return stiffness_combine(1.0, particle_base_stiffness(), stiffness_weight(c), lithiation_stiffness());
}

// C(x) = psi C_p(c) + (1 - psi) C_matrix, see the header.
fn local_stiffness(c: f32, psi: f32) -> Stiffness {
  return stiffness_combine(psi, particle_stiffness(c), 1.0 - psi, matrix_stiffness());
}

// dC/dc = psi w'(c) (C_lith - C)
fn local_stiffness_derivative(c: f32, psi: f32) -> Stiffness {
  return stiffness_scale(psi * stiffness_weight_derivative(c), lithiation_stiffness());
}

// eigenstress (1) and laminate (2, whose pure cells are the same) interpolations
fn eigenstress_interpolation() -> bool {
  return elastic.solver.y > 0.5;
}

// tau*(x): the eigenstress of the cell (see the header)
fn local_eigenstress(c: f32, psi: f32) -> array<f32, 6> {
  var e = eigenstrain();
  let h = eigenstrain_weight(c);
  for (var p = 0u; p < 6u; p = p + 1u) { e[p] = e[p] * h; }
  if (eigenstress_interpolation()) {
    var t = stiffness_apply(particle_stiffness(c), e);
    for (var p = 0u; p < 6u; p = p + 1u) { t[p] = psi * t[p]; }
    return t;
  }
  for (var p = 0u; p < 6u; p = p + 1u) { e[p] = psi * e[p]; }
  return stiffness_apply(local_stiffness(c, psi), e);
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
  let a = stiffness_apply(local_stiffness_derivative(c, psi), e);
  var b = stiffness_apply(local_stiffness(c, psi), de);
  if (eigenstress_interpolation()) { b = stiffness_apply(particle_stiffness(c), de); }
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
    return stiffness_solve(local_stiffness(c, psi), local_eigenstress(c, psi));
  }
  for (var p = 0u; p < 6u; p = p + 1u) { e[p] = e[p] * psi * h; }
  return e;
}

// ---- laminate (rank-one) interface homogenisation, ElasticParams.solver.y = 2 -------------------------
// In a boundary cell (0 < psi < 1) the particle (fraction psi, C_p, eigenstrain eps*) and the matrix
// (C_m, no eigenstrain) are layers normal to n = grad psi / |grad psi| (stored after psi in `indicator`:
// indicator[N + 3 i + k]). Strain is continuous along the layers, traction across them (the mechanical
// jump conditions; Schneider, Merkert, Weber & Boehlke, Comput. Mech. 56 (2015) 1017; Chatterjee, Schwen &
// Moelans 2023):
//   eps_p = eps + (1 - psi) sym(a (x) n),   eps_m = eps - psi sym(a (x) n)
//   [(1 - psi) C_p + psi C_m](sym(a (x) n)) n = (C_p eps*) n - ((C_p - C_m) eps) n      (3x3 solve for a)
//   sigma = psi sigma_p + (1 - psi) sigma_m = C_V eps - psi C_p eps* + psi (1 - psi) (C_p - C_m) sym(a (x) n)
// Elsewhere (psi in {0, 1}, or no gradient) it is the Voigt-Taylor cell. The energy is that of the two
// layers, psi W_p(eps_p) + (1 - psi) W_m(eps_m); its c-derivative at fixed eps is psi dW_p/dc (a is optimal).
// Needs `indicator` and `params` (cellCount) in the including kernel.

struct LaminateCell {
  sigma: array<f32, 6>,
  // the particle layer's stress and elastic strain, the matrix layer's stress and strain
  sigmaP: array<f32, 6>,
  elasticP: array<f32, 6>,
  sigmaM: array<f32, 6>,
  strainM: array<f32, 6>,
}

fn laminate_interpolation() -> bool {
  return elastic.solver.y > 1.5;
}

fn interface_normal(i: u32) -> vec3<f32> {
  let n = params.cellCount;
  return vec3<f32>(indicator[n + 3u * i], indicator[n + 3u * i + 1u], indicator[n + 3u * i + 2u]);
}

fn sym_outer(a: vec3<f32>, n: vec3<f32>) -> array<f32, 6> {
  return array<f32, 6>(a.x * n.x, a.y * n.y, a.z * n.z, 0.5 * (a.y * n.z + a.z * n.y), 0.5 * (a.x * n.z + a.z * n.x), 0.5 * (a.x * n.y + a.y * n.x));
}

// The laminate cell for total strain eps, eigenstrain weight scale `eigen` (0: the linear part only).
fn laminate_cell(c: f32, psi: f32, n: vec3<f32>, eps: array<f32, 6>, eigen: f32) -> LaminateCell {
  let cp = particle_stiffness(c);
  let cm = matrix_stiffness();
  var star = eigenstrain();
  let h = eigen * eigenstrain_weight(c);
  for (var p = 0u; p < 6u; p = p + 1u) { star[p] = star[p] * h; }
  let ch = stiffness_combine(1.0 - psi, cp, psi, cm);
  let dc = stiffness_combine(1.0, cp, -1.0, cm);
  // acoustic tensor of ch along n, column by column
  let kmat = mat3x3<f32>(traction_of(stiffness_apply(ch, sym_outer(vec3<f32>(1.0, 0.0, 0.0), n)), n),
                         traction_of(stiffness_apply(ch, sym_outer(vec3<f32>(0.0, 1.0, 0.0), n)), n),
                         traction_of(stiffness_apply(ch, sym_outer(vec3<f32>(0.0, 0.0, 1.0), n)), n));
  let rhs = traction_of(stiffness_apply(cp, star), n) - traction_of(stiffness_apply(dc, eps), n);
  let a = inverse3(kmat) * rhs;
  let jump = sym_outer(a, n);
  var out: LaminateCell;
  var ep: array<f32, 6>;
  for (var p = 0u; p < 6u; p = p + 1u) {
    ep[p] = eps[p] + (1.0 - psi) * jump[p] - star[p];
    out.strainM[p] = eps[p] - psi * jump[p];
  }
  out.elasticP = ep;
  out.sigmaP = stiffness_apply(cp, ep);
  out.sigmaM = stiffness_apply(cm, out.strainM);
  for (var p = 0u; p < 6u; p = p + 1u) { out.sigma[p] = psi * out.sigmaP[p] + (1.0 - psi) * out.sigmaM[p]; }
  return out;
}

fn is_laminate_cell(i: u32, psi: f32) -> bool {
  if (!laminate_interpolation() || psi <= 0.0 || psi >= 1.0) { return false; }
  let n = interface_normal(i);
  return dot(n, n) > 0.5;
}

// sigma = C(x) : eps - tau*(x) of cell i for any interpolation (eigen = 0: the linear part C(x) : eps)
fn cell_stress(c: f32, psi: f32, i: u32, eps: array<f32, 6>, eigen: f32) -> array<f32, 6> {
  if (is_laminate_cell(i, psi)) { return laminate_cell(c, psi, interface_normal(i), eps, eigen).sigma; }
  var s = stiffness_apply(local_stiffness(c, psi), eps);
  if (eigen != 0.0) {
    let t = local_eigenstress(c, psi);
    for (var p = 0u; p < 6u; p = p + 1u) { s[p] = s[p] - eigen * t[p]; }
  }
  return s;
}
