// Stress and its invariants from the strain, per cell, on demand (DESIGN.md 3.4):
//   e     = ebar_el(hbar) + d eps(x) - eps00 (h(c(x)) - hbar)        elastic strain (tensor)
//   sigma = C : e
//   sigma_h = tr(sigma) / 3,  sigma_vm = sqrt(3/2 s:s) (s the deviator),  sigma_1 = largest eigenvalue,
//   w = 1/2 sigma : e  (elastic energy density),  hot spot = 1 where the criterion stress exceeds the
//   strength (strength = misc.y > 0; criterion misc.w: 0 = sigma_1 (brittle), 1 = sigma_vm (ductile)).
//   A particle in a matrix (INHOMOGENEOUS, mode.y): cells of the matrix (psi < 1/2, the majority phase)
//   take the matrix's criterion instead (matrixStrength.x > 0, matrixStrength.y as misc.w); none when 0
//   (src/analysis/phaseStrength.ts is the float64 twin and says why the majority phase).
// INHOMOGENEOUS (the iterative solver): fields hold the total strain eps on entry, and
//   sigma = C(x) : eps(x) - tau*(c, psi),  e = eps(x) - eps0(c, psi)      (elastic/inhomogeneous)
// h(c) = c - cRef (Vegard); hbar = mean of h, from the k = 0 mode of c_hat; ebar_el is the mean elastic
// strain of the boundary condition (src/physics/meanStrain.ts). With elastic.mode.w (a CHR particle in a
// liquid: `concentration` is then its eigenstrain field w (c - cbar)) everything is zero where the
// indicator psi < 1/2.
// Bindings: concentration c (read), spectrum c_hat (read, mode 0 only), fields (read/write: 6 blocks
//   of cellCount values, the strain fluctuation on entry and the stress components on exit, order
//   xx, yy, zz, yz, xz, xy), invariants (write: 5 blocks, sigma_vm, sigma_h, sigma_1, w, hot spot), params,
//   elastic. Output is in the scene's stress unit (misc.z = e0 converts from internal units).

// #import elastic/tensor
// #import elastic/inhomogeneous

override WORKGROUP_SIZE: u32 = 256u;
override INHOMOGENEOUS: bool = false;

@group(0) @binding(0) var<storage, read> concentration: array<f32>;
@group(0) @binding(1) var<storage, read> spectrum: array<vec2<f32>>;
@group(0) @binding(2) var<storage, read_write> fields: array<f32>;
@group(0) @binding(3) var<storage, read_write> invariants: array<f32>;
@group(0) @binding(4) var<uniform> params: ChParams;
@group(0) @binding(5) var<uniform> elastic: ElasticParams;
@group(0) @binding(6) var<storage, read> indicator: array<f32>;

// Largest eigenvalue of a symmetric 3x3 (trigonometric form of the cubic's roots; Smith, Comm. ACM 4
// (1961) 168), stable when eigenvalues coincide.
fn max_principal(s: array<f32, 6>) -> f32 {
  let mean = (s[0] + s[1] + s[2]) / 3.0;
  let off = s[3] * s[3] + s[4] * s[4] + s[5] * s[5];
  let a = s[0] - mean;
  let b = s[1] - mean;
  let c = s[2] - mean;
  let p2 = (a * a + b * b + c * c + 2.0 * off) / 6.0;
  if (p2 <= 1e-30 * (mean * mean + 1e-30)) { return mean; }
  let p = sqrt(p2);
  // det((S - mean I) / p) / 2
  let det = (a * (b * c - s[3] * s[3]) - s[5] * (s[5] * c - s[3] * s[4]) + s[4] * (s[5] * s[3] - b * s[4])) / (p2 * p);
  let phi = acos(clamp(0.5 * det, -1.0, 1.0)) / 3.0;
  return mean + 2.0 * p * cos(phi);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * WORKGROUP_SIZE;
  let n = params.cellCount;
  if (i >= n) { return; }
  var e: array<f32, 6>;
  var s: array<f32, 6>;
  var inMatrix = false;
  if (INHOMOGENEOUS) {
    let c = concentration[i];
    let psi = select(1.0, indicator[i], elastic.mode.y > 0.5);
    inMatrix = psi < 0.5;
    var total: array<f32, 6>;
    for (var p = 0u; p < 6u; p = p + 1u) { total[p] = fields[p * n + i]; }
    if (is_laminate_cell(i, psi)) {
      // energy 1/2 sigma : e of the two layers: e carries the layer-weighted elastic strains
      let cell = laminate_cell(c, psi, interface_normal(i), total, 1.0);
      s = cell.sigma;
      let w = psi * tensor_contract(cell.sigmaP, cell.elasticP) + (1.0 - psi) * tensor_contract(cell.sigmaM, cell.strainM);
      // an elastic strain with 1/2 s : e = w (only the energy uses e below)
      let ss = tensor_contract(s, s);
      for (var p = 0u; p < 6u; p = p + 1u) { e[p] = select(0.0, s[p] * w / ss, ss > 0.0); }
    } else {
      var e0 = local_eigenstrain(c, psi);
      for (var p = 0u; p < 6u; p = p + 1u) { e[p] = total[p] - e0[p]; }
      s = cell_stress(c, psi, i, total, 1.0);
    }
  } else {
    let cRef = elastic.misc.x;
    let hbar = spectrum[0].x / f32(n) - cRef;
    let h = concentration[i] - cRef;
    e = mean_elastic_strain(hbar);
    var e00 = eigenstrain();
    for (var p = 0u; p < 6u; p = p + 1u) {
      e[p] = e[p] + fields[p * n + i] - e00[p] * (h - hbar);
    }
    s = stress_of_strain(e);
  }
  // a particle in a liquid (elastic.mode.w): the homogeneous medium outside stands in for nothing
  if (!INHOMOGENEOUS && elastic.mode.w > 0.5 && indicator[i] < 0.5) {
    for (var p = 0u; p < 6u; p = p + 1u) { s[p] = 0.0; e[p] = 0.0; }
  }
  let unit = elastic.misc.z; // internal -> scene stress unit
  for (var p = 0u; p < 6u; p = p + 1u) { fields[p * n + i] = unit * s[p]; }
  let hydro = (s[0] + s[1] + s[2]) / 3.0;
  let d0 = s[0] - hydro;
  let d1 = s[1] - hydro;
  let d2 = s[2] - hydro;
  let vm = sqrt(1.5 * (d0 * d0 + d1 * d1 + d2 * d2 + 2.0 * (s[3] * s[3] + s[4] * s[4] + s[5] * s[5])));
  let sigma1 = max_principal(s);
  invariants[i] = unit * vm;
  invariants[n + i] = unit * hydro;
  invariants[2u * n + i] = unit * sigma1;
  invariants[3u * n + i] = unit * 0.5 * tensor_contract(s, e);
  let strength = select(elastic.misc.y, elastic.matrixStrength.x, inMatrix);
  let criterion = select(sigma1, vm, select(elastic.misc.w, elastic.matrixStrength.y, inMatrix) > 0.5);
  invariants[4u * n + i] = select(0.0, 1.0, strength > 0.0 && criterion > strength);
}
