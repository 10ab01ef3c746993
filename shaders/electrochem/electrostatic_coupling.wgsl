// A charged species in its own field (PFHub benchmark 6; DESIGN.md 3.7), real-space part, after
// bulk_potential.wgsl and the Poisson solve of the same state (src/solver/electrostatics.ts):
//   phi = lift + charge * psi,     eps lap psi = -c (grounded / insulating faces, SpectralPoisson),
//                                  lift harmonic with the held face potentials (electrostaticLift.ts)
//   g  += coupling * phi           (mu = f'(c) - kappa lap c + charge phi, internal units: coupling = charge / e0)
// and, per workgroup, the electrostatic energy of the state, sum of coupling * c * phi / 2 (PFHub's
// f_elec = k c phi / 2), which step_control.wgsl adds to the free energy through its real-space energy
// partials (the channel the iterative elasticity uses; a scene has one or the other).
// With a mobile ion in Boltzmann equilibrium (model.electrostatics.mobileIon; phi from FieldPoisson, passed
// as psi with lift 0 and charge 1) the energy density adds the ion's part of the grand potential,
//   - (q / e0) [ phi e^(-phi/V) / 2 + V (e^(-phi/V) - 1) ]        (mobileCoupling = q / e0; 0 without an ion)
// so that the total is -eps |grad phi|^2 / 2 + rho_fixed phi - q V (e^(-phi/V) - 1) at the solution, up to
// the held faces' terms, as f_elec is without an ion.
// A composition-dependent permittivity eps(c) = atZero + (atOne - atZero) clamp(c, 0, 1) adds
//   g -= permittivitySlope * sensitivity   where 0 < c < 1   (sensitivity = dE/d eps of the solved phi,
// permittivitySlope = eps'(c) / e0): mu = d(charge c phi / 2)/dc at grounded faces (src/solver/electrostatics.ts).
// Bindings: 0 concentration c (read), 1 psi (read), 2 lift (read), 3 potential g (read_write),
//   4 phi (write: the potential in scene units, for outputs), 5 energyPartials (write, .x), 6 params,
//   7 sensitivity (read; psi when permittivitySlope = 0).
// Invariants: one thread per ITEMS cells, as bulk_potential (the same partial count); g changes only by
// the coupling term.

override WORKGROUP_SIZE: u32 = 256u;
override ITEMS: u32 = 4u;

@group(0) @binding(0) var<storage, read> concentration: array<f32>;
@group(0) @binding(1) var<storage, read> psi: array<f32>;
@group(0) @binding(2) var<storage, read> lift: array<f32>;
@group(0) @binding(3) var<storage, read_write> potential: array<f32>;
@group(0) @binding(4) var<storage, read_write> phi: array<f32>;
@group(0) @binding(5) var<storage, read_write> energyPartials: array<vec4<f32>>;
@group(0) @binding(6) var<uniform> params: ElectrostaticParams;
@group(0) @binding(7) var<storage, read> sensitivity: array<f32>;

var<workgroup> shared_energy: array<f32, WORKGROUP_SIZE>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_id) lid3: vec3<u32>, @builtin(workgroup_id) wid3: vec3<u32>,
        @builtin(num_workgroups) nwg: vec3<u32>) {
  let lid = lid3.x;
  let wid = wid3.x + wid3.y * nwg.x;
  var energy = 0.0;
  for (var k = 0u; k < ITEMS; k = k + 1u) {
    let i = (wid * ITEMS + k) * WORKGROUP_SIZE + lid;
    if (i < params.cellCount) {
      let p = lift[i] + params.charge * psi[i];
      phi[i] = p;
      let c = concentration[i];
      let dielectric = select(0.0, params.permittivitySlope * sensitivity[i], c > 0.0 && c < 1.0);
      potential[i] = potential[i] + params.coupling * p - dielectric;
      let boltzmann = exp(clamp(-p / params.thermalVoltage, -60.0, 60.0));
      energy = energy + 0.5 * params.coupling * concentration[i] * p
        - params.mobileCoupling * (0.5 * p * boltzmann + params.thermalVoltage * (boltzmann - 1.0));
    }
  }
  shared_energy[lid] = energy;
  var stride = WORKGROUP_SIZE / 2u;
  loop {
    if (stride == 0u) { break; }
    workgroupBarrier();
    if (lid < stride) { shared_energy[lid] = shared_energy[lid] + shared_energy[lid + stride]; }
    stride = stride / 2u;
  }
  if (lid == 0u) { energyPartials[wid] = vec4<f32>(shared_energy[0], 0.0, 0.0, 0.0); }
}
