// Inhomogeneous elasticity coupled to Cahn-Hilliard (real space, after bulk_potential.wgsl): the
// elastic chemical potential of the converged strain is added to the explicit potential,
//   g(x) += mu_el = dW/dc at fixed eps,  W = 1/2 e : C(x) : e,  e = eps - eps0,  eps0 = C^-1 tau*
//        = -e : (dtau*/dc - dC/dc : eps0) + 1/2 e : dC/dc : e
// (DESIGN.md 3.4; tau*, eps0 and their derivatives from elastic/inhomogeneous for either interface
// interpolation; with the eigenstrain one this is -sigma : psi h'(c) eps00 + 1/2 e : dC/dc : e,
// dC/dc = psi w'(c) (C_lith - C)), and per workgroup the elastic energy density 1/2 sigma : e is summed
// for the free energy (step_control.wgsl). Laminate boundary cells (elastic/inhomogeneous): the two
// layers' energy psi W_p + (1 - psi) W_m and mu_el = psi dW_p/dc at the optimal jump.
// PER_SITE (a CHR particle, src/solver/cahnHilliardReaction.ts): the potential per site of the particle,
// mu_el / psi (the energy of a cell is that of its psi sites: (1/psi) dW/dc, which inside the particle is
// the familiar -sigma : eps00 h'(c), i.e. -Omega sigma_h for a dilatational Vegard strain), is written to
// `potential` instead of being added (zero where psi = 0, which the stepper never reads).
// Bindings: concentration (read), indicator psi (read), strain (read, 6 blocks), potential g
//   (read/write), elasticPartials (write), params (ChParams), elastic (ElasticParams). Internal units.

// #import elastic/tensor
// #import elastic/inhomogeneous
// #import lib/workgroup_reduce

override WORKGROUP_SIZE: u32 = 256u;
override ITEMS: u32 = 4u;
override PER_SITE: bool = false;

@group(0) @binding(0) var<storage, read> concentration: array<f32>;
@group(0) @binding(1) var<storage, read> indicator: array<f32>;
@group(0) @binding(2) var<storage, read> strain: array<f32>;
@group(0) @binding(3) var<storage, read_write> potential: array<f32>;
@group(0) @binding(4) var<storage, read_write> elasticPartials: array<vec4<f32>>;
@group(0) @binding(5) var<uniform> params: ChParams;
@group(0) @binding(6) var<uniform> elastic: ElasticParams;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>, @builtin(workgroup_id) wid3: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let lid = lid3.x;
  let wid = wid3.x + wid3.y * nwg.x;
  let n = params.cellCount;
  var energy = 0.0;
  for (var item = 0u; item < ITEMS; item = item + 1u) {
    let i = (wid * ITEMS + item) * WORKGROUP_SIZE + lid;
    if (i < n) {
      let c = concentration[i];
      let psi = select(1.0, indicator[i], elastic.mode.y > 0.5);
      var total: array<f32, 6>;
      for (var p = 0u; p < 6u; p = p + 1u) { total[p] = strain[p * n + i]; }
      var mu = 0.0;
      if (is_laminate_cell(i, psi)) {
        // envelope theorem: dW/dc = psi dW_p/dc at the optimal jump a
        let cell = laminate_cell(c, psi, interface_normal(i), total, 1.0);
        let dsp = stiffness_apply(local_stiffness_derivative(c, 1.0), cell.elasticP);
        mu = psi * (-eigenstrain_weight_derivative(c) * tensor_contract(cell.sigmaP, eigenstrain()) + 0.5 * tensor_contract(cell.elasticP, dsp));
        energy = energy + 0.5 * (psi * tensor_contract(cell.sigmaP, cell.elasticP) + (1.0 - psi) * tensor_contract(cell.sigmaM, cell.strainM));
      } else {
        var e0 = local_eigenstrain(c, psi);
        var e: array<f32, 6>;
        for (var p = 0u; p < 6u; p = p + 1u) { e[p] = total[p] - e0[p]; }
        let stiffnessDerivative = local_stiffness_derivative(c, psi);
        let sigma = stiffness_apply(local_stiffness(c, psi), e);
        let dsigma = stiffness_apply(stiffnessDerivative, e);
        var drive = local_eigenstress_derivative(c, psi);
        let dC0 = stiffness_apply(stiffnessDerivative, e0);
        for (var p = 0u; p < 6u; p = p + 1u) { drive[p] = drive[p] - dC0[p]; }
        mu = -tensor_contract(e, drive) + 0.5 * tensor_contract(e, dsigma);
        energy = energy + 0.5 * tensor_contract(sigma, e);
      }
      if (PER_SITE) {
        potential[i] = select(0.0, mu / psi, psi > 0.0);
      } else {
        potential[i] = potential[i] + mu;
      }
    }
  }
  let total = workgroup_sum(vec4<f32>(energy, 0.0, 0.0, 0.0), lid).x;
  if (lid == 0u) { elasticPartials[wid] = vec4<f32>(total, 0.0, 0.0, 0.0); }
}
