// CHR particle step, part 1 (smoothed-boundary Cahn-Hilliard with a surface reaction; Yu, Chen &
// Thornton, Modelling Simul. Mater. Sci. Eng. 20 (2012) 075008; DESIGN.md 3.5), real space: the full
// chemical potential of c = u / psi,
//   mu_i = f'(c_i) + [psi_i < gradientThreshold] B (c_i - 1/2) - kappa sum_faces s_ij (c_j - c_i) / h^2 + mu_el_i,
//   s_ij = 1 when psi_i, psi_j lie on the same side of gradientThreshold (0.01), else 0
// a plain (second-order, local) Laplacian cut at the particle's outer tail, rather than
// (kappa / psi) div(psi grad c). Why not the psi-weighted form: it puts a second 1/psi into the explicit
// operator (kappa P^-1 K P^-1 K on c), which no Fourier-diagonal implicit term damps in the steep tail of
// psi (measured: persistent oscillations there and steps capped near 0.05 t0 even without a current).
// The cut is its binary limit: no gradient couples across it, so the particle obeys n . grad c = 0 there
// (no wetting) and the exterior's fictitious sites do not pull on the surface cells (docs/electrochemistry.md,
// CHR numerics 4). B = params.exteriorConvexity makes the exterior's free energy convex (for the regular
// solution the ideal one), so that the exterior follows the surface's mu as one phase instead of splitting
// into step-dependent c ~ 0 and c ~ 1 domains (src/solver/chrExterior.ts).
// mu_el = IFFT[B(n) theta_hat] (chr_elastic_potential.wgsl) when ELASTIC, taken inside the particle
// (psi >= 1/2) and extended outward as the value of the nearest inside cell (`nearestInside`,
// smoothedBoundary.ts). Why: the exterior's sites are fictitious; they only carry c on as a smooth extension
// of the surface value. The coherency potential there (the stress of the surrounding medium) is no smaller
// than inside and of either sign, so the exterior's c followed it instead, to the opposite phase
// (measured: LiFePO4 ellipse, the medium filled to c ~ 1 around a Li-poor particle), and its jump at the
// surface fed the gradient term of the surface cells.
// STRESS_KINETICS (default): the reaction sees the same mu (stress-coupled kinetics: at a surface cell
// mu_el = -Omega sigma_h shifts the overpotential). Off (model.reaction.stressCoupledKinetics false):
// `potential` (what the reaction reads) gets mu - mu_el, `chemicalPotential` (the diffusion) keeps mu_el.
// Per workgroup the statistics of the state the step starts from:
//   cellPartials[wg]     = (sum psi f(c), sum u = psi c, min c, max c over cells with psi >= insideThreshold)
//   gradientPartials[wg] = (sum over the + faces of psi_f (c_j - c_i)^2 / h^2, 0, 0, 0)   (the particle's
//   gradient energy, psi_f the face weight of electrochem/chr_stencil)
// (bulk and gradient energy of the particle, its Li, bounds; acr_step_control.wgsl with CELL_GRADIENT).
// mu is written to `potential` (overwritten by the reaction rate) and to `chemicalPotential` (kept for
// chr_divergence.wgsl), both times OUTPUT_SCALE (1 in the step; the scene's energy-density unit when mu
// is an output field).
// Bindings: concentration c (read), potential (write), chemicalPotential (write), cellPartials,
//   gradientPartials (write), params (ChrParams), indicator psi (read), elasticPotential (read;
//   placeholder unless ELASTIC), nearestInside (read, u32 per cell; placeholder unless ELASTIC).
// Invariants: one thread per ITEMS cells, every cell counted once (same geometry as exchange_sums.wgsl).

// #import ch/free_energy
// #import electrochem/chr_stencil
// #import lib/workgroup_reduce

override WORKGROUP_SIZE: u32 = 256u;
override ITEMS: u32 = 4u;
override ELASTIC: bool = false;
override OUTPUT_SCALE: f32 = 1.0;
override STRESS_KINETICS: bool = true;
const BIG: f32 = 3.0e38;

@group(0) @binding(0) var<storage, read> concentration: array<f32>;
@group(0) @binding(1) var<storage, read_write> potential: array<f32>;
@group(0) @binding(2) var<storage, read_write> chemicalPotential: array<f32>;
@group(0) @binding(3) var<storage, read_write> cellPartials: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> gradientPartials: array<vec4<f32>>;
@group(0) @binding(5) var<uniform> params: ChrParams;
@group(0) @binding(6) var<storage, read> indicator: array<f32>;
@group(0) @binding(7) var<storage, read> elasticPotential: array<f32>;
@group(0) @binding(8) var<storage, read> nearestInside: array<u32>;

// 1 when both cells lie on the same side of the particle's surface psi = gradientThreshold, else 0
fn same_side(a: f32, b: f32) -> f32 {
  return select(0.0, 1.0, (a >= params.gradientThreshold) == (b >= params.gradientThreshold));
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>, @builtin(workgroup_id) wid3: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let lid = lid3.x;
  let wid = wid3.x + wid3.y * nwg.x;
  var rec = vec4<f32>(0.0, 0.0, BIG, -BIG);
  var gradientSum = 0.0;
  for (var k = 0u; k < ITEMS; k = k + 1u) {
    let i = (wid * ITEMS + k) * WORKGROUP_SIZE + lid;
    if (i < params.cellCount) {
      let c = concentration[i];
      let psi = indicator[i];
      var laplacian = 0.0; // sum_faces psi_f (c_j - c_i) / h^2
      for (var axis = 0u; axis < axis_count(); axis = axis + 1u) {
        let h2 = inverse_spacing_squared(axis);
        let up = neighbor(i, axis, true);
        let down = neighbor(i, axis, false);
        let differenceUp = concentration[up] - c;
        laplacian = laplacian + h2 * (same_side(psi, indicator[up]) * differenceUp + same_side(psi, indicator[down]) * (concentration[down] - c));
        gradientSum = gradientSum + h2 * face_weight(psi, indicator[up]) * differenceUp * differenceUp;
      }
      let exterior = select(0.0, params.exteriorConvexity * (c - 0.5), psi < params.gradientThreshold);
      let chemical = bulk_potential(c) + exterior - params.kappa * laplacian;
      var mu = chemical;
      if (ELASTIC) { mu = mu + elasticPotential[nearestInside[i]]; }
      potential[i] = OUTPUT_SCALE * select(chemical, mu, STRESS_KINETICS);
      chemicalPotential[i] = OUTPUT_SCALE * mu;
      var lo = rec.z;
      var hi = rec.w;
      if (psi >= params.insideThreshold) {
        lo = min(lo, c);
        hi = max(hi, c);
      }
      rec = vec4<f32>(rec.x + psi * bulk_energy(c), rec.y + psi * c, lo, hi);
    }
  }
  let cells = workgroup_sum_sum_min_max(rec, lid);
  workgroupBarrier(); // the second reduction reuses the library's scratch that invocation 0 just read
  let gradient = workgroup_sum(vec4<f32>(gradientSum, 0.0, 0.0, 0.0), lid).x;
  if (lid == 0u) {
    cellPartials[wid] = cells;
    gradientPartials[wid] = vec4<f32>(gradient, 0.0, 0.0, 0.0);
  }
}
